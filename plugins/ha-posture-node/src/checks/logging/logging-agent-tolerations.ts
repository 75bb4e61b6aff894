import { ClusterCheck } from '../../model/checks';
import { isVirtualNode } from '../../engine/clusterView';
import { notEvaluable } from '../util';
import { everyOne } from '../wording';
import { agentReaches, describeAgent, logAgents, whyUnreached } from './agents';

export const loggingAgentTolerations: ClusterCheck = {
  id: 'logging-agent-tolerations',
  title: 'Control-plane logs are shipped too',
  category: 'logging',
  severity: 'low',
  scope: 'cluster',
  rationale:
    "When the control plane misbehaves (etcd quorum loss, API server overload), its nodes' logs explain why; a log " +
    'agent that does not tolerate the control-plane taint never collects them.',
  remediation:
    'Add a toleration for `node-role.kubernetes.io/control-plane:NoSchedule` (or `operator: Exists`) to the log agent DaemonSet.',
  references: [
    'https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/',
    'https://kubernetes.io/docs/reference/labels-annotations-taints/#node-role-kubernetes-io-control-plane-taint',
  ],
  evaluate({ cluster }) {
    const blocked = notEvaluable(cluster, 'nodes', 'daemonsets.apps');
    if (blocked) return blocked;
    if (cluster.managedControlPlane) {
      return {
        status: 'skipped',
        message:
          "The control plane is provider-managed: its logs are the provider's (enable control-plane logging there).",
      };
    }
    const controlPlane = cluster
      .controlPlaneNodes()
      .filter(n => !isVirtualNode(n));
    if (controlPlane.length === 0)
      return {
        status: 'skipped',
        message: 'No control-plane node is visible in this cluster.',
      };
    const agents = logAgents(cluster);
    if (agents.length === 0)
      return {
        status: 'skipped',
        message:
          'No log agent runs in the cluster (see logging-agent-coverage).',
      };
    const unreached = controlPlane.filter(
      n => !agents.some(a => agentReaches(a, n)),
    );
    const evidence = {
      agents: agents.map(describeAgent),
      controlPlaneNodes: controlPlane.map(n => n.metadata.name),
      unreachedNodes: unreached.map(n => ({
        node: n.metadata.name,
        reason: whyUnreached(agents, n),
      })),
    };
    if (unreached.length > 0) {
      return {
        status: 'warn',
        message:
          `No log agent runs on control-plane ${
            unreached.length === 1 ? 'node' : 'nodes'
          } ` +
          `${unreached
            .map(n => `${n.metadata.name} (${whyUnreached(agents, n)})`)
            .join(
              ', ',
            )}: their API server, etcd and kubelet logs are not shipped.`,
        evidence,
      };
    }
    return {
      status: 'pass',
      message: `Log agents also run on ${everyOne(
        controlPlane.length,
        'control-plane node',
      )}.`,
      evidence,
    };
  },
};
