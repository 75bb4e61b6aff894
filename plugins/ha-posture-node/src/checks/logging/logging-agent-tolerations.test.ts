import {
  clusterFrom,
  logAgentDaemonSet,
  node,
  nodes,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { loggingAgentTolerations } from './logging-agent-tolerations';

const check = (objects: K8sObject[]) =>
  runOne(loggingAgentTolerations, clusterFrom(objects));
const kubeadm = () => [
  ...nodes('cp', 3, ['a', 'b', 'c'], { roles: ['control-plane'] }),
  ...nodes('w', 3, ['a', 'b', 'c']),
];

describe('logging-agent-tolerations', () => {
  it('warns when the agent does not tolerate the control-plane taint', () => {
    const outcome = check([
      ...kubeadm(),
      logAgentDaemonSet('fluent-bit', { desired: 3 }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'node-role.kubernetes.io/control-plane:NoSchedule not tolerated',
    );
    expect(outcome.evidence?.unreachedNodes).toHaveLength(3);
  });

  it('passes with a control-plane toleration (by key or operator Exists)', () => {
    const byKey = logAgentDaemonSet('fluent-bit', {
      desired: 6,
      tolerations: [
        {
          key: 'node-role.kubernetes.io/control-plane',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
      ],
    });
    expect(check([...kubeadm(), byKey]).status).toBe('pass');
    const all = logAgentDaemonSet('fluent-bit', {
      desired: 6,
      tolerations: [{ operator: 'Exists' }],
    });
    expect(check([...kubeadm(), all]).status).toBe('pass');
    const wrongEffect = logAgentDaemonSet('fluent-bit', {
      desired: 3,
      tolerations: [
        {
          key: 'node-role.kubernetes.io/control-plane',
          operator: 'Exists',
          effect: 'NoExecute',
        },
      ],
    });
    expect(check([...kubeadm(), wrongEffect]).status).toBe('warn');
  });

  it('passes untainted k3s servers', () => {
    const server = node('server-1', {
      providerID: 'k3s://server-1',
      labels: { 'node-role.kubernetes.io/control-plane': 'true' },
      taints: [],
    });
    expect(
      check([
        server,
        logAgentDaemonSet('promtail', {
          image: 'grafana/promtail:2.9.8',
          desired: 1,
        }),
      ]).status,
    ).toBe('pass');
  });

  it('skips managed control planes, clusters without agents, and manifests', () => {
    const eks = nodes('ip', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c'], {
      providerID: 'aws:///us-east-1a/i-1',
      labels: { 'eks.amazonaws.com/nodegroup': 'ng' },
    });
    expect(
      check([...eks, logAgentDaemonSet('fluent-bit', { desired: 3 })]).status,
    ).toBe('skipped');
    expect(check(kubeadm()).status).toBe('skipped');
    expect(
      runOne(
        loggingAgentTolerations,
        clusterFrom([logAgentDaemonSet('fluent-bit')]),
      ).status,
    ).toBe('skipped');
  });
});
