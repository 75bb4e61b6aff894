import { ResourceType } from '../model/resources';
import { K8sObject } from '../model/snapshot';

/**
 * Projection of listed objects to a slim snapshot. Checks read spec and status fields of many kinds,
 * so this is a denylist of what no check needs and what makes objects heavy: server bookkeeping,
 * copies of the applied manifest, container environments (often secret-adjacent), configuration
 * payloads, image inventories.
 */

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/**
 * The one data key checks read of each named ConfigMap: kubeadm's ClusterConfiguration (external
 * etcd endpoints), cluster-autoscaler's status report. Any other ConfigMap keeps no data.
 */
const KEPT_CONFIGMAP_KEYS: ReadonlyMap<string, string> = new Map([
  ['kubeadm-config', 'ClusterConfiguration'],
  ['cluster-autoscaler-status', 'status'],
  // istiod's MeshConfig (istio-<revision> ConfigMaps are read with their key given).
  ['istio', 'mesh'],
]);
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];
const CONTAINER_STATUS_LISTS = [
  'containerStatuses',
  'initContainerStatuses',
  'ephemeralContainerStatuses',
];
const NODE_STATUS_DROPPED = ['images', 'volumesInUse', 'volumesAttached'];
const CONTAINER_STATUS_DROPPED = ['image', 'imageID', 'containerID'];

type Json = Record<string, any>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function without(obj: Json, keys: string[]): Json {
  if (!keys.some(k => k in obj)) return obj;
  const copy = { ...obj };
  for (const key of keys) delete copy[key];
  return copy;
}

function mapRecords(list: unknown, project: (item: Json) => Json): unknown {
  return Array.isArray(list)
    ? list.map(item => (isRecord(item) ? project(item) : item))
    : list;
}

function projectMetadata(metadata: Json): Json {
  const kept = { ...metadata };
  delete kept.managedFields;
  if (isRecord(kept.annotations))
    kept.annotations = without(kept.annotations, [LAST_APPLIED]);
  return kept;
}

/** Drops container env/envFrom in a pod spec, and in the pod template of a workload spec. */
function projectPodSpecs(spec: Json): Json {
  let projected = spec;
  for (const list of CONTAINER_LISTS) {
    if (Array.isArray(spec[list])) {
      projected = {
        ...projected,
        [list]: mapRecords(spec[list], c => without(c, ['env', 'envFrom'])),
      };
    }
  }
  const template = spec.template;
  if (isRecord(template) && isRecord(template.spec)) {
    projected = {
      ...projected,
      template: { ...template, spec: projectPodSpecs(template.spec) },
    };
  }
  return projected;
}

function projectStatus(status: Json, type: ResourceType): Json {
  if (type.key === 'nodes') return without(status, NODE_STATUS_DROPPED);
  if (type.key !== 'pods') return status;
  let projected = status;
  for (const list of CONTAINER_STATUS_LISTS) {
    if (Array.isArray(status[list])) {
      projected = {
        ...projected,
        [list]: mapRecords(status[list], s =>
          without(s, CONTAINER_STATUS_DROPPED),
        ),
      };
    }
  }
  return projected;
}

function projectConfigMapData(
  data: unknown,
  name: string,
  keptDataKey: string | undefined,
): unknown {
  if (!isRecord(data)) return data;
  const kept = keptDataKey ?? KEPT_CONFIGMAP_KEYS.get(name);
  return kept !== undefined && kept in data ? { [kept]: data[kept] } : {};
}

/**
 * The slim copy of one listed object (the input is not changed), with `apiVersion` and `kind` set
 * (list items omit them). Undefined for an item that is not an object with a name. A ConfigMap
 * keeps the data key checks read under its name, or `keptDataKey` (a cluster-autoscaler status
 * report under a name of its own).
 */
export function projectObject(
  item: unknown,
  type: ResourceType,
  apiVersion: string,
  keptDataKey?: string,
): K8sObject | undefined {
  if (
    !isRecord(item) ||
    !isRecord(item.metadata) ||
    typeof item.metadata.name !== 'string'
  )
    return undefined;
  const projected: Json = {
    ...item,
    apiVersion,
    kind: type.kind,
    metadata: projectMetadata(item.metadata),
  };
  if (isRecord(item.spec)) projected.spec = projectPodSpecs(item.spec);
  if (isRecord(item.status))
    projected.status = projectStatus(item.status, type);
  if (type.key === 'configmaps') {
    projected.data = projectConfigMapData(
      item.data,
      item.metadata.name,
      keptDataKey,
    );
    delete projected.binaryData;
  }
  return projected as K8sObject;
}
