import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { ResourceKey } from '../../model/resources';
import { describeObject, notEvaluable, objectTarget } from '../util';
import { HPA_KEY, workloadsInNamespace } from '../workloads';

/** Scale targets whose existence the engine can verify. */
const TARGET_KEYS: Record<string, ResourceKey> = {
  Deployment: 'deployments.apps',
  StatefulSet: 'statefulsets.apps',
  ReplicaSet: 'replicasets.apps',
  Rollout: 'rollouts.argoproj.io',
};

export const hpaTargetExists: ClusterCheck = {
  id: 'hpa-target-exists',
  title: 'HPAs target existing workloads',
  category: 'replicas',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    'An HPA whose scaleTargetRef names a workload that does not exist (a rename, a typo, a kind never installed) scales nothing: ' +
    'the workload it was meant for runs without the replica floor and the headroom the team believes it has.',
  remediation:
    'Point spec.scaleTargetRef (apiVersion, kind, name) at the workload in the same namespace, or delete the stale HPA.',
  references: [
    'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#how-does-a-horizontalpodautoscaler-work',
  ],
  evaluate({ cluster }) {
    const missing = notEvaluable(cluster, HPA_KEY);
    if (missing) return missing;
    const hpas = cluster.list(HPA_KEY);
    if (hpas.length === 0)
      return { status: 'skipped', message: 'No HorizontalPodAutoscalers' };

    const manifests = cluster.snapshot.mode === 'manifests';
    const findings: CheckOutcome[] = [];
    const notInScan: CheckOutcome[] = [];
    const unverified: string[] = [];
    for (const hpa of hpas) {
      const ref = hpa.spec?.scaleTargetRef ?? {};
      const namespace = hpa.metadata.namespace ?? 'default';
      const target = objectTarget(cluster, hpa, 'HorizontalPodAutoscaler');
      const refText = `${ref.kind ?? '(no kind)'} ${namespace}/${
        ref.name ?? '(no name)'
      }`;
      const key = TARGET_KEYS[ref.kind];
      if (!key || typeof ref.name !== 'string') {
        // Custom kinds with a scale subresource cannot be verified here.
        unverified.push(`${hpa.metadata.name} → ${refText}`);
        continue;
      }
      const state = cluster.fetchState(key);
      const evidence = { hpa: hpa.metadata.name, scaleTargetRef: ref };
      if (state.status === 'not-installed') {
        findings.push({
          status: 'fail',
          target,
          message: `${describeObject(hpa, 'HPA')} targets ${refText}, but ${
            ref.kind
          } is not installed on the cluster: it scales nothing`,
          evidence,
        });
      } else if (state.status === 'absent') {
        unverified.push(`${hpa.metadata.name} → ${refText}`);
      } else if (state.status !== 'ok') {
        findings.push({
          status: 'unknown',
          target,
          message: `Cannot verify ${describeObject(
            hpa,
            'HPA',
          )}: ${cluster.unavailable(key)}`,
          evidence,
        });
      } else if (
        manifests &&
        !cluster.get(key, namespace, ref.name) &&
        workloadsInNamespace(cluster, namespace).length === 0
      ) {
        // Alone in its namespace: the workload comes from another chart or repository.
        notInScan.push({
          status: 'skipped',
          target,
          message: `${describeObject(
            hpa,
            'HPA',
          )} targets ${refText}, but the manifests hold no workload in namespace ${namespace}: its target is deployed from elsewhere, judged on a cluster`,
          evidence,
        });
      } else if (!cluster.get(key, namespace, ref.name)) {
        findings.push({
          // A manifests scan may simply not include the target.
          status: manifests ? 'warn' : 'fail',
          target,
          message: `${describeObject(hpa, 'HPA')} targets ${refText}, which ${
            manifests ? 'is not among the scanned manifests' : 'does not exist'
          }: it scales nothing`,
          evidence,
        });
      }
    }
    if (findings.length > 0) return [...findings, ...notInScan];
    const verified = hpas.length - unverified.length - notInScan.length;
    if (verified === 0 && notInScan.length > 0) return notInScan;
    if (verified === 0) {
      return {
        status: 'skipped',
        message: `No HPA targets a kind the engine can verify (${unverified.join(
          '; ',
        )})`,
        evidence: { unverified },
      };
    }
    return [
      {
        status: 'pass',
        message:
          verified === 1
            ? 'The HPA with a verifiable target scales an existing workload'
            : `All ${verified} HPAs with a verifiable target scale an existing workload`,
        evidence: {
          hpas: hpas.length,
          verified,
          ...(unverified.length ? { unverified } : {}),
        },
      },
      ...notInScan,
    ];
  },
};
