/**
 * cluster-autoscaler as its Helm chart installs it (`--namespace` = the release's namespace, where
 * it keeps its leader lease and writes its status report), and the status report itself: the
 * ConfigMap `cluster-autoscaler-status` in the YAML form of cluster-autoscaler 1.30+, its `time:`
 * in Go's time.Time.String() form (the fixture server moves that form with the capture time, so
 * the report stays fresh in the live demo).
 */
import { Cluster } from '../lib/cluster';
import { intIn } from '../lib/ids';
import { Duration } from '../lib/time';
import { container, httpGet } from './containers';
import { NOT_FARGATE } from './cni';
import { meta } from './meta';
import { addDeployment } from './workloads';

export interface AutoscalerNodeGroupOpts {
  /** The cloud's name of the group (an EKS managed node group's Auto Scaling group). */
  name: string;
  minSize: number;
  maxSize: number;
  /** Registered and ready nodes; the cloud target equals it (no scale-up in flight). */
  nodes: number;
}

export interface ClusterAutoscalerOpts {
  namespace: string;
  /** The node it runs on (one replica, leader-elected). */
  node: string;
  created: Duration;
  rolledOut: Duration;
  args: string[];
  nodeGroups: AutoscalerNodeGroupOpts[];
  /** How long before the capture the report was written (it rewrites it every scan, ~10 s). */
  reportAgo: Duration;
}

/** Go's time.Time.String() of a UTC instant, with nanoseconds: `2026-11-20 09:59:51.118034771 +0000 UTC`. */
function goTime(ms: number, nanosKey: string): string {
  const nanos = String(intIn(nanosKey, 0, 999_999_999)).padStart(9, '0');
  return `${new Date(ms)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ')}.${nanos} +0000 UTC`;
}

function statusReport(c: Cluster, o: ClusterAutoscalerOpts): string {
  const written = c.ms(o.reportAgo);
  const time = goTime(written, `${c.name}/cluster-autoscaler-status/time`);
  const probe = `"${new Date(written).toISOString().slice(0, 19)}Z"`;
  const since = `"${c.ago(o.rolledOut)}"`;
  const total = o.nodeGroups.reduce((sum, g) => sum + g.nodes, 0);
  const counts = (n: number, indent: string) =>
    [
      `${indent}nodeCounts:`,
      `${indent}  registered:`,
      `${indent}    total: ${n}`,
      `${indent}    ready: ${n}`,
      `${indent}    notStarted: 0`,
      `${indent}  longUnregistered: 0`,
      `${indent}  unregistered: 0`,
    ].join('\n');
  // health, scaleUp and scaleDown of a node group and of the cluster share one shape.
  const condition = (
    key: string,
    status: string,
    indent: string,
    details: string[] = [],
  ) => [
    `${indent}${key}:`,
    `${indent}  status: "${status}"`,
    ...details,
    `${indent}  lastProbeTime: ${probe}`,
    `${indent}  lastTransitionTime: ${since}`,
  ];
  const conditions = (nodes: number, indent: string, sizes: string[] = []) =>
    [
      ...condition('health', 'Healthy', indent, [
        counts(nodes, `${indent}  `),
        ...sizes,
      ]),
      ...condition('scaleUp', 'NoActivity', indent),
      ...condition('scaleDown', 'NoCandidates', indent),
    ].join('\n');
  const groups = o.nodeGroups.map(g =>
    [
      `  - name: "${g.name}"`,
      conditions(g.nodes, '    ', [
        `      cloudProviderTarget: ${g.nodes}`,
        `      minSize: ${g.minSize}`,
        `      maxSize: ${g.maxSize}`,
      ]),
    ].join('\n'),
  );
  return [
    `time: "${time}"`,
    'autoscalerStatus: "Running"',
    'clusterWide:',
    conditions(total, '  '),
    'nodeGroups:',
    ...groups,
    '',
  ].join('\n');
}

export function addClusterAutoscaler(
  c: Cluster,
  o: ClusterAutoscalerOpts,
): void {
  const sel = {
    'app.kubernetes.io/instance': 'cluster-autoscaler',
    'app.kubernetes.io/name': 'aws-cluster-autoscaler',
  };
  addDeployment(c, {
    name: 'cluster-autoscaler-aws-cluster-autoscaler',
    namespace: o.namespace,
    labels: {
      ...sel,
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': 'cluster-autoscaler-9.43.2',
    },
    selector: { matchLabels: sel },
    template: {
      labels: sel,
      spec: {
        serviceAccountName: 'cluster-autoscaler-aws-cluster-autoscaler',
        priorityClassName: 'system-cluster-critical',
        affinity: NOT_FARGATE,
        containers: [
          container({
            name: 'aws-cluster-autoscaler',
            image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2',
            command: [
              './cluster-autoscaler',
              '--cloud-provider=aws',
              `--namespace=${o.namespace}`,
              ...o.args,
            ],
            ports: [{ containerPort: 8085, protocol: 'TCP' }],
            requests: { cpu: '100m', memory: '300Mi' },
            livenessProbe: httpGet('/health-check', 8085),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.node],
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 3,
  });
  c.add({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(c, 'ConfigMap', {
      name: 'cluster-autoscaler-status',
      namespace: o.namespace,
      created: o.created,
      annotations: {
        'cluster-autoscaler.kubernetes.io/last-updated': goTime(
          c.ms(o.reportAgo),
          `${c.name}/cluster-autoscaler-status/time`,
        ),
      },
    }),
    data: { status: statusReport(c, o) },
  });
}
