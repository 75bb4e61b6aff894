import { ClusterCheck, CheckOutcome } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { sliceLeftOutOfDump } from '../../engine/dumpedEndpointSlices';
import { endpointSpread } from '../network/serviceEndpoints';
import { describeObject, notEvaluable, objectTarget, plural } from '../util';
import { describeNames } from '../wording';
import { workloadsSelectedByService } from '../workloads';
import { blocksOwnPods } from './webhookSelfDeadlock';

const WEBHOOK_KEYS = [
  'validatingwebhookconfigurations.admissionregistration.k8s.io',
  'mutatingwebhookconfigurations.admissionregistration.k8s.io',
];

/** The port the API server calls when clientConfig.service.port is unset. */
const DEFAULT_WEBHOOK_PORT = 443;

/** One webhook of a configuration that fails closed and is served by a Service in the cluster. */
interface ClosedWebhook {
  name: string;
  namespace: string;
  service: string;
  port: number;
  /** The webhook as configured (rules, selectors). */
  spec: any;
}

/**
 * The webhooks of a configuration that reject requests when their backend does not answer:
 * failurePolicy Fail (the default of admissionregistration.k8s.io/v1) and a Service in the
 * cluster. A webhook called by URL runs outside the cluster (or on the control plane, as EKS's
 * pod identity webhook does), where the engine cannot see its replicas.
 */
function closedWebhooks(configuration: K8sObject): {
  closed: ClosedWebhook[];
  byUrl: string[];
} {
  const closed: ClosedWebhook[] = [];
  const byUrl: string[] = [];
  const webhooks = Array.isArray(configuration.webhooks)
    ? configuration.webhooks
    : [];
  for (const webhook of webhooks) {
    if (typeof webhook?.name !== 'string') continue;
    if ((webhook.failurePolicy ?? 'Fail') !== 'Fail') continue;
    const service = webhook.clientConfig?.service;
    if (
      typeof service?.name === 'string' &&
      typeof service?.namespace === 'string'
    )
      closed.push({
        name: webhook.name,
        namespace: service.namespace,
        service: service.name,
        port:
          typeof service.port === 'number'
            ? service.port
            : DEFAULT_WEBHOOK_PORT,
        spec: webhook,
      });
    else if (typeof webhook.clientConfig?.url === 'string')
      byUrl.push(webhook.name);
  }
  return { closed, byUrl };
}

type Health = 'down' | 'single' | 'spread';

interface BackendVerdict {
  health: Health;
  /** `Service gatekeeper-system/gatekeeper-webhook-service has 1 ready endpoint on 1 node`. */
  text: string;
}

/**
 * Why the API server cannot call the Service at all, if it cannot: it resolves a webhook Service
 * to its cluster IP and port (apiserver's ClusterIP service resolver), so a headless Service or a
 * port the Service does not have fails every call.
 */
function unreachableService(svc: K8sObject, port: number): string | undefined {
  const subject = describeObject(svc, 'Service');
  if (svc.spec?.clusterIP === 'None')
    return `${subject} is headless: the API server calls webhooks through a cluster IP`;
  const ports: any[] = Array.isArray(svc.spec?.ports) ? svc.spec.ports : [];
  if (!ports.some(p => p?.port === port))
    return `${subject} has no port ${port}, which the webhook calls`;
  return undefined;
}

/** Replicas behind the Service, from the cluster's EndpointSlices; a string says why not judged. */
function judgeLiveBackend(
  cluster: ClusterView,
  svc: K8sObject,
): BackendVerdict | string {
  if (sliceLeftOutOfDump(cluster, svc))
    return `the dump holds no EndpointSlice of ${describeObject(
      svc,
      'Service',
    )}`;
  const spread = endpointSpread(cluster, svc);
  const subject = describeObject(svc, 'Service');
  const endpoints = plural(spread.ready, 'ready endpoint');
  if (spread.ready === 0)
    return { health: 'down', text: `${subject} has ${endpoints}` };
  // Endpoints without a node (a Service without selector, managed by hand): judged by count.
  if (spread.nodes.length === 0)
    return {
      health: spread.ready >= 2 ? 'spread' : 'single',
      text: `${subject} has ${endpoints} (their nodes are not reported)`,
    };
  const text = `${subject} has ${endpoints} on ${plural(
    spread.nodes.length,
    'node',
  )}`;
  return {
    health: spread.ready >= 2 && spread.nodes.length >= 2 ? 'spread' : 'single',
    text,
  };
}

