import { RESOURCE_TYPES } from '@ha-posture/plugin-ha-posture-node';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@internal/ha-test-backend';

const RBAC_FILES = [
  'ha-posture-reader.yaml',
  'ha-posture-reader-openshift.yaml',
].map(name => path.join(REPO_ROOT, 'examples/rbac', name));

type Rule = {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
};

/** group/resource pairs a role grants (with the verbs), for set comparison. */
function grants(
  rules: Rule[],
): Map<string, { verbs: string[]; resourceNames?: string[] }> {
  const out = new Map();
  for (const rule of rules) {
    for (const group of rule.apiGroups) {
      for (const resource of rule.resources) {
        out.set(`${resource}${group ? `.${group}` : ''}`, {
          verbs: [...rule.verbs].sort(),
          resourceNames: rule.resourceNames,
        });
      }
    }
  }
  return out;
}

describe('examples/rbac/ha-posture-reader.yaml (+ -openshift.yaml)', () => {
  // The OpenShift file holds only the Role of an OpenShift namespace; both together grant what the collector reads.
  const docs = RBAC_FILES.flatMap(file =>
    parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJSON()),
  );
  const clusterRole = docs.find(d => d.kind === 'ClusterRole');
  const roles = docs.filter(d => d.kind === 'Role');
  const roleIn = (namespace: string) =>
    roles.find(r => r.metadata.namespace === namespace);
  /** Namespace → the keys of the types the collector lists there (their own and optional namespaces). */
  const readByNamespace = new Map<string, string[]>();
  for (const t of RESOURCE_TYPES) {
    for (const ns of t.namespace
      ? [t.namespace, ...(t.optionalNamespaces ?? [])]
      : []) {
      readByNamespace.set(ns, [...(readByNamespace.get(ns) ?? []), t.key]);
    }
  }

  it('grants exactly the kinds the collector reads, read-only', () => {
    // Plus configmaps: cluster-autoscaler writes its status report in the namespace of its
    // --namespace flag, and the collector GETs it there (named below).
    const expectedCluster = [
      ...RESOURCE_TYPES.filter(t => !t.namespace).map(t => t.key),
      'configmaps',
    ].sort();
    expect([...grants(clusterRole.rules).keys()].sort()).toEqual(
      expectedCluster,
    );
    // One Role in each namespace the collector lists in, granting exactly what it reads there.
    expect(roles.map(r => r.metadata.namespace).sort()).toEqual(
      [...readByNamespace.keys()].sort(),
    );
    for (const [namespace, keys] of readByNamespace) {
      expect([...grants(roleIn(namespace).rules).keys()].sort()).toEqual(
        [...keys].sort(),
      );
    }
    expect(readByNamespace.get('openshift-kube-scheduler')).toEqual([
      'leases.coordination.k8s.io',
    ]);
    for (const grant of [
      ...grants(clusterRole.rules).values(),
      ...grants(roleIn('kube-system').rules).values(),
      ...grants(roleIn('openshift-kube-scheduler').rules).values(),
    ].filter(g => !g.resourceNames)) {
      expect(grant.verbs).toEqual(['get', 'list', 'watch']);
    }
    // Named ConfigMaps only, get only: kubeadm's configuration in kube-system, the cluster
    // autoscaler's status report and istiod's MeshConfig in any namespace.
    expect(grants(roleIn('kube-system').rules).get('configmaps')).toEqual({
      verbs: ['get'],
      resourceNames: ['kubeadm-config'],
    });
    expect(grants(clusterRole.rules).get('configmaps')).toEqual({
      verbs: ['get'],
      resourceNames: ['cluster-autoscaler-status', 'istio'],
    });
  });

  it('binds every Role to the reader ServiceAccount in its own namespace', () => {
    const bindings = docs.filter(d => d.kind === 'RoleBinding');
    expect(bindings.map(b => b.metadata.namespace).sort()).toEqual(
      roles.map(r => r.metadata.namespace).sort(),
    );
    for (const b of bindings) {
      expect(b.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Role',
        name: roleIn(b.metadata.namespace).metadata.name,
      });
      expect(b.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: 'ha-posture-reader',
          namespace: 'kube-system',
        },
      ]);
    }
  });

  it('keeps the OpenShift namespace out of the file every cluster applies', () => {
    const main = parseAllDocuments(fs.readFileSync(RBAC_FILES[0], 'utf8')).map(
      d => d.toJSON(),
    );
    expect(
      main.filter(d => d.metadata?.namespace === 'openshift-kube-scheduler'),
    ).toEqual([]);
  });

  it('never grants Secrets or wildcards', () => {
    for (const doc of docs.filter(d => d.rules)) {
      for (const rule of doc.rules as Rule[]) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
        expect(rule.apiGroups).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        for (const verb of rule.verbs)
          expect(['get', 'list', 'watch']).toContain(verb);
      }
    }
  });
});
