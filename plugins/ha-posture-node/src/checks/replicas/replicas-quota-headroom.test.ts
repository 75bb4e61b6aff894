import { K8sObject } from '../../model';
import {
  clusterFrom,
  deployment,
  hpa,
  k8sObject,
  nodes,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { replicasQuotaHeadroom } from './replicas-quota-headroom';

const workers = nodes('w', 3, ['a', 'b', 'c']);

const POD_SPEC = {
  containers: [
    {
      name: 'app',
      image: 'app:1',
      resources: {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { memory: '1Gi' },
      },
    },
  ],
};

function quota(
  name: string,
  hard: Record<string, string>,
  used: Record<string, string> | undefined,
  spec: Record<string, unknown> = {},
): K8sObject {
  return k8sObject('v1', 'ResourceQuota', name, {
    namespace: 'default',
    spec: { hard, ...spec },
    ...(used ? { status: { hard, used } } : {}),
  });
}

/** A Deployment of 4 replicas (maxUnavailable 0) with its pods, and an HPA up to 10. */
function scaled(options: { strategy?: any; podSpec?: any } = {}): K8sObject[] {
  const web = deployment('web', {
    replicas: 4,
    podSpec: options.podSpec ?? POD_SPEC,
    strategy: options.strategy ?? {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    },
  });
  return [
    ...workers,
    web,
    ...podsFor(web, ['w-1', 'w-2', 'w-3', 'w-1']),
    hpa(web, 4, 10, { status: { currentReplicas: 4, desiredReplicas: 4 } }),
  ];
}

describe('replicas-quota-headroom', () => {
  it('warns when the quota leaves the HPA less room than maxReplicas, naming the tight resource', () => {
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...scaled(),
        quota(
          'compute',
          { 'requests.memory': '8Gi', pods: '50' },
          { 'requests.memory': '6Gi', pods: '6' },
        ),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'ResourceQuota compute (requests.memory: 6Gi of 8Gi used) admits 2 more pods: HPA web may scale from 4 to 10 replicas, but the quota admits only 2 of the 6 more',
    );
    expect(outcome.evidence).toMatchObject({
      quota: 'compute',
      resource: 'requests.memory',
      morePods: 2,
      hpa: { max: 10, more: 6 },
    });
  });

  it('warns that a rollout with maxUnavailable 0 stalls when no pod fits', () => {
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...scaled(),
        quota('pods', { 'count/pods': '4' }, { 'count/pods': '4' }),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'ResourceQuota pods (count/pods: 4 of 4 used) admits no more pods: HPA web may scale from 4 to 10 replicas, but the quota admits none of the 6 more; a rolling update (maxUnavailable 0) cannot start its surge pod and stalls',
    );
  });

  it('passes when the quota holds the HPA maximum and the surge', () => {
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...scaled(),
        quota(
          'compute',
          { 'requests.cpu': '10', 'limits.memory': '20Gi', pods: '20' },
          { 'requests.cpu': '2', 'limits.memory': '4Gi', pods: '4' },
        ),
      ]),
    );
    expect(outcome).toMatchObject({
      status: 'pass',
      message:
        'ResourceQuota compute (requests.cpu: 2 of 10 used) admits 16 more pods: room for the 6 more replicas HPA web may add and a surge of 1 pod',
    });
  });

  it('reads the surge only where a rollout must add pods first', () => {
    const web = deployment('web', {
      replicas: 3,
      podSpec: POD_SPEC,
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 1 },
      },
    });
    const full = quota('pods', { pods: '3' }, { pods: '3' });
    // maxUnavailable 1: the controller takes an old pod down first, which frees room.
    expect(
      runOne(replicasQuotaHeadroom, clusterFrom([...workers, web, full])),
    ).toMatchObject({
      status: 'skipped',
      message:
        'Deployment default/web needs no room beyond its current pods (no HPA, no rollout surge that must come first)',
    });
    const db = statefulSet('db', { replicas: 3, podSpec: POD_SPEC });
    expect(
      runOne(replicasQuotaHeadroom, clusterFrom([...workers, db, full])).status,
    ).toBe('skipped');
  });

  it('warns when a quota tracks a resource the pods do not declare', () => {
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...scaled(),
        quota('limits', { 'limits.cpu': '8' }, { 'limits.cpu': '0' }),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      "ResourceQuota limits tracks limits.cpu, which the pods of Deployment default/web do not declare: it refuses every new pod, a replacement for a lost node's included, unless a LimitRange in namespace default sets a default",
    );
  });

  it('counts only quotas whose scopes hold for the pods', () => {
    const full = { 'count/pods': '4' };
    const bestEffort = quota('best-effort', full, full, {
      scopes: ['BestEffort'],
    });
    expect(
      runOne(replicasQuotaHeadroom, clusterFrom([...scaled(), bestEffort]))
        .status,
    ).toBe('skipped');
    const otherClass = quota('batch', full, full, {
      scopeSelector: {
        matchExpressions: [
          { scopeName: 'PriorityClass', operator: 'In', values: ['batch'] },
        ],
      },
    });
    expect(
      runOne(replicasQuotaHeadroom, clusterFrom([...scaled(), otherClass]))
        .status,
    ).toBe('skipped');
    const critical = quota('critical', full, full, {
      scopeSelector: {
        matchExpressions: [
          {
            scopeName: 'PriorityClass',
            operator: 'In',
            values: ['business-critical'],
          },
        ],
      },
    });
    const withClass = scaled({
      podSpec: { ...POD_SPEC, priorityClassName: 'business-critical' },
    });
    expect(
      runOne(replicasQuotaHeadroom, clusterFrom([...withClass, critical]))
        .status,
    ).toBe('warn');
    // Terminating counts pods with an activeDeadlineSeconds (Jobs' pods), not a Deployment's.
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom([
          ...scaled(),
          quota('terminating', full, full, { scopes: ['Terminating'] }),
        ]),
      ).status,
    ).toBe('skipped');
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom([
          ...scaled(),
          quota('not-terminating', full, full, { scopes: ['NotTerminating'] }),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('is unknown for a scope it does not know or a quota without usage, and when quotas cannot be read', () => {
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...scaled(),
        quota(
          'future',
          { pods: '10' },
          { pods: '0' },
          {
            scopes: ['SomeFutureScope'],
          },
        ),
      ]),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'ResourceQuota future in namespace default may count its pods, but its scope or usage cannot be read: whether Deployment default/web can scale out is not known',
    );
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom([...scaled(), quota('fresh', { pods: '10' }, undefined)]),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom(scaled(), {
          fetch: { resourcequotas: 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });

  it('judges the requests of an admitted pod, which a LimitRange may have filled in', () => {
    const bare = {
      containers: [{ name: 'app', image: 'app:1' }],
    };
    const objects = scaled({ podSpec: bare });
    // The running pods got 2Gi requests from the namespace's LimitRange at admission.
    for (const o of objects)
      if (o.kind === 'Pod')
        o.spec!.containers = [
          {
            ...o.spec!.containers[0],
            resources: {
              requests: { memory: '2Gi' },
              limits: { memory: '2Gi' },
            },
          },
        ];
    const outcome = runOne(
      replicasQuotaHeadroom,
      clusterFrom([
        ...objects,
        quota(
          'memory',
          { 'requests.memory': '16Gi' },
          { 'requests.memory': '8Gi' },
        ),
      ]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('admits 4 more pods');
  });

  it('leaves out a quota resource the pods request none of (an explicit 0)', () => {
    const zero = {
      containers: [
        {
          name: 'app',
          image: 'app:1',
          resources: { requests: { cpu: '0', memory: '1Gi' } },
        },
      ],
    };
    const cpuOnly = quota(
      'cpu',
      { 'requests.cpu': '4' },
      { 'requests.cpu': '4' },
    );
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom([...scaled({ podSpec: zero }), cpuOnly]),
      ),
    ).toMatchObject({ status: 'skipped' });
  });

  it('skips namespaces without quotas and manifests', () => {
    expect(runOne(replicasQuotaHeadroom, clusterFrom(scaled())).status).toBe(
      'skipped',
    );
    const web = deployment('web', { replicas: 2, podSpec: POD_SPEC });
    expect(
      runOne(
        replicasQuotaHeadroom,
        clusterFrom([web, quota('q', { pods: '2' }, undefined)], {
          mode: 'manifests',
        }),
      ).status,
    ).toBe('skipped');
  });
});
