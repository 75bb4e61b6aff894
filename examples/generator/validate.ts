/**
 * Consistency checks for the generated examples. Exits non-zero on any problem.
 *
 *   node_modules/.bin/tsx examples/generator/validate.ts
 *
 * - every file parses; every object has apiVersion/kind/metadata(name, uid,
 *   creationTimestamp, labels), a namespace iff namespaced, in an existing Namespace;
 *   no Secret; unique uids and names
 * - every ownerReference resolves (uid, kind, name); every custom kind has a served CRD
 * - pods: nodeName is a real node (Pending ⇔ no nodeName), created after their node,
 *   priorityClassName exists
 * - Deployment/ReplicaSet/StatefulSet/DaemonSet status counters match their pods
 * - PVC ↔ PV binding (volumeName, claimRef uid, StorageClass), PV affinity fits the node
 * - PDB status recomputed; HPA target and bounds; EndpointSlices match ready pods
 * - Ingress backends and classes exist; catalog entities match labelled objects
 * - regenerating into a temporary directory yields byte-identical files
 * - the object-count table in examples/clusters/README.md matches the dumps
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { generateAll } from './build';
import { countsTable, END, START } from './readme';
import { isClusterScoped } from './lib/cluster';
import { matches, matchesMap } from './lib/selectors';

type Obj = Record<string, any>;
const examples = path.resolve(__dirname, '..');
const clustersDir = path.join(examples, 'clusters');
const errors: string[] = [];
const err = (msg: string) => errors.push(msg);

const BUILTIN_GROUPS = new Set([
  '',
  'apps',
  'autoscaling',
  'batch',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'admissionregistration.k8s.io',
]);
const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
const versionOf = (apiVersion: string) => apiVersion.split('/').pop()!;
const ready = (p: Obj) =>
  (p.status?.conditions ?? []).some(
    (c: Obj) => c.type === 'Ready' && c.status === 'True',
  );
const controllerOf = (o: Obj) =>
  (o.metadata.ownerReferences ?? []).find((r: Obj) => r.controller);

function loadCluster(name: string): Obj[] {
  const dir = path.join(clustersDir, name);
  const objs: Obj[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.yaml')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const docs = YAML.parseAllDocuments(text);
    for (const d of docs) {
      if (d.errors.length) {
        err(`${name}/${f}: ${d.errors[0].message}`);
        continue;
      }
      const v = d.toJS();
      if (v?.kind !== 'List' || !Array.isArray(v.items)) {
        err(`${name}/${f}: not a kind: List document`);
        continue;
      }
      objs.push(...v.items.map((o: Obj) => Object.assign(o, { __file: f })));
    }
  }
  return objs;
}

function checkCluster(name: string, objs: Obj[]): void {
  const where = (o: Obj) =>
    `${name}: ${o.kind} ${
      o.metadata?.namespace ? `${o.metadata.namespace}/` : ''
    }${o.metadata?.name}`;
  const byKey = new Map<string, Obj>();
  const byUid = new Map<string, Obj>();
  const key = (kind: string, ns: string | undefined, n: string) =>
    `${kind}/${ns ?? ''}/${n}`;
  const get = (kind: string, ns: string | undefined, n: string) =>
    byKey.get(key(kind, ns, n));
  const list = (kind: string, ns?: string) =>
    objs.filter(
      o => o.kind === kind && (ns === undefined || o.metadata.namespace === ns),
    );

  // Shape, scope and uniqueness.
  for (const o of objs) {
    const m = o.metadata;
    if (
      !o.apiVersion ||
      !o.kind ||
      !m?.name ||
      !m.uid ||
      !m.creationTimestamp ||
      typeof m.labels !== 'object' ||
      m.labels === null
    ) {
      err(
        `${where(
          o,
        )}: missing apiVersion/kind/name/uid/creationTimestamp/labels`,
      );
      continue;
    }
    if (o.kind === 'Secret') err(`${where(o)}: Secrets must never be dumped`);
    if (
      isClusterScoped(o.kind) === Boolean(m.namespace) &&
      BUILTIN_GROUPS.has(groupOf(o.apiVersion))
    )
      err(`${where(o)}: wrong scope`);
    const k = key(o.kind, m.namespace, m.name);
    if (byKey.has(k)) err(`${where(o)}: duplicate`);
    byKey.set(k, o);
    if (byUid.has(m.uid)) err(`${where(o)}: duplicate uid ${m.uid}`);
    byUid.set(m.uid, o);
    if (Number.isNaN(Date.parse(m.creationTimestamp)))
      err(`${where(o)}: bad creationTimestamp`);
  }
  for (const o of objs) {
    if (
      o.metadata.namespace &&
      !get('Namespace', undefined, o.metadata.namespace)
    )
      err(`${where(o)}: namespace does not exist`);
    const expectedFile =
      o.kind === 'Node'
        ? 'nodes.yaml'
        : o.kind === 'CustomResourceDefinition'
        ? 'crds.yaml'
        : null;
    if (expectedFile && o.__file !== expectedFile)
      err(`${where(o)}: expected in ${expectedFile}`);
  }

  // CRDs for every custom kind.
  const crds = list('CustomResourceDefinition');
  for (const o of objs) {
    const g = groupOf(o.apiVersion);
    if (BUILTIN_GROUPS.has(g)) continue;
    const crd = crds.find(
      c => c.spec.group === g && c.spec.names.kind === o.kind,
    );
    if (!crd) err(`${where(o)}: no CRD for ${g}/${o.kind}`);
    else {
      if (
        !crd.spec.versions.some(
          (v: Obj) => v.name === versionOf(o.apiVersion) && v.served,
        )
      )
        err(`${where(o)}: CRD does not serve ${o.apiVersion}`);
      if ((crd.spec.scope === 'Namespaced') !== Boolean(o.metadata.namespace))
        err(`${where(o)}: scope differs from its CRD`);
    }
  }
  for (const crd of crds) {
    const s = crd.spec;
    if (crd.metadata.name !== `${s.names.plural}.${s.group}`)
      err(`${where(crd)}: name must be <plural>.<group>`);
    if (
      !s.names.singular ||
      !s.names.kind ||
      !s.scope ||
      !s.versions?.some((v: Obj) => v.served && v.storage)
    )
      err(`${where(crd)}: incomplete spec`);
  }

  // Owner references.
  for (const o of objs) {
    for (const r of o.metadata.ownerReferences ?? []) {
      const owner = byUid.get(r.uid);
      if (!owner)
        err(
          `${where(o)}: ownerReference uid ${r.uid} (${r.kind}/${
            r.name
          }) not found`,
        );
      else if (
        owner.kind !== r.kind ||
        owner.metadata.name !== r.name ||
        owner.apiVersion !== r.apiVersion
      )
        err(`${where(o)}: ownerReference does not match ${where(owner)}`);
      else if (
        owner.metadata.namespace &&
        owner.metadata.namespace !== o.metadata.namespace
      )
        err(`${where(o)}: owner in another namespace`);
      else if (
        Date.parse(owner.metadata.creationTimestamp) >
        Date.parse(o.metadata.creationTimestamp)
      )
        err(`${where(o)}: created before its owner`);
    }
  }

  // Pods.
  const nodes = new Map(list('Node').map(n => [n.metadata.name, n]));
  const zoneOf = (n: string) =>
    nodes.get(n)?.metadata.labels['topology.kubernetes.io/zone'];
  for (const p of list('Pod')) {
    const nn = p.spec.nodeName;
    if (p.status.phase === 'Pending') {
      if (nn) err(`${where(p)}: Pending pods are not bound to a node here`);
    } else if (!nn || !nodes.has(nn))
      err(`${where(p)}: nodeName ${nn} is not a node`);
    else {
      if (
        Date.parse(p.metadata.creationTimestamp) <
        Date.parse(nodes.get(nn)!.metadata.creationTimestamp)
      )
        err(`${where(p)}: created before its node`);
      if (
        !p.status.podIP ||
        p.status.hostIP !==
          nodes
            .get(nn)!
            .status.addresses.find((a: Obj) => a.type === 'InternalIP').address
      )
        err(`${where(p)}: podIP/hostIP inconsistent`);
      const nodeReady =
        nodes.get(nn)!.status.conditions.find((c: Obj) => c.type === 'Ready')
          .status === 'True';
      if (nodeReady !== ready(p))
        err(`${where(p)}: readiness differs from its node's`);
    }
    if (
      p.spec.priorityClassName &&
      !get('PriorityClass', undefined, p.spec.priorityClassName)
    )
      err(`${where(p)}: unknown PriorityClass`);
    if (
      p.metadata.annotations?.['kubernetes.io/config.mirror'] &&
      controllerOf(p)?.kind !== 'Node'
    )
      err(`${where(p)}: mirror pod must be owned by its Node`);
    for (const v of p.spec.volumes ?? []) {
      if (
        v.persistentVolumeClaim &&
        !get(
          'PersistentVolumeClaim',
          p.metadata.namespace,
          v.persistentVolumeClaim.claimName,
        )
      )
        err(`${where(p)}: PVC ${v.persistentVolumeClaim.claimName} missing`);
    }
  }
  const ips = new Map<string, string>();
  for (const p of list('Pod')) {
    const ip = p.status.podIP;
    if (
      !ip ||
      p.spec.hostNetwork ||
      nodes.get(p.spec.nodeName)?.metadata.labels[
        'eks.amazonaws.com/compute-type'
      ] === 'fargate'
    )
      continue;
    if (ips.has(ip))
      err(`${where(p)}: podIP ${ip} also used by ${ips.get(ip)}`);
    ips.set(ip, p.metadata.name);
  }
  const clusterIPs = new Map<string, string>();
  for (const svc of list('Service')) {
    const ip = svc.spec.clusterIP;
    if (ip === 'None') continue;
    if (clusterIPs.has(ip))
      err(`${where(svc)}: clusterIP ${ip} also used by ${clusterIPs.get(ip)}`);
    clusterIPs.set(ip, svc.metadata.name);
  }
  const podsOwnedBy = (o: Obj) =>
    list('Pod', o.metadata.namespace).filter(
      p => controllerOf(p)?.uid === o.metadata.uid,
    );
  const n0 = (v: number | undefined) => v ?? 0;

  // ReplicaSets and Deployments.
  for (const rs of list('ReplicaSet')) {
    const pods = podsOwnedBy(rs);
    const hash = rs.metadata.labels['pod-template-hash'];
    if (!hash) err(`${where(rs)}: no pod-template-hash`);
    if (
      pods.length !== rs.spec.replicas ||
      n0(rs.status.replicas) !== pods.length ||
      n0(rs.status.readyReplicas) !== pods.filter(ready).length
    )
      err(`${where(rs)}: status/pods mismatch`);
    for (const p of pods) {
      if (
        !p.metadata.name.startsWith(`${rs.metadata.name}-`) ||
        p.metadata.labels['pod-template-hash'] !== hash ||
        !matches(rs.spec.selector, p.metadata.labels)
      )
        err(`${where(p)}: does not fit its ReplicaSet`);
    }
  }
  for (const d of list('Deployment')) {
    const rss = list('ReplicaSet', d.metadata.namespace).filter(
      rs => controllerOf(rs)?.uid === d.metadata.uid,
    );
    const rev = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
    const current = rss.find(
      rs =>
        rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === rev,
    );
    if (!current) {
      err(`${where(d)}: no current ReplicaSet`);
      continue;
    }
    if (
      current.metadata.name !==
      `${d.metadata.name}-${current.metadata.labels['pod-template-hash']}`
    )
      err(`${where(current)}: name is not <deployment>-<hash>`);
    const pods = rss.flatMap(podsOwnedBy);
    const r = pods.filter(ready).length;
    const s = d.status;
    if (
      current.spec.replicas !== d.spec.replicas ||
      n0(s.replicas) !== pods.length ||
      n0(s.readyReplicas) !== r ||
      n0(s.availableReplicas) !== r ||
      n0(s.updatedReplicas) !== podsOwnedBy(current).length ||
      n0(s.unavailableReplicas) !== d.spec.replicas - r
    )
      err(`${where(d)}: status does not match its pods`);
    for (const p of pods)
      if (!matches(d.spec.selector, p.metadata.labels))
        err(`${where(p)}: not selected by its Deployment`);
    const bid = d.metadata.labels['backstage.io/kubernetes-id'];
    if (
      bid &&
      pods.some(p => p.metadata.labels['backstage.io/kubernetes-id'] !== bid)
    )
      err(`${where(d)}: pods lack its backstage.io/kubernetes-id`);
  }

  // StatefulSets and their claims.
  for (const sts of list('StatefulSet')) {
    const pods = podsOwnedBy(sts);
    const names = pods.map(p => p.metadata.name).sort();
    const want = Array.from(
      { length: sts.spec.replicas },
      (_, i) => `${sts.metadata.name}-${i}`,
    ).sort();
    if (JSON.stringify(names) !== JSON.stringify(want))
      err(`${where(sts)}: pods ${names} != ${want}`);
    const r = pods.filter(ready).length;
    if (
      n0(sts.status.replicas) !== pods.length ||
      n0(sts.status.readyReplicas) !== r ||
      n0(sts.status.availableReplicas) !== r
    )
      err(`${where(sts)}: status does not match its pods`);
    for (const t of sts.spec.volumeClaimTemplates ?? []) {
      for (const p of pods) {
        const pvc = get(
          'PersistentVolumeClaim',
          sts.metadata.namespace,
          `${t.metadata.name}-${p.metadata.name}`,
        );
        if (!pvc)
          err(
            `${where(p)}: claim ${t.metadata.name}-${p.metadata.name} missing`,
          );
        else if (
          !(p.spec.volumes ?? []).some(
            (v: Obj) =>
              v.persistentVolumeClaim?.claimName === pvc.metadata.name,
          )
        )
          err(`${where(p)}: does not mount ${pvc.metadata.name}`);
      }
    }
  }

  // DaemonSets.
  for (const ds of list('DaemonSet')) {
    const pods = podsOwnedBy(ds);
    const r = pods.filter(ready).length;
    const s = ds.status;
    if (
      s.desiredNumberScheduled !== pods.length ||
      s.currentNumberScheduled !== pods.length ||
      s.numberReady !== r ||
      s.numberAvailable !== r ||
      n0(s.numberUnavailable) !== pods.length - r
    )
      err(`${where(ds)}: status does not match its pods`);
    const onNodes = new Set(pods.map(p => p.spec.nodeName));
    if (onNodes.size !== pods.length) err(`${where(ds)}: two pods on one node`);
    // Eligibility: nodeSelector / required node affinity / taints must agree with where the pods are.
    for (const [nn, node] of nodes) {
      const eligible = daemonEligible(ds, node);
      if (eligible !== onNodes.has(nn))
        err(
          `${where(ds)}: node ${nn} is ${
            eligible ? 'eligible but has no pod' : 'not eligible but has a pod'
          }`,
        );
    }
  }

  // Volumes.
  for (const pvc of list('PersistentVolumeClaim')) {
    const pv = get('PersistentVolume', undefined, pvc.spec.volumeName);
    if (!pv) {
      err(`${where(pvc)}: volume ${pvc.spec.volumeName} missing`);
      continue;
    }
    if (pv.spec.claimRef?.uid !== pvc.metadata.uid)
      err(`${where(pv)}: claimRef does not point back`);
    if (!get('StorageClass', undefined, pvc.spec.storageClassName))
      err(`${where(pvc)}: StorageClass missing`);
    if (pv.spec.storageClassName !== pvc.spec.storageClassName)
      err(`${where(pv)}: StorageClass differs from the claim's`);
    const sc = get('StorageClass', undefined, pv.spec.storageClassName);
    const driver =
      pv.spec.csi?.driver ??
      (pv.spec.local
        ? 'kubernetes.io/no-provisioner'
        : pv.spec.hostPath
        ? 'rancher.io/local-path'
        : undefined);
    if (sc && driver !== sc.provisioner)
      err(
        `${where(pv)}: source ${driver} does not fit provisioner ${
          sc.provisioner
        }`,
      );
    // The pods using it must run on a node the PV's affinity allows.
    const users = list('Pod', pvc.metadata.namespace).filter(p =>
      (p.spec.volumes ?? []).some(
        (v: Obj) => v.persistentVolumeClaim?.claimName === pvc.metadata.name,
      ),
    );
    for (const p of users) {
      const node = nodes.get(p.spec.nodeName);
      const terms = pv.spec.nodeAffinity?.required?.nodeSelectorTerms;
      if (
        node &&
        terms &&
        !terms.some((t: Obj) =>
          matches(
            { matchExpressions: t.matchExpressions },
            node.metadata.labels,
          ),
        )
      )
        err(
          `${where(p)}: runs where its volume ${
            pv.metadata.name
          } cannot attach`,
        );
    }
  }
  for (const pv of list('PersistentVolume')) {
    const ref = pv.spec.claimRef;
    if (ref && !get('PersistentVolumeClaim', ref.namespace, ref.name))
      err(`${where(pv)}: claim ${ref.namespace}/${ref.name} missing`);
  }
  for (const vs of list('VolumeSnapshot')) {
    if (
      !get(
        'PersistentVolumeClaim',
        vs.metadata.namespace,
        vs.spec.source.persistentVolumeClaimName,
      )
    )
      err(`${where(vs)}: source PVC missing`);
    if (!get('VolumeSnapshotClass', undefined, vs.spec.volumeSnapshotClassName))
      err(`${where(vs)}: class missing`);
  }

  // PDBs (recomputed the way the disruption controller does).
  for (const pdb of list('PodDisruptionBudget')) {
    const pods = list('Pod', pdb.metadata.namespace).filter(p =>
      matches(pdb.spec.selector, p.metadata.labels),
    );
    const healthy = pods.filter(ready).length;
    let expected = pods.length;
    if (typeof pdb.spec.minAvailable !== 'number') {
      const scales = new Map<string, number>();
      for (const p of pods) {
        const ref = controllerOf(p);
        if (!ref)
          err(`${where(pdb)}: selects unmanaged pod ${p.metadata.name}`);
        const rs = ref && byUid.get(ref.uid);
        const top =
          rs?.kind === 'ReplicaSet' && controllerOf(rs)
            ? byUid.get(controllerOf(rs).uid)
            : rs;
        if (top) scales.set(top.metadata.uid, top.spec.replicas);
      }
      expected = [...scales.values()].reduce((a, b) => a + b, 0);
    }
    const scaled = (v: number | string) =>
      typeof v === 'number' ? v : Math.ceil((parseInt(v, 10) / 100) * expected);
    const desired =
      pdb.spec.minAvailable !== undefined
        ? scaled(pdb.spec.minAvailable)
        : Math.max(0, expected - scaled(pdb.spec.maxUnavailable));
    const allowed = Math.max(0, healthy - desired);
    const s = pdb.status;
    if (
      s.expectedPods !== expected ||
      s.currentHealthy !== healthy ||
      s.desiredHealthy !== desired ||
      s.disruptionsAllowed !== allowed
    )
      err(
        `${where(pdb)}: status ${JSON.stringify([
          s.expectedPods,
          s.currentHealthy,
          s.desiredHealthy,
          s.disruptionsAllowed,
        ])} != ${JSON.stringify([expected, healthy, desired, allowed])}`,
      );
  }

  // HPAs.
  for (const h of list('HorizontalPodAutoscaler')) {
    const t = get(
      h.spec.scaleTargetRef.kind,
      h.metadata.namespace,
      h.spec.scaleTargetRef.name,
    );
    if (!t) {
      err(`${where(h)}: target missing`);
      continue;
    }
    const min = h.spec.minReplicas ?? 1;
    if (
      h.status.currentReplicas !== t.spec.replicas ||
      h.status.desiredReplicas !== t.spec.replicas ||
      t.spec.replicas < min ||
      t.spec.replicas > h.spec.maxReplicas
    )
      err(`${where(h)}: replicas inconsistent with its target`);
  }

  // Services and EndpointSlices.
  for (const svc of list('Service')) {
    const slices = list('EndpointSlice', svc.metadata.namespace).filter(
      s =>
        s.metadata.labels['kubernetes.io/service-name'] === svc.metadata.name,
    );
    if (!svc.spec.selector) continue;
    if (slices.length !== 1) {
      err(`${where(svc)}: ${slices.length} EndpointSlices`);
      continue;
    }
    const pods = list('Pod', svc.metadata.namespace).filter(
      p => matchesMap(svc.spec.selector, p.metadata.labels) && p.status.podIP,
    );
    const eps = slices[0].endpoints ?? [];
    if (eps.length !== pods.length)
      err(`${where(svc)}: ${eps.length} endpoints for ${pods.length} pods`);
    for (const e of eps) {
      const p = byUid.get(e.targetRef?.uid);
      if (!p || !pods.includes(p)) {
        err(
          `${where(slices[0])}: endpoint ${e.addresses} is not a selected pod`,
        );
        continue;
      }
      const want = svc.spec.publishNotReadyAddresses ? true : ready(p);
      if (
        e.addresses[0] !== p.status.podIP ||
        e.conditions.ready !== want ||
        e.nodeName !== p.spec.nodeName ||
        e.zone !== zoneOf(p.spec.nodeName)
      )
        err(
          `${where(slices[0])}: endpoint for ${p.metadata.name} inconsistent`,
        );
    }
    if (pods.length === 0) err(`${where(svc)}: selects no pods`);
  }

  // Ingresses, HPAs and monitors referencing things.
  for (const ing of list('Ingress')) {
    if (!get('IngressClass', undefined, ing.spec.ingressClassName))
      err(`${where(ing)}: IngressClass missing`);
    for (const r of ing.spec.rules)
      for (const p of r.http.paths)
        if (!get('Service', ing.metadata.namespace, p.backend.service.name))
          err(`${where(ing)}: backend service missing`);
  }
  for (const sm of list('ServiceMonitor')) {
    const nss = sm.spec.namespaceSelector?.matchNames ?? [
      sm.metadata.namespace,
    ];
    const hits = nss
      .flatMap((ns: string) => list('Service', ns))
      .filter((s: Obj) => matches(sm.spec.selector, s.metadata.labels));
    if (hits.length === 0) err(`${where(sm)}: selects no Service`);
    for (const s of hits)
      if (
        !sm.spec.endpoints.every((e: Obj) =>
          s.spec.ports.some((p: Obj) => p.name === e.port),
        )
      )
        err(`${where(sm)}: port name not on ${s.metadata.name}`);
  }
  for (const pm of list('PodMonitoring')) {
    const hits = list('Pod', pm.metadata.namespace).filter(p =>
      matches(pm.spec.selector, p.metadata.labels),
    );
    if (hits.length === 0) err(`${where(pm)}: selects no pod`);
    for (const p of hits)
      if (
        !pm.spec.endpoints.every((e: Obj) =>
          p.spec.containers.some((ct: Obj) =>
            (ct.ports ?? []).some((x: Obj) => x.name === e.port),
          ),
        )
      )
        err(`${where(pm)}: port not on ${p.metadata.name}`);
  }
  for (const b of list('Backup')) {
    const sched = b.metadata.labels['velero.io/schedule-name'];
    if (sched && !get('Schedule', b.metadata.namespace, sched))
      err(`${where(b)}: schedule missing`);
  }
}

/** Would the DaemonSet controller place a pod on this node? */
function daemonEligible(ds: Obj, node: Obj): boolean {
  const spec = ds.spec.template.spec;
  const labels = node.metadata.labels;
  if (
    spec.nodeSelector &&
    !Object.entries(spec.nodeSelector).every(([k, v]) => labels[k] === v)
  )
    return false;
  const terms =
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (
    terms &&
    !terms.some(
      (t: Obj) =>
        !t.matchExpressions ||
        matches({ matchExpressions: t.matchExpressions }, labels),
    )
  )
    return false;
  const tolerations: Obj[] = spec.tolerations ?? [];
  const tolerates = (t: Obj, taint: Obj) =>
    (!t.effect || t.effect === taint.effect) &&
    (t.operator === 'Exists'
      ? !t.key || t.key === taint.key
      : t.key === taint.key && (t.value ?? '') === (taint.value ?? ''));
  for (const taint of node.spec.taints ?? []) {
    if (taint.key?.startsWith('node.kubernetes.io/')) continue; // the DaemonSet controller adds these tolerations
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerations.some(t => tolerates(t, taint))) return false;
  }
  return true;
}