/** In manifests: the replica floor of the workloads the Service selects; a string says why not judged. */
function judgeDeclaredBackend(
  cluster: ClusterView,
  svc: K8sObject,
  backing: Workload[],
): BackendVerdict | string {
  const subject = describeObject(svc, 'Service');
  // Deployed from elsewhere (another chart or repository): nothing to judge here.
  if (backing.length === 0)
    return `the workload behind ${subject} is not in the scan`;
  const names = describeNames(backing.map(w => `${w.kind} ${w.name}`));
  // A DaemonSet runs a pod on every node it is scheduled on: replicated by design.
  if (backing.some(w => w.kind === 'DaemonSet'))
    return { health: 'spread', text: `${subject} selects ${names}` };
  const floor = backing.reduce(
    (sum, w) => sum + cluster.replicaFloor(w).floor,
    0,
  );
  const text = `${subject} selects ${names} with ${plural(floor, 'replica')}`;
  if (floor === 0) return { health: 'down', text };
  return { health: floor >= 2 ? 'spread' : 'single', text };
}

const RANK: Record<Health, number> = { down: 0, single: 1, spread: 2 };

/** Why a configuration has nothing to judge: no webhook fails closed on a Service of the cluster. */
function nothingClosed(subject: string, byUrl: string[]): string {
  if (byUrl.length === 0)
    return `${subject} has no webhook that fails closed on a Service of the cluster`;
  const calls = byUrl.length === 1 ? 'is' : 'are';
  return `${subject} has no webhook that fails closed on a Service of the cluster (${describeNames(
    byUrl,
  )} ${calls} called by URL, outside the cluster's view)`;
}

function judgeConfiguration(
  cluster: ClusterView,
  configuration: K8sObject,
): CheckOutcome {
  const target = objectTarget(cluster, configuration);
  const subject = describeObject(configuration);
  const { closed, byUrl } = closedWebhooks(configuration);
  const manifests = cluster.snapshot.mode === 'manifests';
  const verdicts: Array<BackendVerdict & { webhooks: string[] }> = [];
  const undecided: string[] = [];
  /** Webhooks that would refuse their own backend's replacement pods. */
  const selfBlocking: string[] = [];
  const byService = new Map<string, ClosedWebhook[]>();
  for (const webhook of closed) {
    const key = `${webhook.namespace}/${webhook.service}:${webhook.port}`;
    byService.set(key, [...(byService.get(key) ?? []), webhook]);
  }
  for (const webhooks of byService.values()) {
    const { namespace, service, port } = webhooks[0];
    const names = webhooks.map(w => w.name);
    const svc = cluster.get('services', namespace, service);
    if (!svc) {
      if (manifests)
        undecided.push(`Service ${namespace}/${service} is not in the scan`);
      else
        verdicts.push({
          health: 'down',
          text: `Service ${namespace}/${service} does not exist`,
          webhooks: names,
        });
      continue;
    }
    // An ExternalName Service sends the call to a host outside the cluster, as a URL webhook does.
    if (svc.spec?.type === 'ExternalName') {
      byUrl.push(...names);
      continue;
    }
    const unreachable = unreachableService(svc, port);
    if (unreachable) {
      verdicts.push({ health: 'down', text: unreachable, webhooks: names });
      continue;
    }
    const backend = workloadsSelectedByService(cluster, svc);
    const verdict = manifests
      ? judgeDeclaredBackend(cluster, svc, backend)
      : judgeLiveBackend(cluster, svc);
    if (typeof verdict === 'string') undecided.push(verdict);
    else verdicts.push({ ...verdict, webhooks: names });
    for (const webhook of webhooks)
      if (
        backend.some(w =>
          blocksOwnPods(cluster, webhook.spec, w.namespace, w.templateLabels),
        )
      )
        selfBlocking.push(webhook.name);
  }
  const evidence = {
    failClosed: closed.map(w => w.name),
    ...(byUrl.length > 0 ? { outsideCluster: byUrl } : {}),
    backends: verdicts.map(v => ({ webhooks: v.webhooks, health: v.health })),
    ...(selfBlocking.length > 0 ? { blocksOwnPods: selfBlocking } : {}),
  };
  const deadlock =
    selfBlocking.length > 0
      ? `; ${describeNames(selfBlocking)} also ${
          selfBlocking.length === 1 ? 'judges' : 'judge'
        } the creation of its own backend's pods, so once they are all down the API server refuses their replacements: a deadlock only an administrator can break`
      : '';
  if (verdicts.length === 0) {
    if (undecided.length === 0)
      return {
        status: 'skipped',
        message: nothingClosed(subject, byUrl),
        target,
        evidence,
      };
    return {
      // What a cluster snapshot lacks may be the single point of failure; manifests just do not show it.
      status: manifests ? 'skipped' : 'unknown',
      message: `${subject}: ${undecided.join('; ')}`,
      target,
      evidence,
    };
  }
  verdicts.sort((a, b) => RANK[a.health] - RANK[b.health]);
  const worst = verdicts[0].health;
  const describe = (v: (typeof verdicts)[number]) =>
    `${describeNames(v.webhooks)}: ${v.text}`;
  const worstOnes = verdicts
    .filter(v => v.health === worst)
    .map(describe)
    .join('; ');
  if (worst === 'down')
    return {
      status: 'fail',
      message: `${subject} fails closed with no working backend: ${worstOnes}; the API server rejects every request its rules match${deadlock}`,
      target,
      evidence,
    };
  if (worst === 'single')
    return {
      status: 'warn',
      message: `${subject} fails closed on a single point of failure: ${worstOnes}; while that replica or node is down, the API server rejects every request its rules match${deadlock}`,
      target,
      evidence,
    };
  const notJudged =
    undecided.length > 0 ? `; not judged: ${undecided.join('; ')}` : '';
  if (deadlock)
    return {
      status: 'warn',
      message: `${subject} fails closed on replicated backends: ${verdicts
        .map(describe)
        .join('; ')}${deadlock}${notJudged}`,
      remediation:
        "Exclude the webhook's own namespace from its namespaceSelector (kubernetes.io/metadata.name NotIn [<namespace>]) or its own pods with an objectSelector.",
      target,
      evidence,
    };
  return {
    status: notJudged && !manifests ? 'unknown' : 'pass',
    message: `${subject} fails closed on replicated backends: ${verdicts
      .map(describe)
      .join('; ')}${notJudged}`,
    target,
    evidence,
  };
}

