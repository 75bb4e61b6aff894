import { WorkloadCheck } from '../../model/checks';
import { distinct, plural } from '../util';
import { countOf, rolloutInProgress } from '../workloads';
import { everyOne } from '../wording';
import { downNodesExplainingGap, notReadyPods } from '../nodes/nodeFacts';

export const daemonsetCoverage: WorkloadCheck = {
  id: 'daemonset-coverage',
  title: 'DaemonSet ready on every node',
  category: 'replicas',
  severity: 'high',
  scope: 'workload',
  appliesTo: ['DaemonSet'],
  rationale:
    'A DaemonSet runs a per-node agent (network, storage, logging, monitoring). A node where its pod is not ready lacks that function: ' +
    'a missing CNI or CSI pod breaks every pod on the node.',
  remediation:
    'Inspect the not-ready DaemonSet pods (`kubectl -n <ns> get pods -o wide -l <selector>`), fix crash loops or resource shortages, and check tolerations for tainted nodes.',
  references: [
    'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
  ],
  evaluate({ cluster, workload }) {
    if (cluster.snapshot.mode === 'manifests') {
      return {
        status: 'skipped',
        message:
          'A manifests scan has no DaemonSet status: coverage needs a live cluster or a dump',
      };
    }
    const status = workload.object.status;
    if (!status || typeof status !== 'object') {
      return {
        status: 'unknown',
        message: `DaemonSet ${workload.namespace}/${workload.name} has no status recorded`,
      };
    }
    // The API omits zero counts.
    const desired = countOf(status.desiredNumberScheduled) ?? 0;
    const ready = countOf(status.numberReady) ?? 0;
    const unavailable = countOf(status.numberUnavailable) ?? 0;
    const misscheduled = countOf(status.numberMisscheduled) ?? 0;
    if (desired === 0) {
      return {
        status: 'skipped',
        message: `DaemonSet ${workload.namespace}/${workload.name} is scheduled on no node (its node selector or affinity matches none)`,
        evidence: { desired },
      };
    }
    // The controller never counts more ready pods than nodes it schedules on: a status that does
    // is not one the API server wrote, and cannot show coverage.
    if (ready > desired) {
      return {
        status: 'unknown',
        message: `DaemonSet ${workload.namespace}/${
          workload.name
        } reports ${ready} ready pods for ${plural(
          desired,
          'scheduled node',
        )}: its status is inconsistent`,
        evidence: { desired, ready },
      };
    }
    const podsReadable = cluster.fetchState('pods').status === 'ok';
    const notReady = podsReadable
      ? notReadyPods(cluster.podsOf(workload))
      : undefined;
    const rollout = rolloutInProgress(workload);
    const evidence = {
      desired,
      ready,
      unavailable,
      misscheduled,
      ...(notReady ? { notReadyPods: notReady } : {}),
      ...(rollout ? { rolloutInProgress: rollout } : {}),
    };
    if (ready >= desired && unavailable === 0) {
      return {
        status: 'pass',
        message: `Ready on ${everyOne(desired, 'node')} it is scheduled on`,
        evidence,
      };
    }
    const missingOn = Math.max(desired - ready, unavailable);
    const onDownNodes = downNodesExplainingGap(
      cluster,
      notReady ?? [],
      missingOn,
    );
    if (onDownNodes) {
      return {
        status: 'pass',
        message: `Ready on ${ready} of ${desired} nodes; the rest are on node(s) that are not Ready themselves (${onDownNodes.join(
          ', ',
        )}): see the nodes category`,
        evidence: { ...evidence, downNodes: onDownNodes },
      };
    }
    const nodes = distinct((notReady ?? []).map(p => p.node));
    const where = nodes.length > 0 ? ` (not ready on ${nodes.join(', ')})` : '';
    return {
      // Mid-rollout a few pods are expected to be replaced; nothing ready anywhere is never expected.
      status: rollout && ready > 0 ? 'warn' : 'fail',
      message: `Ready on ${ready} of ${desired} nodes: ${plural(
        missingOn,
        'node',
      )} lack${missingOn === 1 ? 's' : ''} this agent${where}${
        rollout ? `; a rollout is in progress (${rollout})` : ''
      }`,
      evidence,
    };
  },
};