function checkCatalog(all: Map<string, Obj[]>): void {
  const text = fs.readFileSync(path.join(examples, 'entities.yaml'), 'utf8');
  const docs = YAML.parseAllDocuments(text).map(d => {
    if (d.errors.length) err(`entities.yaml: ${d.errors[0].message}`);
    return d.toJS();
  });
  const refs = new Set(
    docs.map(d => `${d.kind.toLowerCase()}:${d.metadata.name}`),
  );
  for (const d of docs) {
    if (!d.apiVersion || !d.kind || !d.metadata?.name || !d.spec)
      err(`entities.yaml: incomplete entity ${d?.metadata?.name}`);
    const a = d.metadata.annotations ?? {};
    for (const ref of [
      d.spec.owner && `group:${d.spec.owner}`,
      d.spec.system && `system:${d.spec.system}`,
      d.spec.parent && `group:${d.spec.parent}`,
    ].filter(Boolean)) {
      if (!refs.has(ref))
        err(`entities.yaml: ${d.metadata.name} refers to unknown ${ref}`);
    }
    if (
      a['backstage.io/kubernetes-cluster'] &&
      !all.has(a['backstage.io/kubernetes-cluster'])
    )
      err(
        `entities.yaml: unknown cluster ${a['backstage.io/kubernetes-cluster']}`,
      );
    if (d.kind !== 'Component') continue;
    const id = a['backstage.io/kubernetes-id'];
    const sel = a['backstage.io/kubernetes-label-selector'];
    if (!id && !sel) continue;
    const selector = sel
      ? {
          matchLabels: Object.fromEntries(
            sel.split(',').map((kv: string) => kv.split('=')),
          ),
        }
      : { matchLabels: { 'backstage.io/kubernetes-id': id } };
    const ns = a['backstage.io/kubernetes-namespace'];
    let found = 0;
    for (const [, objs] of all) {
      found += objs.filter(
        o =>
          ['Deployment', 'StatefulSet'].includes(o.kind) &&
          matches(selector, o.metadata.labels) &&
          (!ns || o.metadata.namespace === ns),
      ).length;
    }
    if (found === 0)
      err(`entities.yaml: component ${d.metadata.name} matches no workload`);
  }
}

