import {
  AutoscalerStatusReport,
  judgeAutoscalerStatus,
  parseAutoscalerStatus,
  parseGoTime,
} from './autoscalerStatus';

/** The YAML report of cluster-autoscaler 1.30+, one group at 8 of 12 in backoff, one at its maximum. */
const YAML_REPORT = `time: "2024-06-01 11:58:19.546750398 +0000 UTC"
autoscalerStatus: "Running"
clusterWide:
  health:
    status: "Healthy"
    nodeCounts:
      registered:
        total: 11
        ready: 11
    lastProbeTime: "2024-06-01T11:58:19Z"
  scaleUp:
    status: "NoActivity"
nodeGroups:
  -
    name: "pool-a"
    health:
      status: "Healthy"
      nodeCounts:
        registered:
          total: 8
      cloudProviderTarget: 8
      minSize: 2
      maxSize: 12
    scaleUp:
      status: "Backoff"
      backoffInfo:
        errorCode: "QUOTA_EXCEEDED"
  -
    name: "pool-b"
    health:
      status: "Healthy"
      cloudProviderTarget: 3
      minSize: 1
      maxSize: 3
    scaleUp:
      status: "NoActivity"
`;

/** The text report of older versions (as kubectl shows the ConfigMap's data). */
const TEXT_REPORT = `Cluster-autoscaler status at 2024-06-01 11:58:02.152766082 +0000 UTC:
Cluster-wide:
  Health:      Healthy (ready=5 unready=0 notStarted=0 longNotStarted=0 registered=5 longUnregistered=0)
               LastProbeTime:      2024-06-01 11:58:02.151651586 +0000 UTC m=+54.671652928
               LastTransitionTime: 2024-06-01 10:10:22.083690777 +0000 UTC m=+14.603692120
  ScaleUp:     NoActivity (ready=5 registered=5)
               LastProbeTime:      2024-06-01 11:58:02.151651586 +0000 UTC m=+54.671652928
  ScaleDown:   NoCandidates (candidates=0)

NodeGroups:
  Name:        eks-workers-1
  Health:      Healthy (ready=3 unready=0 notStarted=0 longNotStarted=0 registered=3 longUnregistered=0 cloudProviderTarget=3 (minSize=1, maxSize=5))
               LastProbeTime:      2024-06-01 11:58:02.151651586 +0000 UTC m=+54.671652928
  ScaleUp:     NoActivity (ready=3 cloudProviderTarget=3)
  ScaleDown:   NoCandidates (candidates=0)

  Name:        eks-workers-2
  Health:      Unhealthy (ready=0 unready=2 notStarted=0 longNotStarted=0 registered=2 longUnregistered=0 cloudProviderTarget=2 (minSize=2, maxSize=2))
  ScaleUp:     Backoff (ready=0 cloudProviderTarget=2)
`;

const NOW = new Date('2024-06-01T12:00:00Z');

function report(status: string): AutoscalerStatusReport {
  const parsed = parseAutoscalerStatus(status);
  if (!('report' in parsed)) throw new Error(parsed.problem);
  return parsed.report;
}

describe('parseGoTime', () => {
  it("reads Go's time.String() with nanoseconds and a monotonic reading, and RFC 3339", () => {
    expect(
      parseGoTime('2023-11-24 04:28:19.546750398 +0000 UTC')?.toISOString(),
    ).toBe('2023-11-24T04:28:19.546Z');
    expect(
      parseGoTime('2024-06-01 13:58:02 +0200 CEST m=+54.6')?.toISOString(),
    ).toBe('2024-06-01T11:58:02.000Z');
    expect(parseGoTime('2024-06-01T11:58:02Z')?.toISOString()).toBe(
      '2024-06-01T11:58:02.000Z',
    );
  });

  it('reads nothing from what is no time', () => {
    expect(parseGoTime('yesterday')).toBeUndefined();
    expect(parseGoTime(12)).toBeUndefined();
    expect(parseGoTime('2024-13-45 99:00:00 +0000 UTC')).toBeUndefined();
  });
});

