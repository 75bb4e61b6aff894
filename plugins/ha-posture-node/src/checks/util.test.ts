import { clusterFrom, deployment, node, pod, podsFor } from '../testing';
import {
  describeObject,
  distinct,
  formatAge,
  intOrPercent,
  intOrPercentProblem,
  longRunningContainers,
  notEvaluable,
  perCluster,
  placementOf,
  plural,
  podIsActive,
  podIsReady,
  workloadTarget,
  worstStatus,
} from './util';

describe('notEvaluable', () => {
  it('is undefined when every type is ok', () => {
    expect(
      notEvaluable(clusterFrom([node('n1')]), 'nodes', 'pods'),
    ).toBeUndefined();
  });
  it('skips state types a manifests scan cannot contain', () => {
    const outcome = notEvaluable(
      clusterFrom([deployment('web')]),
      'deployments.apps',
      'pods',
    );
    expect(outcome).toEqual({
      status: 'skipped',
      message:
        'pods not in the scanned manifests (needs cluster state) on cluster test: Pod objects are cluster state, not part of plain manifests',
      evidence: { resource: 'pods', fetch: 'absent' },
    });
  });
  it('is unknown with the reason when forbidden or not installed', () => {
    const view = clusterFrom([node('n1')], {
      fetch: {
        'poddisruptionbudgets.policy': { status: 'forbidden', message: '403' },
      },
    });
    expect(notEvaluable(view, 'poddisruptionbudgets.policy')).toMatchObject({
      status: 'unknown',
      message: 'poddisruptionbudgets.policy forbidden on cluster test: 403',
    });
    expect(notEvaluable(view, 'schedules.velero.io')?.status).toBe('unknown');
  });
});

describe('intOrPercent', () => {
  it.each([
    [1, 3, true, 1],
    ['25%', 3, true, 1],
    ['25%', 3, false, 0],
    ['50%', 5, true, 3],
    ['100%', 4, false, 4],
    ['0%', 4, true, 0],
    ['1', 4, true, undefined],
    [undefined, 4, true, undefined],
    ['x%', 4, true, undefined],
    ['-50%', 4, true, undefined],
    [-1, 4, true, undefined],
    [1.5, 4, true, undefined],
    ['150%', 4, true, 6],
  ])('%p of %p (roundUp %p) is %p', (value, total, roundUp, expected) => {
    expect(intOrPercent(value, total, roundUp)).toBe(expected);
  });
});

describe('intOrPercentProblem', () => {
  it.each([0, 3, '0%', '25%', '100%', '007%'])('accepts %p', value => {
    expect(intOrPercentProblem(value, 'f')).toBeUndefined();
  });
  it.each([
    [
      'abc%',
      'f "abc%" is not valid: it must be an integer or a percentage such as "50%"',
    ],
    ['150%', 'f "150%" is not valid: it must be between 0% and 100%'],
    ['-50%', 'f "-50%" is not valid: it must not be negative'],
    [
      '1',
      'f "1" is not valid: it is a string but not a percentage (write the number without quotes, or a percentage such as "50%")',
    ],
    [
      '',
      'f "" is not valid: it must be an integer or a percentage such as "50%"',
    ],
    [
      ' 5%',
      'f " 5%" is not valid: it must be an integer or a percentage such as "50%"',
    ],
    [-3, 'f -3 is not valid: it must not be negative'],
    [0.5, 'f 0.5 is not valid: it must be a whole number'],
    [2 ** 31, 'f 2147483648 is not valid: it must be at most 2147483647'],
    [
      true,
      'f true is not valid: it must be an integer or a percentage such as "50%"',
    ],
  ])('rejects %p', (value, why) => {
    expect(intOrPercentProblem(value, 'f')).toBe(why);
  });
  it('allows more than 100% when asked (maxSurge)', () => {
    expect(
      intOrPercentProblem('150%', 'maxSurge', { allowAbove100: true }),
    ).toBeUndefined();
  });
});

describe('pod helpers', () => {
  const web = deployment('web', { namespace: 'shop', replicas: 2 });
  const [, running, pending] = podsFor(web, ['n1', undefined]);
  const view = clusterFrom([node('n1', { zone: 'z1' }), web, running, pending]);
  it('reads readiness and activity', () => {
    expect(podIsReady(running)).toBe(true);
    expect(podIsReady(pending)).toBe(false);
    expect(podIsActive(running)).toBe(true);
    expect(podIsActive(pod('done', { node: 'n1', phase: 'Succeeded' }))).toBe(
      false,
    );
  });
  it('places pods on nodes and zones', () => {
    expect(placementOf(view, [running, pending])).toEqual([
      { pod: running.metadata.name, node: 'n1', zone: 'z1', ready: true },
      { pod: pending.metadata.name, ready: false },
    ]);
  });
  it('describes targets and objects', () => {
    const w = view.workloads()[0];
    expect(workloadTarget(view, w)).toEqual({
      cluster: 'test',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    });
    expect(describeObject(w)).toBe('Deployment shop/web');
    expect(describeObject(view.node('n1')!)).toBe('Node n1');
  });
});

describe('small helpers', () => {
  it('lists long-running containers including sidecars', () => {
    const spec = {
      containers: [{ name: 'a' }],
      initContainers: [
        { name: 'init' },
        { name: 'sidecar', restartPolicy: 'Always' },
      ],
    };
    expect(longRunningContainers(spec).map(c => c.name)).toEqual([
      'a',
      'sidecar',
    ]);
    expect(longRunningContainers(undefined)).toEqual([]);
  });
  it('pluralizes and deduplicates', () => {
    expect(plural(1, 'replica')).toBe('1 replica');
    expect(plural(3, 'replica')).toBe('3 replicas');
    expect(distinct(['b', undefined, 'a', 'b', ''])).toEqual(['a', 'b']);
  });
});

describe('formatAge and worstStatus', () => {
  it('formats ages in the largest sensible unit', () => {
    expect(formatAge(3.4)).toBe('3s');
    expect(formatAge(95)).toBe('95s');
    expect(formatAge(12 * 60)).toBe('12m');
    expect(formatAge(2 * 3600)).toBe('2h');
    expect(formatAge(3 * 86400)).toBe('3d');
  });

  it('picks the worst status in category order', () => {
    expect(worstStatus(['pass', 'unknown', 'warn'])).toBe('warn');
    expect(worstStatus(['skipped', 'pass'])).toBe('pass');
    expect(worstStatus(['unknown', 'fail'])).toBe('fail');
  });
});

describe('perCluster', () => {
  it('derives a value once per cluster view', () => {
    let calls = 0;
    const derived = perCluster(view => {
      calls++;
      return { name: view.name };
    });
    const one = clusterFrom([node('n1')], { name: 'one' });
    const two = clusterFrom([node('n1')], { name: 'two' });
    expect(derived(one)).toBe(derived(one));
    expect(derived(two).name).toBe('two');
    expect(calls).toBe(2);
  });
});
