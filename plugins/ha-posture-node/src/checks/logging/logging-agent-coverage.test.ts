import {
  clusterFrom,
  daemonSet,
  logAgentDaemonSet,
  node,
  nodes,
  podsFor,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { loggingAgentCoverage } from './logging-agent-coverage';

const check = (objects: K8sObject[]) =>
  runOne(loggingAgentCoverage, clusterFrom(objects));
const workers = () => nodes('w', 3, ['a', 'b', 'c']);
const controlPlane = () =>
  nodes('cp', 3, ['a', 'b', 'c'], { roles: ['control-plane'] });

describe('logging-agent-coverage', () => {
  it('passes when an agent reaches every workload node, all ready (dedicated control plane aside)', () => {
    const outcome = check([
      ...controlPlane(),
      ...workers(),
      logAgentDaemonSet('fluent-bit', { desired: 3 }),
    ]);
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'Fluent Bit (DaemonSet logging/fluent-bit) reaches all 3 workload nodes',
    );
  });

  it('words a cluster with one workload node, or none, without counting 0 or 1 nodes', () => {
    const one = check([
      ...controlPlane(),
      node('w-1', { zone: 'a' }),
      logAgentDaemonSet('fluent-bit', { desired: 1 }),
    ]);
    expect(one.status).toBe('pass');
    expect(one.message).toBe(
      'Fluent Bit (DaemonSet logging/fluent-bit) reaches the only workload node (1/1 ready).',
    );
    const none = check([
      ...controlPlane(),
      logAgentDaemonSet('fluent-bit', {
        desired: 3,
        tolerations: [{ operator: 'Exists' }],
      }),
    ]);
    expect(none.status).toBe('pass');
    expect(none.message).toBe(
      'Fluent Bit (DaemonSet logging/fluent-bit) runs (3/3 ready); there is no workload node to reach, ' +
        'every Ready node is a dedicated control-plane node (see nodes-usable-workers).',
    );
    expect(none.message).not.toContain('all 0');
  });

  it('fails without any log agent', () => {
    const outcome = check([
      ...workers(),
      daemonSet('node-exporter', { namespace: 'monitoring', desired: 3 }),
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('No log-shipping DaemonSet');
  });

  it('warns for workload nodes with a taint the agent does not tolerate', () => {
    const gpu = node('gpu-1', {
      zone: 'a',
      taints: [
        { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
      ],
    });
    const outcome = check([
      ...workers(),
      gpu,
      logAgentDaemonSet('fluent-bit', { desired: 3 }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'node gpu-1 (taint nvidia.com/gpu=present:NoSchedule not tolerated)',
    );
    const tolerant = logAgentDaemonSet('fluent-bit', {
      desired: 4,
      tolerations: [{ operator: 'Exists' }],
    });
    expect(check([...workers(), gpu, tolerant]).status).toBe('pass');
  });

  it('warns for nodes outside the agent nodeSelector (e.g. Windows nodes)', () => {
    const windows = node('win-1', {
      labels: { 'kubernetes.io/os': 'windows' },
    });
    const outcome = check([
      ...workers(),
      windows,
      logAgentDaemonSet('fluent-bit', {
        desired: 3,
        nodeSelector: { 'kubernetes.io/os': 'linux' },
      }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('win-1');
  });

  it('ignores Fargate and NotReady nodes; covers cordoned nodes (DaemonSets tolerate unschedulable)', () => {
    const fargate = node('fargate-ip-1', {
      labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
      taints: [
        {
          key: 'eks.amazonaws.com/compute-type',
          value: 'fargate',
          effect: 'NoSchedule',
        },
      ],
    });
    const down = node('w-down', {
      ready: false,
      taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }],
    });
    const cordoned = node('w-cordoned', {
      unschedulable: true,
      taints: [
        { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
      ],
    });
    expect(
      check([
        ...workers(),
        fargate,
        down,
        cordoned,
        logAgentDaemonSet('vector', {
          image: 'timberio/vector:0.39.0',
          desired: 5,
        }),
      ]).status,
    ).toBe('pass');
  });

  describe('Fargate and virtual-kubelet nodes, where no DaemonSet runs', () => {
    const fargate = (n: number) =>
      node(`fargate-ip-${n}`, {
        labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
      });

    it('is unknown on a Fargate-only cluster, with or without an agent DaemonSet, naming the provider-side router', () => {
      for (const extra of [
        [],
        [logAgentDaemonSet('fluent-bit', { desired: 0 })],
      ]) {
        const outcome = check([fargate(1), fargate(2), ...extra]);
        expect(outcome.status).toBe('unknown');
        expect(outcome.message).toContain(
          'Pods run only on 2 Fargate nodes, where no DaemonSet runs',
        );
        expect(outcome.message).toContain('aws-observability/aws-logging');
        expect(outcome.remediation).toContain('aws-logging ConfigMap');
      }
      const virtualKubelet = node('aci-1', {
        labels: { type: 'virtual-kubelet' },
      });
      expect(check([fargate(1), virtualKubelet]).message).toContain(
        '2 Fargate or virtual-kubelet nodes',
      );
    });

    it('judges the other nodes as usual and says what it left out', () => {
      const covered = check([
        ...workers(),
        fargate(1),
        logAgentDaemonSet('fluent-bit', { desired: 3 }),
      ]);
      expect(covered.status).toBe('pass');
      expect(covered.message).toContain(
        'Not judged: 1 Fargate node, where no DaemonSet runs',
      );
      expect(covered.evidence?.virtualNodes).toBe(1);
      const none = check([...workers(), fargate(1)]);
      expect(none.status).toBe('fail');
      expect(none.message).toContain('No log-shipping DaemonSet');
    });

    it('ignores a NotReady Fargate node', () => {
      const gone = node('fargate-ip-9', {
        ready: false,
        labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
      });
      const outcome = check([
        ...workers(),
        gone,
        logAgentDaemonSet('fluent-bit', { desired: 3 }),
      ]);
      expect(outcome.message).not.toContain('Not judged');
    });
  });

  it('warns when agent pods are not all ready, fails when none is', () => {
    const partly = check([
      ...workers(),
      logAgentDaemonSet('fluent-bit', { desired: 3, ready: 2 }),
    ]);
    expect(partly.status).toBe('warn');
    expect(partly.message).toContain('2 of 3 pods ready');
    expect(
      check([
        ...workers(),
        logAgentDaemonSet('fluent-bit', { desired: 3, ready: 0 }),
      ]).status,
    ).toBe('fail');
  });

  describe('an agent pod missing on a node that is not Ready itself', () => {
    const nodesWithOneDown = () => [
      node('w-1'),
      node('w-2'),
      node('w-3', { ready: 'Unknown' }),
    ];

    it('does not count the gap, and says so (as daemonset-coverage does)', () => {
      const agent = logAgentDaemonSet('fluent-bit', { desired: 3, ready: 2 });
      const outcome = check([
        ...nodesWithOneDown(),
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3'], {
          ready: [true, true, false],
        }),
      ]);
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Fluent Bit (DaemonSet logging/fluent-bit) reaches all 2 workload nodes (2/3 ready). ' +
          'Not counted: Fluent Bit (DaemonSet logging/fluent-bit) has 1 pod not ready on node(s) that are not Ready themselves (w-3): see the nodes category.',
      );
    });

    it('still warns when another pod is missing on a Ready node', () => {
      const agent = logAgentDaemonSet('fluent-bit', { desired: 3, ready: 1 });
      const outcome = check([
        ...nodesWithOneDown(),
        agent,
        ...podsFor(agent, ['w-1', 'w-2', 'w-3'], {
          ready: [true, false, false],
        }),
      ]);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain('has 1 of 3 pods ready');
    });

    it('still warns when the pods cannot be read (the gap cannot be placed)', () => {
      const agent = logAgentDaemonSet('fluent-bit', { desired: 3, ready: 2 });
      const outcome = runOne(
        loggingAgentCoverage,
        clusterFrom([...nodesWithOneDown(), agent], {
          fetch: { pods: 'forbidden' },
        }),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain('has 2 of 3 pods ready');
    });

    it('fails when every node is down and no agent pod is ready', () => {
      const agent = logAgentDaemonSet('fluent-bit', { desired: 1, ready: 0 });
      const outcome = check([
        node('w-1', { ready: 'Unknown' }),
        agent,
        ...podsFor(agent, ['w-1'], { ready: false }),
      ]);
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain('No log agent pod is ready');
    });
  });

  it('is unknown when an agent counts more ready pods than scheduled nodes', () => {
    const agent = logAgentDaemonSet('fluent-bit', { desired: 3, ready: 999 });
    agent.status.numberUnavailable = 0;
    const outcome = check([...workers(), agent]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toMatch(
      /999 ready of 3 scheduled\) is inconsistent/,
    );
  });

  it('combines agents: nodes reached by any of them count', () => {
    const linux = logAgentDaemonSet('fluent-bit', {
      desired: 3,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
    });
    const win = logAgentDaemonSet('fluent-bit-win', {
      desired: 1,
      nodeSelector: { 'kubernetes.io/os': 'windows' },
    });
    expect(
      check([
        ...workers(),
        node('win-1', { labels: { 'kubernetes.io/os': 'windows' } }),
        linux,
        win,
      ]).status,
    ).toBe('pass');
  });

  it('skips a manifests scan', () => {
    expect(
      runOne(
        loggingAgentCoverage,
        clusterFrom([logAgentDaemonSet('fluent-bit')]),
      ).status,
    ).toBe('skipped');
  });
});
