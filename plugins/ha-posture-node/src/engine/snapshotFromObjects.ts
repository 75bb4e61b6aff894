import {
  ClusterInfo,
  ClusterSnapshot,
  FetchState,
  K8sObject,
  SnapshotMode,
} from '../model/snapshot';
import {
  isBuiltinGroup,
  RESOURCE_TYPES,
  ResourceKey,
  ResourceType,
  resourceTypeOf,
} from '../model/resources';
import { apiVersionProblemOf, shapeProblemOf } from '../model/objectShape';
import { OPERATOR_POD_OWNER_KEYS } from '../model/operatorPodOwners';
import { inferSnapshotMode } from './snapshotMode';
import { undumpedEndpointSlices } from './dumpedEndpointSlices';

/**
 * Types that describe desired configuration: a manifests scan has them (possibly none). Every
 * other type is cluster state (nodes, pods, backups ...) that plain manifests cannot contain.
 */
const DECLARATIVE_KEYS = new Set<ResourceKey>([
  'deployments.apps',
  'statefulsets.apps',
  'daemonsets.apps',
  'rollouts.argoproj.io',
  'scaledobjects.keda.sh',
  'services',
  'persistentvolumeclaims',
  'horizontalpodautoscalers.autoscaling',
  'poddisruptionbudgets.policy',
  'ingresses.networking.k8s.io',
  'ingressclasses.networking.k8s.io',
  'gateways.gateway.networking.k8s.io',
  'gatewayclasses.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'grpcroutes.gateway.networking.k8s.io',
  'tlsroutes.gateway.networking.k8s.io',
  'tcproutes.gateway.networking.k8s.io',
  'udproutes.gateway.networking.k8s.io',
  'listenersets.gateway.networking.k8s.io',
  'referencegrants.gateway.networking.k8s.io',
  'serviceexports.multicluster.x-k8s.io',
  'serviceexports.net.gke.io',
  'gslbs.k8gb.absa.oss',
  'links.multicluster.linkerd.io',
  'gateways.networking.istio.io',
  'virtualservices.networking.istio.io',
  'storageclasses.storage.k8s.io',
  'priorityclasses.scheduling.k8s.io',
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
  'volumesnapshotclasses.snapshot.storage.k8s.io',
  'schedules.velero.io',
  'policies.config.kio.kasten.io',
  'servicemonitors.monitoring.coreos.com',
  'podmonitors.monitoring.coreos.com',
  'prometheusrules.monitoring.coreos.com',
  'prometheuses.monitoring.coreos.com',
  'alertmanagers.monitoring.coreos.com',
  'prometheusagents.monitoring.coreos.com',
  'thanosrulers.monitoring.coreos.com',
  'scrapeconfigs.monitoring.coreos.com',
  'vmagents.operator.victoriametrics.com',
  'vmalertmanagers.operator.victoriametrics.com',
  'vmalerts.operator.victoriametrics.com',
  'vmrules.operator.victoriametrics.com',
  'vmservicescrapes.operator.victoriametrics.com',
  'vmpodscrapes.operator.victoriametrics.com',
  'vmscrapeconfigs.operator.victoriametrics.com',
  'vmstaticscrapes.operator.victoriametrics.com',
  'podmonitorings.monitoring.googleapis.com',
  'clusterpodmonitorings.monitoring.googleapis.com',
  'rules.monitoring.googleapis.com',
  'clusterrules.monitoring.googleapis.com',
  'globalrules.monitoring.googleapis.com',
  'operatorconfigs.monitoring.googleapis.com',
  'opentelemetrycollectors.opentelemetry.io',
  'cephblockpools.ceph.rook.io',
  'cephfilesystems.ceph.rook.io',
  'ingresscontrollers.operator.openshift.io',
  'routes.route.openshift.io',
  ...['traefik.io', 'traefik.containo.us'].flatMap(group =>
    [
      'ingressroutes',
      'ingressroutetcps',
      'ingressrouteudps',
      'traefikservices',
    ].map(resource => `${resource}.${group}`),
  ),
  'httpproxies.projectcontour.io',
  'virtualservers.k8s.nginx.org',
  'transportservers.k8s.nginx.org',
  'virtualserverroutes.k8s.nginx.org',
  // Custom resources an operator creates pods from (checks/operatorPods.ts).
  ...OPERATOR_POD_OWNER_KEYS,
]);

