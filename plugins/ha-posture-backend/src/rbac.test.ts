import { RESOURCE_TYPES } from '@ha-posture/plugin-ha-posture-node';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '@internal/ha-test-backend';

const RBAC_FILE = path.join(REPO_ROOT, 'examples/rbac/ha-posture-reader.yaml');

type Rule = { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] };

/** group/resource pairs a role grants (with the verbs), for set comparison. */
function grants(rules: Rule[]): Map<string, { verbs: string[]; resourceNames?: string[] }> {
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

describe('examples/rbac/ha-posture-reader.yaml', () => {
  const docs = parseAllDocuments(fs.readFileSync(RBAC_FILE, 'utf8')).map(d => d.toJSON());
  const clusterRole = docs.find(d => d.kind === 'ClusterRole');
  const role = docs.find(d => d.kind === 'Role');

  it('grants exactly the kinds the collector reads, read-only', () => {
    const expectedCluster = RESOURCE_TYPES.filter(t => !t.namespace).map(t => t.key).sort();
    const expectedNamespaced = RESOURCE_TYPES.filter(t => t.namespace).map(t => t.key).sort();
    expect([...grants(clusterRole.rules).keys()].sort()).toEqual(expectedCluster);
    expect([...grants(role.rules).keys()].sort()).toEqual(expectedNamespaced);
    for (const t of RESOURCE_TYPES.filter(r => r.namespace)) {
      expect(role.metadata.namespace).toBe(t.namespace);
    }
    for (const grant of grants(clusterRole.rules).values()) {
      expect(grant.verbs).toEqual(['get', 'list', 'watch']);
    }
    const kubeadmConfig = grants(role.rules).get('configmaps');
    expect(kubeadmConfig).toEqual({ verbs: ['get'], resourceNames: ['kubeadm-config'] });
  });

  it('never grants Secrets or wildcards', () => {
    for (const doc of docs.filter(d => d.rules)) {
      for (const rule of doc.rules as Rule[]) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('*');
        expect(rule.apiGroups).not.toContain('*');
        expect(rule.verbs).not.toContain('*');
        for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
      }
    }
  });
});
