import {
  ClusterSnapshot,
  FetchState,
  K8sObject,
  OwnerReference,
} from '../model/snapshot';
import {
  ResourceKey,
  RESOURCE_TYPES_BY_KEY,
  resourceTypeOf,
} from '../model/resources';
import {
  ClusterView,
  ReplicaFloor,
  Workload,
  WorkloadKind,
} from '../model/view';
import { LabelSelector, SelectorIndex } from './labels';
import { detectFlavor } from './flavor';
import { hasControlPlaneRole } from './flavor';
import {
  mostCommon,
  rawZoneLabel,
  regionFromZone,
  regionLabelOf,
  zoneOf,
} from './topology';
import { runSteps } from './steps';

/** Resource keys the view itself uses. */
export const KEYS = {
  nodes: 'nodes',
  pods: 'pods',
  services: 'services',
  namespaces: 'namespaces',
  pvcs: 'persistentvolumeclaims',
  configmaps: 'configmaps',
  deployments: 'deployments.apps',
  statefulsets: 'statefulsets.apps',
  daemonsets: 'daemonsets.apps',
  replicasets: 'replicasets.apps',
  hpas: 'horizontalpodautoscalers.autoscaling',
  pdbs: 'poddisruptionbudgets.policy',
  endpointslices: 'endpointslices.discovery.k8s.io',
  rollouts: 'rollouts.argoproj.io',
  infrastructures: 'infrastructures.config.openshift.io',
} as const;

const WORKLOAD_KEY_BY_KIND: Record<
  Exclude<WorkloadKind, 'Pod' | 'Operated'>,
  ResourceKey
> = {
  Deployment: KEYS.deployments,
  StatefulSet: KEYS.statefulsets,
  DaemonSet: KEYS.daemonsets,
  ReplicaSet: KEYS.replicasets,
  Rollout: KEYS.rollouts,
};

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** Namespace under which an object is indexed: namespaced objects without one live in `default`. */
function namespaceOf(key: ResourceKey, obj: K8sObject): string | undefined {
  const type = RESOURCE_TYPES_BY_KEY.get(key);
  if (type && !type.namespaced) return undefined;
  return obj.metadata?.namespace ?? (type ? 'default' : undefined);
}

/** The controller ownerReference (`controller: true`), if any. */
export function controllerOf(obj: K8sObject): OwnerReference | undefined {
  // A plain loop: this runs for every pod and ReplicaSet, several times.
  const refs = obj.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  for (const ref of refs) if (ref && ref.controller === true) return ref;
  return undefined;
}

export function isMirrorPod(pod: K8sObject): boolean {
  return Boolean(pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION]);
}

/**
 * `<kind>/<namespace>/<name>`: identifies a workload within a cluster; an Operated workload by its
 * custom resource, `Operated/<kind>.<group>/<namespace>/<name>`.
 */