/** @public */
export interface SnapshotFromObjectsOptions {
  cluster: ClusterInfo;
  /**
   * Default: `dump` when any Node, or any Pod read back from an API server (with a `metadata.uid`
   * or a status), is present, else `manifests` (see inferSnapshotMode). `live` means the objects
   * come from an API server, which checked built-in types against their schemas: only objects of
   * CRD types are then checked for fields of the wrong type (see objectShape.ts), and no object
   * for its apiVersion (an API server answers in versions it serves).
   */
  mode?: SnapshotMode;
  /**
   * Whether input read back from a cluster (a dump, or `live` objects) holds the cluster's
   * CustomResourceDefinitions; default: whether it holds any.
   * When it does, a custom resource type with neither objects nor CRD is `not-installed`. When it
   * does not (`kubectl get all` leaves CRDs out), installed and not dumped cannot be told apart:
   * such a type is `error`, and the checks that need it are `unknown` rather than judging the
   * tool absent.
   */
  crdsIncluded?: boolean;
  /** The cluster's clock; default: inferred from the objects (see inferSnapshotTime). */
  now?: string;
  /** Default: `now`. */
  fetchedAt?: string;
  version?: ClusterSnapshot['version'];
}

/** @public */
export interface SnapshotFromObjectsResult {
  snapshot: ClusterSnapshot;
  /**
   * `apiVersion/kind` → count, for kinds the engine does not use (Secrets included) and kustomize
   * files (`kustomize.config.k8s.io`, named or not).
   */
  ignored: Record<string, number>;
  /**
   * Inputs left out (index in the flattened input): not Kubernetes objects, objects with a field
   * of the wrong type or a label the API server would refuse (see objectShape.ts), objects of a
   * known kind at an apiVersion the engine does not read (not in `live` mode: see
   * apiVersionProblemOf), or a second, different definition of an object
   * (`duplicateOf`: the index of the first). An identical repeat is dropped without a word.
   */
  invalid: Array<{ index: number; reason: string; duplicateOf?: number }>;
}

/** The API group of kustomize's own files (`Kustomization`, `Component`), with its slash. */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io/';

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Flattens `kind: List` (and `*List`) documents, and drops empty documents. */
function flatten(objects: unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (value: unknown) => {
    if (value === null || value === undefined) return;
    if (
      isRecord(value) &&
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      Array.isArray(value.items)
    ) {
      value.items.forEach(visit);
    } else {
      out.push(value);
    }
  };
  objects.forEach(visit);
  return out;
}

const TIMESTAMP_FIELDS = [
  'lastTransitionTime',
  'lastHeartbeatTime',
  'lastUpdateTime',
  'startTime',
  'completionTimestamp',
  'creationTime',
  'lastBackup',
  'lastValidationTime',
];

function newest(current: number, candidate: unknown): number {
  if (typeof candidate !== 'string') return current;
  const t = Date.parse(candidate);
  return Number.isNaN(t) ? current : Math.max(current, t);
}

/** Newest known timestamp in an object: creation, and status times one level down and in conditions. */
function newestTimestampOf(obj: Record<string, any>): number {
  let t = newest(-Infinity, obj.metadata?.creationTimestamp);
  const status = obj.status;
  if (isRecord(status)) {
    for (const field of TIMESTAMP_FIELDS) t = newest(t, status[field]);
    for (const condition of Array.isArray(status.conditions)
      ? status.conditions
      : []) {
      if (isRecord(condition))
        for (const field of TIMESTAMP_FIELDS) t = newest(t, condition[field]);
    }
  }
  return t;
}

