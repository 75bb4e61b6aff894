import { ClusterCheck } from '../../model/checks';
import { notEvaluable, plural } from '../util';
import { downNodesExplainingGap, notReadyPods } from '../nodes/nodeFacts';
import {
  agentReaches,
  describeAgent,
  describeVirtual,
  logAgents,
  virtualNodes,
  whyUnreached,
  workloadNodes,
} from './agents';

export const loggingAgentCoverage: ClusterCheck = {
  id: 'logging-agent-coverage',
  title: 'A log agent ships logs from every node',
  category: 'logging',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    "Container logs live on the node's disk and vanish with the pod or the node; after a failure they are what " +
    'explains it. A log-shipping DaemonSet must run, ready, on every node that runs workloads. ' +
    "Fargate and virtual-kubelet nodes run no DaemonSet: their logging is the provider's, not judged here (unknown when they are the only nodes).",
  remediation:
    'Run a log agent DaemonSet (Fluent Bit, Vector, Promtail/Alloy, Fluentd, Filebeat or an OpenTelemetry Collector, ' +
    "or enable the provider's logging) that tolerates every node taint and reaches every node.",
  references: [
    'https://kubernetes.io/docs/concepts/cluster-administration/logging/#cluster-level-logging-architectures',
    'https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
  ],
  evaluate({ cluster }) {
    const blocked = notEvaluable(cluster, 'nodes', 'daemonsets.apps');
    if (blocked) return blocked;
    // DaemonSets never run on Fargate or virtual-kubelet nodes: pods there log the provider's way
    // (EKS Fargate: its built-in Fluent Bit router, set up in the aws-observability/aws-logging
    // ConfigMap), which is outside what HA Posture reads.
    const virtual = virtualNodes(cluster);
    const nodes = workloadNodes(cluster);
    if (nodes.length === 0 && virtual.length > 0) {
      return {
        status: 'unknown',
        message: `Pods run only on ${describeVirtual(
          virtual,
        )}, where no DaemonSet runs: their logs are shipped, or not, by the provider (EKS Fargate's built-in log router is configured in the aws-observability/aws-logging ConfigMap, which HA Posture does not read).`,
        remediation:
          'On EKS Fargate, create the aws-observability namespace and its aws-logging ConfigMap to route container logs (Amazon EKS user guide, "Fargate logging"); on virtual-kubelet nodes, use the provider\'s logging.',
        evidence: { virtualNodes: virtual.length },
      };
    }
    const virtualNote =
      virtual.length > 0
        ? ` Not judged: ${describeVirtual(
            virtual,
          )}, where no DaemonSet runs (their logging is the provider's).`
        : '';
    const agents = logAgents(cluster);
    if (agents.length === 0) {
      return {
        status: 'fail',
        message:
          'No log-shipping DaemonSet found (Fluent Bit, Fluentd, Vector, Promtail, Alloy, Filebeat, OpenTelemetry ' +
          `Collector, GKE fluentbit-gke, AKS ama-logs): container logs stay on the nodes and are lost with them.${virtualNote}`,
        ...(virtual.length > 0
          ? { evidence: { virtualNodes: virtual.length } }
          : {}),
      };
    }
    const unreached = nodes.filter(n => !agents.some(a => agentReaches(a, n)));
    const podsReadable = cluster.fetchState('pods').status === 'ok';
    const readiness = agents.map(a => {
      const status = a.workload.object.status ?? {};
      const desired = Number(status.desiredNumberScheduled ?? 0);
      const ready = Number(status.numberReady ?? 0);
      // Agent pods missing only on nodes that are not Ready themselves are the nodes' failure
      // (nodes-not-ready reports it; those nodes are outside workloadNodes too), as in daemonset-coverage.
      const downNodes =
        ready < desired && podsReadable
          ? downNodesExplainingGap(
              cluster,
              notReadyPods(cluster.podsOf(a.workload)),
              desired - ready,
            )
          : undefined;
      return {
        agent: describeAgent(a),
        desired,
        ready,
        ...(downNodes ? { downNodes } : {}),
      };
    });
    const evidence = {
      agents: readiness,
      nodes: nodes.length,
      ...(virtual.length > 0 ? { virtualNodes: virtual.length } : {}),
      unreachedNodes: unreached.map(n => ({
        node: n.metadata.name,
        reason: whyUnreached(agents, n),
      })),
    };
    // More ready pods than scheduled nodes is no status the controller writes: not evidence.
    const inconsistent = readiness.filter(r => r.ready > r.desired);
    if (inconsistent.length > 0) {
      return {
        status: 'unknown',
        message: `The status of ${inconsistent
          .map(r => `${r.agent} (${r.ready} ready of ${r.desired} scheduled)`)
          .join(', ')} is inconsistent: its coverage cannot be told.`,
        evidence,
      };
    }
    const notReady = readiness.filter(r => r.ready < r.desired && !r.downNodes);
    const downNote = readiness
      .map(r =>
        r.downNodes
          ? ` Not counted: ${r.agent} has ${plural(
              r.desired - r.ready,
              'pod',
            )} not ready on node(s) that are not Ready themselves (${r.downNodes.join(
              ', ',
            )}): see the nodes category.`
          : '',
      )
      .join('');
    // Nothing ready anywhere fails, unless the only gaps are on down nodes next to Ready nodes.
    if (
      readiness.every(r => r.ready === 0) &&
      (notReady.length > 0 || nodes.length === 0)
    ) {
      return {
        status: 'fail',
        message: `No log agent pod is ready: ${readiness
          .map(r => `${r.agent} ${r.ready}/${r.desired}`)
          .join(', ')}.${downNote}${virtualNote}`,
        evidence,
      };
    }
    const problems = [
      ...unreached.map(
        n => `node ${n.metadata.name} (${whyUnreached(agents, n)})`,
      ),
      ...notReady.map(
        r => `${r.agent} has ${r.ready} of ${r.desired} pods ready`,
      ),
    ];
    if (problems.length > 0) {
      return {
        status: 'warn',
        message: `Logs are not shipped from every node: ${problems.join(
          '; ',
        )}.${downNote}${virtualNote}`,
        evidence,
      };
    }
    const readyCounts = readiness
      .map(r => `${r.ready}/${r.desired} ready`)
      .join(', ');
    // No workload node: every Ready node is a dedicated control-plane node (workloadNodes).
    const reach =
      nodes.length === 0
        ? `${
            agents.length === 1 ? 'runs' : 'run'
          } (${readyCounts}); there is no workload node to reach, every Ready node ` +
          'is a dedicated control-plane node (see nodes-usable-workers)'
        : `${agents.length === 1 ? 'reaches' : 'reach'} ${
            nodes.length === 1
              ? 'the only workload node'
              : `all ${plural(nodes.length, 'workload node')}`
          } (${readyCounts})`;
    return {
      status: 'pass',
      message: `${agents
        .map(describeAgent)
        .join(', ')} ${reach}.${downNote}${virtualNote}`,
      evidence,
    };
  },
};