export const controlPlaneAdmissionWebhooks: ClusterCheck = {
  id: 'control-plane-admission-webhooks',
  title: 'Admission webhooks that fail closed have replicated backends',
  category: 'control-plane',
  severity: 'high',
  scope: 'cluster',
  rationale:
    'Every API request a webhook matches waits for it. With failurePolicy Fail (the default) and its backend down, the API ' +
    'server rejects those requests: a policy engine or certificate webhook with one replica can stop every deploy, and, ' +
    'when its rules match pods, the recreation of pods after a node failure. A webhook that judges the creation of its own ' +
    "backend's pods cannot come back once they are all down: the API server refuses their replacements.",
  remediation:
    'Run the webhook backend with at least 2 replicas spread over nodes and a PodDisruptionBudget, or set failurePolicy ' +
    'Ignore where skipping the webhook is acceptable; narrow its rules and namespaceSelector (exclude kube-system and the ' +
    "webhook's own namespace) so that it cannot block its own recovery.",
  references: [
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#failure-policy',
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/#avoiding-deadlocks-in-self-hosted-webhooks',
  ],
  evaluate({ cluster }): CheckOutcome | CheckOutcome[] {
    const missing = notEvaluable(cluster, ...WEBHOOK_KEYS);
    if (missing) return missing;
    const configurations = WEBHOOK_KEYS.flatMap(key => cluster.list(key));
    if (configurations.length === 0)
      return {
        status: 'skipped',
        message: 'No admission webhook is configured',
      };
    if (cluster.snapshot.mode !== 'manifests') {
      const services = notEvaluable(
        cluster,
        'services',
        'endpointslices.discovery.k8s.io',
      );
      if (services)
        return {
          ...services,
          message: `Cannot tell whether webhook backends answer: ${services.message}`,
        };
    }
    return configurations.map(c => judgeConfiguration(cluster, c));
  },
};