/**
 * The clock of the cluster when the objects were dumped: the newest Lease renewTime (leases renew
 * every few seconds), else the newest creation/status timestamp, else undefined.
 * @public
 */
export function inferSnapshotTime(objects: unknown[]): string | undefined {
  let lease = -Infinity;
  let other = -Infinity;
  for (const obj of flatten(objects)) {
    if (!isRecord(obj)) continue;
    if (obj.kind === 'Lease') lease = newest(lease, obj.spec?.renewTime);
    other = Math.max(other, newestTimestampOf(obj));
  }
  const best = Number.isFinite(lease) ? lease : other;
  return Number.isFinite(best) ? new Date(best).toISOString() : undefined;
}

/** `<plural>.<group>` keys of the CRDs present in the input. */
function crdKeys(objects: Record<string, any>[]): Set<string> {
  const keys = new Set<string>();
  for (const obj of objects) {
    if (obj.kind !== 'CustomResourceDefinition') continue;
    const plural = obj.spec?.names?.plural;
    const group = obj.spec?.group;
    if (typeof plural === 'string' && typeof group === 'string')
      keys.add(`${plural}.${group}`);
    else if (typeof obj.metadata?.name === 'string')
      keys.add(obj.metadata.name);
  }
  return keys;
}

function fetchStateFor(
  type: ResourceType,
  mode: SnapshotMode,
  hasObjects: boolean,
  crds: Set<string>,
  crdsIncluded: boolean,
): FetchState {
  if (mode === 'manifests') {
    return DECLARATIVE_KEYS.has(type.key) || hasObjects
      ? { status: 'ok' }
      : {
          status: 'absent',
          message: `${type.kind} objects are cluster state, not part of plain manifests`,
        };
  }
  if (isBuiltinGroup(type.group) || hasObjects || crds.has(type.key))
    return { status: 'ok' };
  if (!crdsIncluded)
    return {
      status: 'error',
      message: `${type.key}: neither its objects nor the cluster's CustomResourceDefinitions are in the dump, so whether it is installed cannot be told (dump them: kubectl get crd,${type.key} -A -o yaml)`,
    };
  return {
    status: 'not-installed',
    message: `no ${type.kind} in the dump and no CRD for it among the dump's CRDs: not installed`,
  };
}

/**
 * Turns parsed manifests or a `kubectl get -o yaml` dump into a ClusterSnapshot: objects grouped by
 * resource type, Secrets dropped, lists flattened, fetch states that tell checks what the input
 * could not contain (`absent` in a manifests scan, `not-installed` for CRD types missing from a dump
 * that holds CRDs, `error` for those of a dump without CRDs and for EndpointSlices a dump left out:
 * see dumpedEndpointSlices.ts).
 * @public
 */
