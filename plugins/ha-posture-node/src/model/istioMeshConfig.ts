/**
 * istiod's MeshConfig: each istiod Deployment reads the ConfigMap `istio` of its namespace, or
 * `istio-<revision>` for a revisioned control plane, under the data key `mesh` (a YAML document).
 * The collector reads those ConfigMaps after the Deployments; dr-traffic-failover reads which
 * Services it keeps cluster-local and the mesh id.
 */
import YAML from 'yaml';
import { containerArgv, flagValues } from './goFlags';
import { K8sObject } from './snapshot';

export const MESH_CONFIG_DATA_KEY = 'mesh';

/** The revision label of istiod Deployments and of the pods whose sidecars they configure. */
export const ISTIO_REVISION_LABEL = 'istio.io/rev';

/** istiod Deployments: `istiod` or `istiod-<revision>`, labelled app: istiod by Istio's charts. */
export function istiodDeployments(
  deployments: readonly K8sObject[],
): K8sObject[] {
  return deployments.filter(
    d =>
      d.metadata?.labels?.app === 'istiod' &&
      /^istiod(-.+)?$/.test(d.metadata?.name ?? ''),
  );
}

/** The revision of an istiod Deployment or of a meshed pod (`default` when unlabelled). */
export function istioRevisionOf(obj: K8sObject): string {
  const revision = obj.metadata?.labels?.[ISTIO_REVISION_LABEL];
  return typeof revision === 'string' && revision !== '' ? revision : 'default';
}

/** Where an istiod Deployment reads its MeshConfig. */
export function meshConfigRef(istiod: K8sObject): {
  namespace: string;
  name: string;
} {
  const revision = istioRevisionOf(istiod);
  return {
    namespace: istiod.metadata?.namespace ?? 'istio-system',
    name: revision === 'default' ? 'istio' : `istio-${revision}`,
  };
}

/**
 * The cluster domain istiod names Services with: its `--domain` flag (Istio's chart passes
 * global.proxy.clusterDomain there), else `cluster.local`.
 */
export function istiodClusterDomain(istiod: K8sObject): string {
  const containers: any[] = Array.isArray(
    istiod.spec?.template?.spec?.containers,
  )
    ? istiod.spec.template.spec.containers
    : [];
  const discovery =
    containers.find(c => c?.name === 'discovery') ?? containers[0];
  const argv = containerArgv(discovery);
  return flagValues(argv, 'domain').pop() || 'cluster.local';
}

/** What dr-traffic-failover reads of a MeshConfig. */
export interface MeshSettings {
  /** defaultConfig.meshId, when set. */
  meshId?: string;
  /** Host patterns of serviceSettings entries with clusterLocal: true. */
  clusterLocalHosts: string[];
}

/** The settings of a MeshConfig document; a string saying why it cannot be read. */
export function parseMeshConfig(text: unknown): MeshSettings | string {
  if (typeof text !== 'string') return 'its mesh key holds no MeshConfig';
  let mesh: any;
  try {
    mesh = YAML.parse(text);
  } catch (error) {
    return `its mesh key is not valid YAML (${
      error instanceof Error ? error.message.split('\n')[0] : String(error)
    })`;
  }
  if (mesh === null || mesh === undefined) return { clusterLocalHosts: [] };
  if (typeof mesh !== 'object' || Array.isArray(mesh))
    return 'its mesh key is not a MeshConfig object';
  const clusterLocalHosts: string[] = [];
  const settings = Array.isArray(mesh.serviceSettings)
    ? mesh.serviceSettings
    : [];
  for (const entry of settings)
    if (entry?.settings?.clusterLocal === true && Array.isArray(entry.hosts))
      for (const host of entry.hosts)
        if (typeof host === 'string') clusterLocalHosts.push(host);
  const meshId = mesh.defaultConfig?.meshId;
  return {
    ...(typeof meshId === 'string' && meshId !== '' ? { meshId } : {}),
    clusterLocalHosts,
  };
}

/** Whether an Istio host pattern (`*`, `*.shop.svc.cluster.local`, an exact name) matches a host. */
export function istioHostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1));
}
