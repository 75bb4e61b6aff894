/**
 * Whether Traefik's Kubernetes CRD provider follows a route's reference to a Service in another
 * namespace: only with its allowCrossNamespace option, false unless set (the provider's option is
 * a plain bool; Traefik logs the refused reference and leaves the route without that backend).
 * Read from the flags of the controller's pods: `--providers.kubernetescrd.allowcrossnamespace`
 * (Traefik's flags ignore case) or its environment variable. Pods that take their static
 * configuration from a file say nothing the API shows.
 */
import { containerArgv } from '../../model/goFlags';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { longRunningContainers, perCluster } from '../util';
import { controllerWorkloads } from './ingressControllerWorkloads';
import { INGRESS_CLASSES } from './ingressClass';

export type CrossNamespacePolicy =
  /** Followed, or nothing to tell here (a missing class is judged where the route's class is). */
  | { state: 'allowed' }
  | { state: 'refused'; reason: string; fix: string }
  | { state: 'unknown'; reason: string };

const FLAG = /^--providers\.kubernetescrd\.allowcrossnamespace(?:=(.*))?$/i;
const ENV = 'TRAEFIK_PROVIDERS_KUBERNETESCRD_ALLOWCROSSNAMESPACE';
/** A configuration file given on the command line: the file is the static configuration. */
const CONFIG_FILE_FLAG = /^--configfile(=|$)/i;
/** Flags of Traefik's static configuration: given on the command line, no file is read. */
const STATIC_FLAG = /^--(providers|entrypoints|api|log|ping|metrics)\./i;

/**
 * One workload's setting: true or false when it says, undefined when its configuration is elsewhere.
 * Traefik reads its static configuration from one source only, a file first, then the command
 * line, then the environment.
 */
function settingOf(workload: Workload): boolean | undefined {
  let cliConfig = false;
  let fromEnv: boolean | undefined;
  for (const c of longRunningContainers(workload.podSpec)) {
    // A volume at Traefik's default location (/etc/traefik/traefik.yml) may hold the file it reads first.
    if (
      (Array.isArray(c?.volumeMounts) ? c.volumeMounts : []).some(
        (m: any) =>
          typeof m?.mountPath === 'string' &&
          m.mountPath.replace(/\/+$/, '').startsWith('/etc/traefik'),
      )
    )
      return undefined;
    const argv = containerArgv(c);
    for (const arg of argv) {
      if (CONFIG_FILE_FLAG.test(arg)) return undefined;
      const flag = FLAG.exec(arg);
      if (flag)
        return flag[1] === undefined || flag[1].toLowerCase() === 'true';
      if (STATIC_FLAG.test(arg)) cliConfig = true;
    }
    const env = (Array.isArray(c?.env) ? c.env : []).find(
      (e: any) => e?.name === ENV,
    );
    if (typeof env?.value === 'string')
      fromEnv = env.value.toLowerCase() === 'true';
  }
  if (cliConfig) return false;
  return fromEnv;
}

/** The policy of the Traefik pods serving each IngressClass, once per cluster. */
const policies = perCluster(cluster => {
  const byClass = new Map<string, CrossNamespacePolicy>();
  return (className: string): CrossNamespacePolicy => {
    const known = byClass.get(className);
    if (known) return known;
    const policy = policyOf(cluster, className);
    byClass.set(className, policy);
    return policy;
  };
});

function policyOf(
  cluster: ClusterView,
  className: string,
): CrossNamespacePolicy {
  const ingressClass: K8sObject | undefined = cluster
    .list(INGRESS_CLASSES)
    .find(c => c.metadata.name === className);
  // A missing class is judged as such where the route's class is.
  if (!ingressClass) return { state: 'allowed' };
  const workloads = controllerWorkloads(cluster, ingressClass);
  const unknown = (why: string): CrossNamespacePolicy => ({
    state: 'unknown',
    reason: `whether Traefik follows a reference to another namespace (allowCrossNamespace) cannot be told: ${why}`,
  });
  if (workloads.length === 0)
    return unknown(`no Traefik pods of IngressClass ${className} were found`);
  const settings = workloads.map(settingOf);
  if (settings.some(s => s === undefined))
    return unknown(
      'its pods take their static configuration from a file or from elsewhere than their arguments',
    );
  if (settings.every(s => s === true)) return { state: 'allowed' };
  if (settings.every(s => s === false))
    return {
      state: 'refused',
      reason:
        'Traefik refuses references to another namespace unless --providers.kubernetescrd.allowCrossNamespace=true, which its pods do not set',
      fix: "Move the route (or its TraefikService) into the Service's namespace, or start Traefik with --providers.kubernetescrd.allowCrossNamespace=true.",
    };
  return unknown(
    'its pods differ in --providers.kubernetescrd.allowCrossNamespace',
  );
}

/** Whether Traefik's pods of the class follow references across namespaces. */
export function traefikCrossNamespace(
  cluster: ClusterView,
  className: string,
): CrossNamespacePolicy {
  return policies(cluster)(className);
}