describe('parseAutoscalerStatus', () => {
  it('reads the YAML report: time, state, cluster health and each node group', () => {
    expect(report(YAML_REPORT)).toEqual({
      format: 'yaml',
      time: new Date('2024-06-01T11:58:19.546Z'),
      autoscalerStatus: 'Running',
      clusterHealth: 'Healthy',
      nodeGroups: [
        {
          name: 'pool-a',
          health: 'Healthy',
          scaleUp: 'Backoff',
          target: 8,
          minSize: 2,
          maxSize: 12,
        },
        {
          name: 'pool-b',
          health: 'Healthy',
          scaleUp: 'NoActivity',
          target: 3,
          minSize: 1,
          maxSize: 3,
        },
      ],
    });
  });

  it('reads the text report of older versions the same way', () => {
    expect(report(TEXT_REPORT)).toEqual({
      format: 'text',
      time: new Date('2024-06-01T11:58:02.152Z'),
      clusterHealth: 'Healthy',
      nodeGroups: [
        {
          name: 'eks-workers-1',
          health: 'Healthy',
          scaleUp: 'NoActivity',
          target: 3,
          minSize: 1,
          maxSize: 5,
        },
        {
          name: 'eks-workers-2',
          health: 'Unhealthy',
          scaleUp: 'Backoff',
          target: 2,
          minSize: 2,
          maxSize: 2,
        },
      ],
    });
  });

  it('reads a text report without indentation, and one that is still initializing', () => {
    const flat = TEXT_REPORT.split('\n')
      .map(l => l.trim())
      .join('\n');
    expect(report(flat).nodeGroups.map(g => [g.name, g.maxSize])).toEqual([
      ['eks-workers-1', 5],
      ['eks-workers-2', 2],
    ]);
    expect(
      report(
        'Cluster-autoscaler status at 2024-06-01 11:59:00.1 +0000 UTC:\nInitializing\n',
      ),
    ).toMatchObject({ autoscalerStatus: 'Initializing', nodeGroups: [] });
  });

  it.each([
    [undefined, 'the ConfigMap has no status report'],
    ['   ', 'the ConfigMap has no status report'],
    ['nodeGroups: [a\n', 'not valid YAML'],
    ['- a\n- b\n', 'the YAML report is not a mapping'],
    ['time: x\n', 'neither autoscalerStatus nor nodeGroups'],
    ['autoscalerStatus: Running\nnodeGroups: 3\n', 'nodeGroups is not a list'],
    [
      'autoscalerStatus: Running\nnodeGroups:\n  - health: {status: Healthy}\n',
      'a node group has no name',
    ],
    [
      'Cluster-autoscaler status at 2024-06-01 11:58:02.1 +0000 UTC:\nNodeGroups:\n  Health: Healthy\n',
      'before any node group Name',
    ],
  ])('refuses a malformed report (%j)', (status, problem) => {
    const parsed = parseAutoscalerStatus(status);
    expect('problem' in parsed && parsed.problem).toContain(problem);
  });
});

describe('judgeAutoscalerStatus', () => {
  it('can grow when a healthy group without backoff is below its maximum', () => {
    expect(judgeAutoscalerStatus(report(TEXT_REPORT), NOW)).toEqual({
      verdict: 'can-grow',
      groups: ['eks-workers-1'],
    });
  });

  it('is blocked when every group is at its maximum, in backoff or unhealthy', () => {
    expect(judgeAutoscalerStatus(report(YAML_REPORT), NOW)).toEqual({
      verdict: 'blocked',
      reasons: ['pool-a (in scale-up backoff)', 'pool-b (at its maximum of 3)'],
    });
    const text = report(TEXT_REPORT.replace('maxSize=5', 'maxSize=3'));
    expect(judgeAutoscalerStatus(text, NOW)).toEqual({
      verdict: 'blocked',
      reasons: [
        'eks-workers-1 (at its maximum of 3)',
        'eks-workers-2 (Unhealthy)',
      ],
    });
  });

  it('is blocked when the cluster-wide health is Unhealthy, or there are no node groups', () => {
    const unhealthy = report(
      YAML_REPORT.replace('status: "Healthy"', 'status: "Unhealthy"'),
    );
    expect(judgeAutoscalerStatus(unhealthy, NOW)).toMatchObject({
      verdict: 'blocked',
      reasons: ['cluster-wide health Unhealthy (it does not scale up)'],
    });
    const empty = report(
      'Cluster-autoscaler status at 2024-06-01 11:58:02.1 +0000 UTC:\nCluster-wide:\n  Health: Healthy (ready=1)\n',
    );
    expect(judgeAutoscalerStatus(empty, NOW)).toEqual({
      verdict: 'blocked',
      reasons: ['no node group is configured or discovered'],
    });
  });

  it('does not judge a stale, undated or initializing report, or groups without sizes', () => {
    expect(
      judgeAutoscalerStatus(
        report(TEXT_REPORT),
        new Date('2024-06-01T12:30:00Z'),
      ),
    ).toEqual({
      verdict: 'unusable',
      reason:
        'the report is stale (written 32 min before the snapshot; the autoscaler may have stopped)',
    });
    const undated = report(YAML_REPORT.replace(/^time: .*$/m, 'time: "soon"'));
    expect(judgeAutoscalerStatus(undated, NOW)).toEqual({
      verdict: 'unusable',
      reason: 'the report carries no time',
    });
    const initializing = report(
      YAML_REPORT.replace('"Running"', '"Initializing"'),
    );
    expect(judgeAutoscalerStatus(initializing, NOW)).toMatchObject({
      verdict: 'unusable',
      reason: 'the autoscaler is still initializing',
    });
    const unsized = report(
      'time: "2024-06-01 11:59:00 +0000 UTC"\nautoscalerStatus: Running\nnodeGroups:\n  - name: ng\n    health: {status: Healthy}\n',
    );
    expect(judgeAutoscalerStatus(unsized, NOW)).toEqual({
      verdict: 'unusable',
      reason: 'node groups without a reported target or maximum: ng',
    });
  });
});