export function workloadKey(
  w: Pick<Workload, 'kind' | 'namespace' | 'name' | 'operatedBy'>,
): string {
  if (w.kind === 'Operated' && w.operatedBy) {
    const group = apiGroupOf(w.operatedBy.apiVersion);
    return `Operated/${w.operatedBy.kind}.${group}/${w.namespace}/${w.name}`;
  }
  return `${w.kind}/${w.namespace}/${w.name}`;
}

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function apiGroupOf(apiVersion: unknown): string {
  if (typeof apiVersion !== 'string') return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether an API group is a custom resource's: a dotted group outside Kubernetes' own `*.k8s.io`
 * (built-in groups such as `apps` and `batch` have no dot).
 */
function isCustomResourceGroup(group: string): boolean {
  return group.includes('.') && !group.endsWith('.k8s.io');
}

/**
 * The controller ownerReference that makes a pod part of an Operated workload: a custom resource
 * (not one the engine models as a workload: Argo Rollouts control ReplicaSets) controlling a
 * long-running pod. Pods that run to completion (restartPolicy Never or OnFailure: Argo
 * Workflows, Tekton, Spark drivers) are batch work, not a service, and are left out, as are pods
 * of built-in controllers the engine does not model (Job, Node for mirror pods ...).
 */
function operatorOfPod(pod: K8sObject): OwnerReference | undefined {
  const ref = controllerOf(pod);
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string')
    return undefined;
  const group = apiGroupOf(ref.apiVersion);
  if (!isCustomResourceGroup(group)) return undefined;
  if (group === 'argoproj.io' && ref.kind === 'Rollout') return undefined;
  const restartPolicy = pod.spec?.restartPolicy;
  if (restartPolicy === 'Never' || restartPolicy === 'OnFailure')
    return undefined;
  return isMirrorPod(pod) ? undefined : ref;
}

/** The labels or annotations (key and value) every one of the objects carries. */
function commonMetadata(
  objects: K8sObject[],
  field: 'labels' | 'annotations',
): Record<string, string> {
  const [first, ...rest] = objects;
  const common: Record<string, string> = {
    ...(first?.metadata?.[field] ?? {}),
  };
  for (const obj of rest) {
    const values = obj.metadata?.[field] ?? {};
    for (const key of Object.keys(common))
      if (values[key] !== common[key]) delete common[key];
  }
  return common;
}

function taintBlocksScheduling(taint: any): boolean {
  return taint?.effect === 'NoSchedule' || taint?.effect === 'NoExecute';
}

/** An EKS Fargate node: one per pod, labelled `eks.amazonaws.com/compute-type=fargate`. */
export function isFargateNode(node: K8sObject): boolean {
  return (
    node.metadata?.labels?.['eks.amazonaws.com/compute-type'] === 'fargate' ||
    String(node.spec?.providerID ?? '').startsWith('fargate')
  );
}

/** Fargate and virtual-kubelet nodes: no capacity of their own for HA counts. */
export function isVirtualNode(node: K8sObject): boolean {
  return (
    isFargateNode(node) || node.metadata?.labels?.type === 'virtual-kubelet'
  );
}

/** A pod that has run to completion or failed for good (phase Succeeded or Failed). */
export function isTerminal(pod: K8sObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

function conditionTrue(obj: K8sObject, type: string): boolean {
  const conditions = obj.status?.conditions;
  return (
    Array.isArray(conditions) &&
    conditions.some(c => c?.type === type && c?.status === 'True')
  );
}

function fetchReason(
  key: ResourceKey,
  state: FetchState,
  cluster: string,
): string {
  const message = state.message;
  if (message && message.includes(key))
    return `${message} (cluster ${cluster})`;
  const phrase: Record<string, string> = {
    'not-installed': 'not installed',
    forbidden: 'forbidden',
    unreachable: 'unreachable',
    error: 'could not be read',
    absent: 'not in the scanned manifests (needs cluster state)',
  };
  const base = `${key} ${
    phrase[state.status] ?? state.status
  } on cluster ${cluster}`;
  return message ? `${base}: ${message}` : base;
}

function templateOf(obj: K8sObject): {
  labels: Record<string, string>;
  spec: any;
} {
  const template = obj.spec?.template;
  return {
    labels: template?.metadata?.labels ?? {},
    spec: template?.spec ?? {},
  };
}

function specReplicasOf(obj: K8sObject): number {
  const replicas = obj.spec?.replicas;
  return typeof replicas === 'number' && Number.isFinite(replicas)
    ? replicas
    : 1;
}

/**
 * Builds the indexed view checks use. Every index is built once here (linear in the number of
 * objects), so lookups during evaluation are O(1) or O(matches).
 * @public
 */
export function buildClusterView(snapshot: ClusterSnapshot): ClusterView {
  return runSteps(clusterViewSteps(snapshot));
}

/** Pods indexed between two steps of building a view. */
const PODS_PER_STEP = 2000;

/**
 * buildClusterView as steps (nodes and flavor, workloads, a batch of pods, the other indexes), so
 * that an evaluation in slices (evaluateAsync) does not hold the event loop for a large cluster's
 * whole index.
 */
export function* clusterViewSteps(
  snapshot: ClusterSnapshot,
): Generator<void, ClusterView, void> {
  const clusterName = snapshot.cluster.name;
  const list = (key: ResourceKey): K8sObject[] => snapshot.objects[key] ?? [];

  // --- generic indexes: key → namespace → objects, and key → namespace → name → object
  // ('' is the namespace of cluster-scoped objects), each built on the first question about its
  // key: most keys (pods, ReplicaSets, EndpointSlices ...) are never looked up by name.
  const byNamespace = new Map<ResourceKey, Map<string, K8sObject[]>>();
  const byName = new Map<ResourceKey, Map<string, Map<string, K8sObject>>>();
  const namedObjects = (key: ResourceKey) =>
    list(key).filter(obj => typeof obj?.metadata?.name === 'string');
  const namespaceIndex = (key: ResourceKey) => {
    let namespaces = byNamespace.get(key);
    if (!namespaces) {
      namespaces = new Map();
      for (const obj of namedObjects(key)) {
        const ns = namespaceOf(key, obj) ?? '';
        const bucket = namespaces.get(ns);
        if (bucket) bucket.push(obj);
        else namespaces.set(ns, [obj]);
      }
      byNamespace.set(key, namespaces);
    }
    return namespaces;
  };
  const nameIndex = (key: ResourceKey) => {
    let names = byName.get(key);
    if (!names) {
      names = new Map();
      for (const obj of namedObjects(key)) {
        const ns = namespaceOf(key, obj) ?? '';
        let named = names.get(ns);
        if (!named) names.set(ns, (named = new Map()));
        if (!named.has(obj.metadata.name)) named.set(obj.metadata.name, obj);
      }
      byName.set(key, names);
    }
    return names;
  };
  const get = (key: ResourceKey, ns: string | undefined, name: string) => {
    const type = RESOURCE_TYPES_BY_KEY.get(key);
    return nameIndex(key)
      .get(type && !type.namespaced ? '' : ns ?? '')
      ?.get(name);
  };
  const inNamespace = (key: ResourceKey, ns: string) =>
    namespaceIndex(key).get(ns) ?? [];

  // --- nodes, zones, region
  const nodes = list(KEYS.nodes);
  const isNodeReady = (node: K8sObject) => conditionTrue(node, 'Ready');
  const usable = nodes.filter(
    n =>
      isNodeReady(n) &&
      n.spec?.unschedulable !== true &&
      !(
        Array.isArray(n.spec?.taints) &&
        n.spec.taints.some(taintBlocksScheduling)
      ) &&
      !isVirtualNode(n),
  );
  const controlPlane = nodes.filter(hasControlPlaneRole);

  // --- flavor (before zones: numeric zone values are fault domains on Azure only)
  const { flavor, managedControlPlane } = detectFlavor({
    nodes,
    pods: list(KEYS.pods).filter(p =>
      ['kube-system', 'openshift-etcd', 'openshift-kube-apiserver'].includes(
        p.metadata?.namespace ?? '',
      ),
    ),
    namespaces: list(KEYS.namespaces),
    servedGroupVersions: snapshot.servedGroupVersions,
    gitVersion: snapshot.version?.gitVersion,
    hasKubeadmConfig:
      get(KEYS.configmaps, 'kube-system', 'kubeadm-config') !== undefined,
    infrastructures: list(KEYS.infrastructures),
  });

  const clusterIsAks = flavor === 'aks';
  const zoneOfNodeObject = (n: K8sObject | undefined) =>
    zoneOf(n, clusterIsAks);
  const zones = [
    ...new Set(
      usable.map(zoneOfNodeObject).filter((z): z is string => z !== undefined),
    ),
  ].sort();
  const workerZones = [
    ...new Set([
      ...zones,
      ...nodes
        .filter(n => !isVirtualNode(n) && !hasControlPlaneRole(n))
        .map(zoneOfNodeObject)
        .filter((z): z is string => z !== undefined),
    ]),
  ].sort();
  const hasZoneLabels = nodes.some(n => rawZoneLabel(n) !== undefined);
  const region =
    snapshot.cluster.region ??
    mostCommon(
      nodes.map(regionLabelOf).filter((r): r is string => r !== undefined),
    ) ??
    mostCommon(
      nodes
        .map(zoneOfNodeObject)
        .map(z => (z === undefined ? undefined : regionFromZone(z)))
        .filter((r): r is string => r !== undefined),
    );

  yield;

  // --- workloads
  const workloads: Workload[] = [];
  const workloadsByKey = new Map<string, Workload>();
  const workloadsByUid = new Map<string, Workload>();
  const addWorkload = (
    kind: WorkloadKind,
    obj: K8sObject,
    labels: Record<string, string>,
    podSpec: any,
  ) => {
    const name = obj.metadata?.name;
    if (typeof name !== 'string') return;
    const w: Workload = {
      kind,
      namespace: obj.metadata.namespace ?? 'default',
      name,
      object: obj,
      templateLabels: labels,
      podSpec,
      specReplicas:
        kind === 'DaemonSet' || kind === 'Pod'
          ? undefined
          : specReplicasOf(obj),
    };
    if (workloadsByKey.has(workloadKey(w))) return;
    workloads.push(w);
    workloadsByKey.set(workloadKey(w), w);
    if (obj.metadata.uid) workloadsByUid.set(obj.metadata.uid, w);
  };
  // A Rollout may take its pod template from a referenced Deployment (spec.workloadRef).
  const rolloutTemplateOf = (rollout: K8sObject): K8sObject | undefined => {
    const ref = rollout.spec?.workloadRef;
    return !rollout.spec?.template &&
      ref?.kind === 'Deployment' &&
      typeof ref.name === 'string'
      ? get(
          KEYS.deployments,
          rollout.metadata?.namespace ?? 'default',
          ref.name,
        )
      : undefined;
  };
  // Such a Deployment scaled to zero only holds the Rollout's template (Argo Rollouts scales it
  // down once the Rollout runs): judged as a workload of its own, it would repeat the Rollout's
  // results. One that still runs pods (scaleDown: never, a migration under way) stays a workload.
  const templateHolders = new Set<K8sObject>();
  for (const rollout of list(KEYS.rollouts)) {
    const referenced = rolloutTemplateOf(rollout);
    if (referenced?.spec?.replicas === 0) templateHolders.add(referenced);
  }
  for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet'] as const) {
    for (const obj of list(WORKLOAD_KEY_BY_KIND[kind])) {
      if (templateHolders.has(obj)) continue;
      const t = templateOf(obj);
      addWorkload(kind, obj, t.labels, t.spec);
    }
  }
  for (const obj of list(KEYS.replicasets)) {
    if (controllerOf(obj)) continue;
    const t = templateOf(obj);
    addWorkload('ReplicaSet', obj, t.labels, t.spec);
  }
  for (const obj of list(KEYS.rollouts)) {
    const t = templateOf(rolloutTemplateOf(obj) ?? obj);
    addWorkload('Rollout', obj, t.labels, t.spec);
  }
  for (const pod of list(KEYS.pods)) {
    if (controllerOf(pod) || isMirrorPod(pod)) continue;
    addWorkload('Pod', pod, pod.metadata?.labels ?? {}, pod.spec ?? {});
  }

  // Operated workloads: the long-running pods one custom resource controls directly, grouped by
  // the resource's API group, kind and name within the namespace.
  const operatedWorkloadByPod = new Map<K8sObject, Workload>();
  const operatedGroups = new Map<
    string,
    { ref: OwnerReference; namespace: string; pods: K8sObject[] }
  >();
  for (const pod of list(KEYS.pods)) {
    const ref = operatorOfPod(pod);
    if (!ref || typeof pod.metadata?.name !== 'string') continue;
    const namespace = pod.metadata.namespace ?? 'default';
    const key = `${namespace}/${apiGroupOf(ref.apiVersion)}/${ref.kind}/${
      ref.name
    }`;
    const group = operatedGroups.get(key);
    if (group) group.pods.push(pod);
    else operatedGroups.set(key, { ref, namespace, pods: [pod] });
  }
  const podNameOrder = (a: K8sObject, b: K8sObject) =>
    a.metadata.name < b.metadata.name
      ? -1
      : Number(a.metadata.name > b.metadata.name);
  const createdAt = (pod: K8sObject) =>
    String(pod.metadata?.creationTimestamp ?? '');
  for (const { ref, namespace, pods: grouped } of operatedGroups.values()) {
    const type = resourceTypeOf(ref.apiVersion, ref.kind);
    const resource = type ? get(type.key, namespace, ref.name) : undefined;
    // Pods of a resource deleted and recreated under the same name are not the current one's:
    // the resource's uid decides when the snapshot holds it, else the newest pod's owner uid.
    const newest = grouped.reduce((a, b) =>
      createdAt(b) > createdAt(a) ? b : a,
    );
    const uid: unknown =
      resource?.metadata?.uid ?? controllerOf(newest)?.uid ?? undefined;
    const members = grouped
      .filter(pod => {
        const podUid = controllerOf(pod)?.uid;
        return !uid || !podUid || podUid === uid;
      })
      .sort(podNameOrder);
    if (members.length === 0) continue;
    const operatedBy = {
      apiVersion: String(ref.apiVersion ?? ''),
      kind: ref.kind,
      name: ref.name,
    };
    const w: Workload = {
      kind: 'Operated',
      namespace,
      name: ref.name,
      object: resource ?? {
        apiVersion: operatedBy.apiVersion,
        kind: ref.kind,
        metadata: {
          name: ref.name,
          namespace,
          ...(typeof uid === 'string' ? { uid } : {}),
        },
      },
      operatedBy,
      templateLabels: commonMetadata(members, 'labels'),
      podAnnotations: commonMetadata(members, 'annotations'),
      podSpec: members[0].spec ?? {},
    };
    workloads.push(w);
    workloadsByKey.set(workloadKey(w), w);
    for (const pod of members) operatedWorkloadByPod.set(pod, w);
  }

  /** Resolves an ownerReference to a workload: by uid when both sides have one, else by kind+name. */
  const resolveOwner = (
    ref: OwnerReference,
    namespace: string,
    kinds: WorkloadKind[],
  ): Workload | undefined => {
    if (!kinds.includes(ref.kind as WorkloadKind)) return undefined;
    if (ref.uid && workloadsByUid.has(ref.uid)) {
      const w = workloadsByUid.get(ref.uid)!;
      // Owner references never cross namespaces: a pod elsewhere with that uid is not its pod.
      return w.kind === ref.kind && w.namespace === namespace ? w : undefined;
    }
    const w = workloadsByKey.get(`${ref.kind}/${namespace}/${ref.name}`);
    // Same name but a different uid: the owner was deleted and recreated; not ours.
    if (
      w &&
      ref.uid &&
      w.object.metadata.uid &&
      w.object.metadata.uid !== ref.uid
    )
      return undefined;
    return w;
  };

  yield;

  const replicaSetsByUid = new Map<string, K8sObject>();
  for (const rs of list(KEYS.replicasets)) {
    if (rs.metadata?.uid) replicaSetsByUid.set(rs.metadata.uid, rs);
  }

  const workloadOfPodUncached = (pod: K8sObject): Workload | undefined => {
    const namespace = pod.metadata?.namespace ?? 'default';
    const owner = controllerOf(pod);
    if (!owner) {
      return isMirrorPod(pod)
        ? undefined
        : workloadsByKey.get(`Pod/${namespace}/${pod.metadata?.name}`);
    }
    const operated = operatedWorkloadByPod.get(pod);
    if (operated) return operated;
    if (owner.kind !== 'ReplicaSet')
      return resolveOwner(owner, namespace, ['StatefulSet', 'DaemonSet']);
    const byUid = owner.uid ? replicaSetsByUid.get(owner.uid) : undefined;
    const rs =
      (byUid && (byUid.metadata.namespace ?? 'default') === namespace
        ? byUid
        : undefined) ?? get(KEYS.replicasets, namespace, owner.name);
    if (rs) {
      const rsOwner = controllerOf(rs);
      if (!rsOwner)
        return resolveOwner(
          { ...owner, uid: rs.metadata.uid ?? owner.uid },
          namespace,
          ['ReplicaSet'],
        );
      return resolveOwner(rsOwner, namespace, ['Deployment', 'Rollout']);
    }
    // ReplicaSets not read: `<deployment>-<pod-template-hash>` still names the owner.
    const hash =
      pod.metadata?.labels?.['pod-template-hash'] ??
      pod.metadata?.labels?.['rollouts-pod-template-hash'];
    if (hash && owner.name.endsWith(`-${hash}`)) {
      const parent = owner.name.slice(0, -hash.length - 1);
      return (
        workloadsByKey.get(`Deployment/${namespace}/${parent}`) ??
        workloadsByKey.get(`Rollout/${namespace}/${parent}`)
      );
    }
    return undefined;
  };

  // Pods by owning workload, computed once for all pods.
  const podsByWorkload = new Map<string, K8sObject[]>();
  const workloadByPod = new Map<K8sObject, Workload>();
  const pods = list(KEYS.pods);
  for (let i = 0; i < pods.length; i++) {
    if (i > 0 && i % PODS_PER_STEP === 0) yield;
    const pod = pods[i];
    const w = workloadOfPodUncached(pod);
    if (!w) continue;
    workloadByPod.set(pod, w);
    const key = workloadKey(w);
    const bucket = podsByWorkload.get(key);
    if (bucket) bucket.push(pod);
    else podsByWorkload.set(key, [pod]);
  }

  // HPAs by scale target. Two HPAs on one target fight (Kubernetes marks both AmbiguousSelector):
  // the one with the lowest minReplicas sets the floor, as either may scale down to it.
  const hpasByTarget = new Map<string, K8sObject[]>();
  const minReplicasOf = (hpa: K8sObject): number =>
    typeof hpa.spec?.minReplicas === 'number' ? hpa.spec.minReplicas : 1;
  for (const hpa of list(KEYS.hpas)) {
    const ref = hpa.spec?.scaleTargetRef;
    if (!ref?.kind || !ref?.name) continue;
    const key = `${ref.kind}/${hpa.metadata?.namespace ?? 'default'}/${
      ref.name
    }`;
    const targeting = hpasByTarget.get(key);
    if (targeting) targeting.push(hpa);
    else hpasByTarget.set(key, [hpa]);
  }
  const hpaByTarget = new Map<string, K8sObject>();
  for (const [key, targeting] of hpasByTarget)
    hpaByTarget.set(
      key,
      targeting.reduce((lowest, hpa) =>
        minReplicasOf(hpa) < minReplicasOf(lowest) ? hpa : lowest,
      ),
    );

  // EndpointSlices by namespace + service name.
  const slicesByService = new Map<string, K8sObject[]>();
  for (const slice of list(KEYS.endpointslices)) {
    const service = slice.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!service) continue;
    const key = `${slice.metadata.namespace ?? 'default'}/${service}`;
    const bucket = slicesByService.get(key);
    if (bucket) bucket.push(slice);
    else slicesByService.set(key, [slice]);
  }

  // Selector indexes per namespace, built on first use. Several checks ask about the same pod
  // template labels (one object per workload): their answers are kept by that object.
  interface NamespaceSelectors {
    index: SelectorIndex<K8sObject>;
    answers: WeakMap<object, K8sObject[]>;
  }
  const selectorIndexes = new Map<string, NamespaceSelectors>();
  const selecting = (
    key: ResourceKey,
    ns: string,
    selectorOf: (obj: K8sObject) => LabelSelector | null | undefined,
    labels: Record<string, string> | undefined,
  ): K8sObject[] => {
    const cacheKey = `${key}/${ns}`;
    let selectors = selectorIndexes.get(cacheKey);
    if (!selectors) {
      selectors = {
        index: new SelectorIndex(inNamespace(key, ns), selectorOf),
        answers: new WeakMap(),
      };
      selectorIndexes.set(cacheKey, selectors);
    }
    if (!labels || typeof labels !== 'object')
      return selectors.index.matching(labels);
    let found = selectors.answers.get(labels);
    if (!found) {
      found = selectors.index.matching(labels);
      selectors.answers.set(labels, found);
    }
    return [...found];
  };
  const pdbSelector = (pdb: K8sObject) => pdb.spec?.selector;
  // A Service selector is a plain map; an empty or missing one selects nothing.
  const serviceSelector = (svc: K8sObject): LabelSelector | undefined => {
    const selector = svc.spec?.selector;
    return selector &&
      typeof selector === 'object' &&
      Object.keys(selector).length > 0
      ? { matchLabels: selector }
      : undefined;
  };

  const fetchState = (key: ResourceKey): FetchState => {
    const state = snapshot.fetch[key];
    if (state) return state;
    if (snapshot.objects[key] !== undefined) return { status: 'ok' };
    return { status: 'error', message: `${key} was not read` };
  };

  const hpaFor = (w: Workload) => hpaByTarget.get(workloadKey(w));
  const podsOf = (w: Workload) => podsByWorkload.get(workloadKey(w)) ?? [];

  /**
   * Objects selecting a workload's pods: by its template labels; for an Operated workload also by
   * each pod's own labels (an operator labels them by role, and budgets or Services follow roles),
   * in the namespace's order.
   */
  const selectingWorkload = (
    key: ResourceKey,
    selectorOf: (obj: K8sObject) => LabelSelector | null | undefined,
    w: Workload,
  ): K8sObject[] => {
    const common = selecting(key, w.namespace, selectorOf, w.templateLabels);
    if (w.kind !== 'Operated') return common;
    const found = new Set(common);
    for (const pod of podsOf(w))
      for (const obj of selecting(
        key,
        w.namespace,
        selectorOf,
        pod.metadata?.labels ?? {},
      ))
        found.add(obj);
    return inNamespace(key, w.namespace).filter(obj => found.has(obj));
  };

  const replicaFloor = (w: Workload): ReplicaFloor => {
    if (w.kind === 'Pod') return { floor: 1, source: 'pod' };
    // The operator creates the pods its resource asks for, which the engine does not read: the
    // pods that are not terminal are the best floor it can see.
    if (w.kind === 'Operated')
      return {
        floor: podsOf(w).filter(pod => !isTerminal(pod)).length,
        source: 'pods',
      };
    if (w.kind === 'DaemonSet') {
      const desired = w.object.status?.desiredNumberScheduled;
      return {
        floor: typeof desired === 'number' ? desired : podsOf(w).length,
        source: 'daemonset',
      };
    }
    const specReplicas = w.specReplicas ?? 1;
    const hpa = hpaFor(w);
    // An HPA does not scale a workload whose replicas is 0: it is switched off, not autoscaled.
    if (hpa && specReplicas !== 0) {
      const targeting = hpasByTarget.get(workloadKey(w)) ?? [];
      const otherHpas = targeting
        .filter(other => other !== hpa)
        .map(other => other.metadata.name);
      return {
        floor: minReplicasOf(hpa),
        source: 'hpa',
        hpa,
        ...(otherHpas.length > 0 ? { otherHpas } : {}),
      };
    }
    return typeof w.object.spec?.replicas === 'number'
      ? { floor: specReplicas, source: 'spec' }
      : { floor: specReplicas, source: 'spec', replicasUnset: true };
  };

  const pvcsOf = (w: Workload): K8sObject[] => {
    const names = new Set<string>();
    const addVolumes = (spec: any, podName?: string) => {
      for (const volume of Array.isArray(spec?.volumes) ? spec.volumes : []) {
        const claim = volume?.persistentVolumeClaim?.claimName;
        if (typeof claim === 'string') names.add(claim);
        // Generic ephemeral volumes create a PVC named `<pod>-<volume>`.
        if (podName && volume?.ephemeral && typeof volume.name === 'string')
          names.add(`${podName}-${volume.name}`);
      }
    };
    addVolumes(w.podSpec, w.kind === 'Pod' ? w.name : undefined);
    if (w.kind === 'StatefulSet') {
      const templates = w.object.spec?.volumeClaimTemplates;
      for (const template of Array.isArray(templates) ? templates : []) {
        const tpl = template?.metadata?.name;
        if (typeof tpl !== 'string') continue;
        for (let i = 0; i < (w.specReplicas ?? 1); i++)
          names.add(`${tpl}-${w.name}-${i}`);
      }
    }
    for (const pod of podsOf(w)) addVolumes(pod.spec, pod.metadata?.name);
    return [...names]
      .map(name => get(KEYS.pvcs, w.namespace, name))
      .filter((pvc): pvc is K8sObject => pvc !== undefined);
  };

  const now = new Date(snapshot.now);
  return {
    name: clusterName,
    snapshot,
    now: Number.isNaN(now.getTime()) ? new Date(snapshot.fetchedAt) : now,
    flavor,
    managedControlPlane,
    region,
    zones,
    workerZones,
    hasZoneLabels,
    fetchState,
    unavailable(...keys) {
      for (const key of keys) {
        const state = fetchState(key);
        if (state.status !== 'ok') return fetchReason(key, state, clusterName);
      }
      return undefined;
    },
    list,
    inNamespace,
    get,
    node: name => get(KEYS.nodes, undefined, name),
    zoneOfNode: name =>
      name === undefined
        ? undefined
        : zoneOfNodeObject(get(KEYS.nodes, undefined, name)),
    usableWorkers: () => usable,
    controlPlaneNodes: () => controlPlane,
    isNodeReady,
    workloads: () => workloads,
    podsOf,
    workloadOfPod: pod => workloadByPod.get(pod) ?? workloadOfPodUncached(pod),
    hpaFor,
    replicaFloor,
    pdbsMatching: (namespace, labels) =>
      selecting(KEYS.pdbs, namespace, pdbSelector, labels),
    servicesMatching: (namespace, labels) =>
      selecting(KEYS.services, namespace, serviceSelector, labels),
    pdbsOf: w => selectingWorkload(KEYS.pdbs, pdbSelector, w),
    servicesOf: w => selectingWorkload(KEYS.services, serviceSelector, w),
    endpointSlicesOf: service =>
      slicesByService.get(
        `${service.metadata?.namespace ?? 'default'}/${service.metadata?.name}`,
      ) ?? [],
    pvcsOf,
    namespace: name => get(KEYS.namespaces, undefined, name),
  };
}