export function snapshotFromObjects(
  objects: unknown[],
  options: SnapshotFromObjectsOptions,
): SnapshotFromObjectsResult {
  const ignored: Record<string, number> = {};
  const countIgnored = (apiVersion: string, kind: string) => {
    const key = `${apiVersion}/${kind}`;
    ignored[key] = (ignored[key] ?? 0) + 1;
  };
  const invalid: SnapshotFromObjectsResult['invalid'] = [];
  const grouped = new Map<ResourceKey, K8sObject[]>();
  // Type, namespace and name → the first definition: a second one would be counted twice (three
  // copies of one node are not three nodes) or hide the other.
  const firstDefinitions = new Map<
    string,
    { index: number; object: K8sObject }
  >();
  const records: Record<string, any>[] = [];

  flatten(objects).forEach((value, index) => {
    if (!isRecord(value)) {
      invalid.push({ index, reason: 'not an object' });
      return;
    }
    if (
      typeof value.kind !== 'string' ||
      typeof value.apiVersion !== 'string'
    ) {
      invalid.push({ index, reason: 'missing apiVersion or kind' });
      return;
    }
    // kustomization.yaml files are build instructions, not cluster objects, and usually have no
    // name: ignored like other kinds the engine does not read.
    if (value.apiVersion.startsWith(KUSTOMIZE_GROUP)) {
      countIgnored(value.apiVersion, value.kind);
      return;
    }
    if (
      !isRecord(value.metadata) ||
      typeof value.metadata.name !== 'string' ||
      value.metadata.name === ''
    ) {
      invalid.push({ index, reason: `${value.kind} without metadata.name` });
      return;
    }
    records.push(value);
    const type =
      value.kind === 'Secret'
        ? undefined
        : resourceTypeOf(value.apiVersion, value.kind);
    if (!type) {
      countIgnored(value.apiVersion, value.kind);
      return;
    }
    // Live objects of built-in types were checked against their schemas by the API server
    // (as in the collector), and live objects come at versions the server serves; files can
    // hold anything, `apps/v9` included.
    const live = options.mode === 'live';
    let problem = live ? undefined : apiVersionProblemOf(type, value);
    if (!problem && !(live && isBuiltinGroup(type.group)))
      problem = shapeProblemOf(type.key, value);
    if (problem) {
      invalid.push({
        index,
        reason: `${problem.object}: ${problem.message}`,
      });
      return;
    }
    // Namespaced manifests without a namespace land in `default`, as `kubectl apply` would do.
    const obj: K8sObject =
      type.namespaced && !value.metadata.namespace
        ? ({
            ...value,
            metadata: { ...value.metadata, namespace: 'default' },
          } as K8sObject)
        : (value as K8sObject);
    const identity = `${type.key}/${obj.metadata.namespace ?? ''}/${
      obj.metadata.name
    }`;
    const first = firstDefinitions.get(identity);
    if (first) {
      if (JSON.stringify(first.object) !== JSON.stringify(obj))
        invalid.push({
          index,
          duplicateOf: first.index,
          reason: `${obj.kind} ${
            obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''
          }${
            obj.metadata.name
          } is defined twice, differently: keep one definition`,
        });
      return;
    }
    firstDefinitions.set(identity, { index, object: obj });
    const bucket = grouped.get(type.key);
    if (bucket) bucket.push(obj);
    else grouped.set(type.key, [obj]);
  });

  const mode: SnapshotMode = options.mode ?? inferSnapshotMode(grouped);
  const crds = crdKeys(records);
  const slicesLeftOut =
    mode === 'dump'
      ? undumpedEndpointSlices(
          grouped.get('services') ?? [],
          grouped.get('endpointslices.discovery.k8s.io') ?? [],
        )
      : undefined;
  const snapshotObjects: ClusterSnapshot['objects'] = {};
  const fetch: ClusterSnapshot['fetch'] = {};
  for (const type of RESOURCE_TYPES) {
    const found = grouped.get(type.key);
    const state =
      (type.key === 'endpointslices.discovery.k8s.io' && slicesLeftOut) ||
      fetchStateFor(
        type,
        mode,
        found !== undefined,
        crds,
        options.crdsIncluded ?? crds.size > 0,
      );
    fetch[type.key] = state;
    if (state.status === 'ok') snapshotObjects[type.key] = found ?? [];
  }

  // Reading files is input handling, not evaluation: the local clock is the last resort.
  const now =
    options.now ??
    inferSnapshotTime(records) ??
    options.fetchedAt ??
    new Date().toISOString();
  return {
    snapshot: {
      cluster: options.cluster,
      mode,
      fetchedAt: options.fetchedAt ?? now,
      now,
      ...(options.version ? { version: options.version } : {}),
      objects: snapshotObjects,
      fetch,
    },
    ignored,
    invalid,
  };
}