function checkDeterminism(): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-'));
  fs.mkdirSync(path.join(tmp, 'clusters'));
  fs.copyFileSync(
    path.join(clustersDir, 'README.md'),
    path.join(tmp, 'clusters', 'README.md'),
  );
  generateAll(tmp);
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap(e =>
        e.isDirectory()
          ? walk(path.join(dir, e.name)).map(f => path.join(e.name, f))
          : [e.name],
      );
  const fresh = walk(tmp).sort();
  const committed = [
    ...walk(clustersDir).map(f => path.join('clusters', f)),
    'entities.yaml',
  ].sort();
  if (JSON.stringify(fresh) !== JSON.stringify(committed))
    err(
      `regenerated file set differs: ${fresh.filter(
        f => !committed.includes(f),
      )} / ${committed.filter(f => !fresh.includes(f))}`,
    );
  for (const f of fresh) {
    const a = fs.readFileSync(path.join(tmp, f));
    const bPath = path.join(examples, f);
    if (!fs.existsSync(bPath) || !a.equals(fs.readFileSync(bPath)))
      err(`${f}: differs from a fresh generation (run generate.ts)`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

function main(): void {
  const index = YAML.parse(
    fs.readFileSync(path.join(clustersDir, 'clusters.yaml'), 'utf8'),
  );
  const expected: Record<string, number> = {
    'prod-eu': 17001,
    'prod-us': 17002,
    'staging-eu': 17003,
    'dev-k3s': 17004,
  };
  const names = index.clusters.map((c: Obj) => c.name);
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(expected)))
    err(`clusters.yaml lists ${names}`);
  const all = new Map<string, Obj[]>();
  const summary: {
    cluster: string;
    total: number;
    files: Record<string, number>;
    kinds: Record<string, number>;
  }[] = [];
  for (const c of index.clusters) {
    if (expected[c.name] !== c.port)
      err(`clusters.yaml: ${c.name} port ${c.port}`);
    if (
      typeof c.capturedAt !== 'string' ||
      Number.isNaN(Date.parse(c.capturedAt))
    )
      err(`clusters.yaml: ${c.name} capturedAt`);
    const objs = loadCluster(c.name);
    all.set(c.name, objs);
    checkCluster(c.name, objs);
    const kinds: Record<string, number> = {};
    for (const o of objs) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
    summary.push({ cluster: c.name, total: objs.length, files: {}, kinds });
    console.log(`${c.name}: ${objs.length} objects`);
  }
  checkCatalog(all);
  const readme = fs.readFileSync(path.join(clustersDir, 'README.md'), 'utf8');
  const table = readme
    .slice(readme.indexOf(START) + START.length, readme.indexOf(END))
    .trim();
  if (table !== countsTable(summary))
    err('README.md object counts do not match the dumps (run generate.ts)');
  if (!process.argv.includes('--no-determinism')) checkDeterminism();
  if (errors.length) {
    console.error(`\n${errors.length} problem(s):`);
    for (const e of errors) console.error(`  - ${e}`);
    process.exit(1);
  }
  console.log('examples are consistent');
}

main();
