/**
 * cluster-autoscaler Deployments and where each writes its status report. The autoscaler writes the
 * report to the namespace of its `--namespace` flag (default kube-system) under the name of
 * `--status-config-map-name` (default cluster-autoscaler-status), and not at all with
 * `--write-status-configmap=false`. The official Helm chart passes `--namespace` = its release
 * namespace, OpenShift's operator its own namespace (openshift-machine-api). Pure: the collector
 * uses it to know which report to read, the check to find it in the snapshot.
 */
import { boolFlag, containerArgv, flagValues } from './goFlags';
import { K8sObject } from './snapshot';

/** Where the report is when the flags say nothing (also where AKS's hosted autoscaler writes it). */
export const DEFAULT_STATUS_NAMESPACE = 'kube-system';
export const DEFAULT_STATUS_CONFIGMAP = 'cluster-autoscaler-status';
/** The data key of the report in its ConfigMap. */
export const STATUS_DATA_KEY = 'status';

const AUTOSCALER_BINARY = 'cluster-autoscaler';

/** The image's repository path without registry, tag or digest: `registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0` → its last segment. */
function imageName(image: unknown): string {
  if (typeof image !== 'string') return '';
  const path = image.split('@')[0];
  const last = path.slice(path.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 ? last : last.slice(0, colon);
}

/**
 * A container of the Kubernetes cluster autoscaler: its image (chart, manifests, Bitnami) or its
 * command (`./cluster-autoscaler`; OpenShift's image is a digest of its release payload).
 */
export function isAutoscalerContainer(container: any): boolean {
  if (imageName(container?.image) === AUTOSCALER_BINARY) return true;
  const command = Array.isArray(container?.command)
    ? container.command[0]
    : undefined;
  return (
    typeof command === 'string' &&
    command.split('/').pop() === AUTOSCALER_BINARY
  );
}

/** The cluster-autoscaler container of a Deployment, if it runs one. */
export function autoscalerContainer(deployment: K8sObject): any {
  const containers = deployment.spec?.template?.spec?.containers;
  return Array.isArray(containers)
    ? containers.find(isAutoscalerContainer)
    : undefined;
}

/** Where a cluster-autoscaler writes its status report, or why it writes none or where is unknown. */
export type StatusReportLocation =
  | { written: true; namespace: string; name: string }
  | { written: false; reason: string };

/** The value of a string flag (the last occurrence wins, as in pflag), the default when absent. */
function stringFlag(
  argv: string[],
  name: string,
  fallback: string,
): { value: string } | { problem: string } {
  const values = flagValues(argv, name);
  if (values.length === 0) return { value: fallback };
  const value = values[values.length - 1];
  // An empty namespace or name is no place the report can be written to.
  return value === '' ? { problem: `--${name} is empty` } : { value };
}

/**
 * Where the cluster-autoscaler container of `deployment` writes its status report, from its
 * command and args (`--flag=value` or `--flag value`; a boolean as Go parses it). Undefined when
 * the Deployment runs no cluster-autoscaler container.
 */
export function statusReportLocation(
  deployment: K8sObject,
): StatusReportLocation | undefined {
  const container = autoscalerContainer(deployment);
  if (!container) return undefined;
  const argv = containerArgv(container);
  const write = boolFlag(argv, ['write-status-configmap']);
  if (write?.value === false)
    return { written: false, reason: `it runs with ${write.text}` };
  if (write && write.value === undefined)
    return {
      written: false,
      reason: `${write.text} is not a Go boolean (the autoscaler refuses to start with it)`,
    };
  const namespace = stringFlag(argv, 'namespace', DEFAULT_STATUS_NAMESPACE);
  const name = stringFlag(
    argv,
    'status-config-map-name',
    DEFAULT_STATUS_CONFIGMAP,
  );
  if ('problem' in namespace)
    return { written: false, reason: namespace.problem };
  if ('problem' in name) return { written: false, reason: name.problem };
  return { written: true, namespace: namespace.value, name: name.value };
}

/**
 * The autoscaler's `--max-nodes-total`: it adds no node once the cluster has that many (0, the
 * default, means no limit). Undefined without a limit or when the value is not a whole number
 * (the autoscaler would refuse to start).
 */
export function maxNodesTotal(deployment: K8sObject): number | undefined {
  const container = autoscalerContainer(deployment);
  if (!container) return undefined;
  const values = flagValues(containerArgv(container), 'max-nodes-total');
  if (values.length === 0) return undefined;
  const value = values[values.length - 1];
  if (!/^\d+$/.test(value)) return undefined;
  const limit = Number(value);
  return limit > 0 ? limit : undefined;
}

/** The Deployments that run a cluster-autoscaler container. */
export function clusterAutoscalerDeployments(
  deployments: readonly K8sObject[],
): K8sObject[] {
  return deployments.filter(d => autoscalerContainer(d) !== undefined);
}
