/** nodes-failure-headroom: re-placed pods follow the scheduler's InterPodAffinity filter. */
import { K8sObject } from '../../model/snapshot';
import {
  clusterFrom,
  deployment,
  namespace,
  node,
  pod,
  podsFor,
  runOne,
} from '../../testing';
import { nodesFailureHeadroom } from './nodes-failure-headroom';

const WORKER = { cpu: '4', memory: '16Gi', pods: '110' };
const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** Workers named `<zone>-<i>` with 4 CPU and 16 GiB each. */
function workers(perZone: Record<string, number>): K8sObject[] {
  return Object.entries(perZone).flatMap(([zone, count]) =>
    Array.from({ length: count }, (_, i) =>
      node(`${zone}-${i + 1}`, { zone, allocatable: WORKER }),
    ),
  );
}

const requesting = (cpu: string) => ({
  containers: [
    {
      name: 'app',
      image: 'app:1',
      resources: { requests: { cpu, memory: '1Gi' } },
    },
  ],
});

/** A Deployment with one pod per listed node (undefined: Pending), each requesting `cpu` and 1 GiB. */
function app(
  name: string,
  cpu: string,
  nodeNames: Array<string | undefined>,
  options: { namespace?: string; affinity?: any } = {},
) {
  const d = deployment(name, {
    namespace: options.namespace,
    replicas: nodeNames.length,
    podSpec: {
      ...requesting(cpu),
      ...(options.affinity ? { affinity: options.affinity } : {}),
    },
  });
  return [d, ...podsFor(d, nodeNames)];
}

/** A required pod affinity or anti-affinity term. */
const term = (appLabel: string, topologyKey: string, extra: any = {}) => ({
  labelSelector: { matchLabels: { app: appLabel } },
  topologyKey,
  ...extra,
});

const antiAffinity = (...terms: any[]) => ({
  podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});
const podAffinity = (...terms: any[]) => ({
  podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms },
});

/** A bare pod (never moved) on the node that keeps pods matching its terms out of its domain. */
const guard = (nodeName: string, ...terms: any[]) =>
  pod('guard', {
    namespace: 'guard',
    node: nodeName,
    spec: { ...requesting('100m'), affinity: antiAffinity(...terms) },
  });

const RULES_OF_OTHERS =
  'whose pod affinity rules or the anti-affinity of the pods already there allow none of the nodes with room';

describe('nodes-failure-headroom: inter-pod affinity', () => {
  describe('the anti-affinity of the pods already there', () => {
    /** api fills a-1 and a-2; a-3 alone has room for a lost replica. */
    const api = (options: { namespace?: string } = {}) =>
      app('api', '3', ['a-1', 'a-2'], options);

    it('fails when it blocks the only node with room', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 3 }),
          ...api(),
          guard('a-3', term('api', HOSTNAME, { namespaces: ['default'] })),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        new RegExp(
          `^Losing node a-[12] leaves its one recreated pod without a node, ${RULES_OF_OTHERS} \\(3 CPU, 1 GiB requested; the nodes left have 4.9 CPU`,
        ),
      );
      expect(outcome.evidence).toMatchObject({
        worstNode: {
          unplacedPods: [{ reason: 'affinity' }],
          unplacedCount: 1,
        },
      });
    });

    it('passes when the term does not select the pod: other namespace by default, other labels', () => {
      // Without namespaces, the term looks at the guard's own namespace.
      for (const guardTerm of [
        term('api', HOSTNAME),
        term('web', HOSTNAME, { namespaces: ['default'] }),
      ])
        expect(
          runOne(
            nodesFailureHeadroom,
            clusterFrom([
              ...workers({ a: 3 }),
              ...api(),
              guard('a-3', guardTerm),
            ]),
          ).status,
        ).toBe('pass');
    });

    it('blocks a whole zone with a zone topology key', () => {
      const cluster = (topologyKey: string) =>
        clusterFrom([
          ...workers({ a: 2, b: 3 }),
          ...api(),
          guard('b-1', term('api', topologyKey, { namespaceSelector: {} })),
        ]);
      const outcome = runOne(nodesFailureHeadroom, cluster(ZONE));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(RULES_OF_OTHERS);
      expect(outcome.evidence).toMatchObject({
        worstZone: { lost: 'a', unplacedCount: 2 },
      });
      // With the hostname key, b-2 and b-3 take them.
      expect(runOne(nodesFailureHeadroom, cluster(HOSTNAME)).status).toBe(
        'pass',
      );
    });

    it('reads namespaceSelector against the Namespace labels', () => {
      const cluster = (labels: Record<string, string>) =>
        clusterFrom([
          ...workers({ a: 3 }),
          ...api({ namespace: 'payments' }),
          namespace('payments', labels),
          namespace('guard'),
          guard(
            'a-3',
            term('api', HOSTNAME, {
              namespaceSelector: { matchLabels: { team: 'money' } },
            }),
          ),
        ]);
      expect(
        runOne(nodesFailureHeadroom, cluster({ team: 'money' })).status,
      ).toBe('fail');
      const other = runOne(nodesFailureHeadroom, cluster({ team: 'web' }));
      expect(other.status).toBe('pass');
      expect(other.evidence).not.toHaveProperty('unjudgedRules');
    });

    it('leaves out a namespaceSelector term when Namespaces are unreadable, and says so', () => {
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom(
          [
            ...workers({ a: 3 }),
            ...api({ namespace: 'payments' }),
            guard(
              'a-3',
              term('api', HOSTNAME, {
                namespaceSelector: { matchLabels: { team: 'money' } },
              }),
            ),
          ],
          { fetch: { namespaces: 'forbidden' } },
        ),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toMatch(
        /; the pod affinity or anti-affinity terms with a namespaceSelector of 1 pod are not judged \(.*forbidden.*\): guard\/guard$/,
      );
      expect(outcome.evidence).toMatchObject({
        unjudgedRules: { pods: ['guard/guard'], count: 1 },
      });
      // A selector on the namespace's name alone needs no Namespace object.
      const byName = runOne(
        nodesFailureHeadroom,
        clusterFrom(
          [
            ...workers({ a: 3 }),
            ...api({ namespace: 'payments' }),
            guard(
              'a-3',
              term('api', HOSTNAME, {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'payments' },
                },
              }),
            ),
          ],
          { fetch: { namespaces: 'forbidden' } },
        ),
      );
      expect(byName.status).toBe('fail');
      expect(byName.evidence).not.toHaveProperty('unjudgedRules');
    });

    it('applies mismatchLabelKeys with the labels of the pod that holds the term', () => {
      // The guard of tenant a keeps the pods of every other tenant off its node.
      const cluster = (tenant: string) => {
        const tenantApi = deployment('api', {
          labels: { app: 'api', tenant },
          podSpec: requesting('3'),
        });
        return clusterFrom([
          ...workers({ a: 3 }),
          tenantApi,
          ...podsFor(tenantApi, ['a-1', 'a-2']),
          pod('guard', {
            namespace: 'guard',
            node: 'a-3',
            labels: { app: 'guard', tenant: 'a' },
            spec: {
              ...requesting('100m'),
              affinity: antiAffinity({
                labelSelector: {
                  matchExpressions: [{ key: 'tenant', operator: 'Exists' }],
                },
                mismatchLabelKeys: ['tenant'],
                namespaceSelector: {},
                topologyKey: HOSTNAME,
              }),
            },
          }),
        ]);
      };
      expect(runOne(nodesFailureHeadroom, cluster('b')).status).toBe('fail');
      expect(runOne(nodesFailureHeadroom, cluster('a')).status).toBe('pass');
    });

    it("counts the pods placed earlier in the same loss: a moved pod's term keeps the next one out", () => {
      // Losing zone a moves keeper and api; keeper, larger, lands on b-1 first, and its term
      // then keeps api off b-1, the only node left with room for it.
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2, b: 2 }),
          pod('big', { node: 'b-2', spec: requesting('3800m') }),
          ...app('keeper', '3500m', ['a-1'], {
            affinity: antiAffinity(term('api', HOSTNAME)),
          }),
          ...app('api', '500m', ['a-2']),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toMatch(
        new RegExp(
          `^Losing zone a leaves 1 of its 2 recreated pods without a node, ${RULES_OF_OTHERS}`,
        ),
      );
      expect(outcome.evidence).toMatchObject({
        worstZone: { lost: 'a', displacedPods: 2, unplacedCount: 1 },
      });
    });
  });

  describe("the pod's own required pod affinity", () => {
    /** db on the listed nodes; web, with affinity to db's zone, on a-2. */
    const cluster = (dbNodes: string[]) =>
      clusterFrom([
        ...workers({ a: 2, b: 3 }),
        ...app('db', '3', dbNodes),
        ...app('web', '3', ['a-2'], {
          affinity: podAffinity(term('db', ZONE)),
        }),
      ]);

    it('fails when only nodes outside the domain of the pods it needs have room', () => {
      const outcome = runOne(nodesFailureHeadroom, cluster(['a-1']));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toMatch(
        new RegExp(
          `^Losing node a-2 leaves its one recreated pod without a node, ${RULES_OF_OTHERS}`,
        ),
      );
      // With db in zone b too, web finds room there (a lost zone b still leaves db without).
      expect(
        runOne(nodesFailureHeadroom, cluster(['a-1', 'b-1'])).evidence,
      ).toMatchObject({ worstNode: { unplacedCount: 0 } });
    });

    it('keeps a lost zone binding while the pods it needs terminate there', () => {
      // A bare db pod is not recreated: web can only join it in zone a, which is lost.
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2, b: 2 }),
          pod('db', { node: 'a-1', spec: requesting('1') }),
          ...app('web', '1', ['a-2'], {
            affinity: podAffinity(term('db', ZONE)),
          }),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toMatch(
        new RegExp(
          `^Losing zone a leaves its one recreated pod without a node, ${RULES_OF_OTHERS}`,
        ),
      );
    });

    it('lets the first pod of a group with affinity to itself go anywhere, and the next follow it', () => {
      const selfAffine = podAffinity(term('cache', HOSTNAME));
      // Two Pending replicas of 3 CPU: the first goes to a node by the exception, the second
      // must join it and finds no room there.
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2 }),
          ...app('cache', '3', [undefined, undefined], {
            affinity: selfAffine,
          }),
        ]),
      );
      expect(outcome.evidence?.alreadyWaiting).toHaveLength(1);
      // The exception needs the pod to match its own terms.
      const notSelf = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2 }),
          ...app('cache', '1', [undefined], {
            affinity: podAffinity(term('other', HOSTNAME)),
          }),
        ]),
      );
      expect(notSelf.evidence?.alreadyWaiting).toHaveLength(1);
      const alone = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2 }),
          ...app('cache', '1', [undefined], { affinity: selfAffine }),
        ]),
      );
      expect(alone.status).toBe('pass');
      expect(alone.evidence?.alreadyWaiting).toEqual([]);
    });

    it('tries a pod again once the pods it needs are placed', () => {
      // web (larger) is tried before db, when no db runs yet; placed, db lets it in.
      const outcome = runOne(
        nodesFailureHeadroom,
        clusterFrom([
          ...workers({ a: 2 }),
          ...app('db', '1', [undefined]),
          ...app('web', '2', [undefined], {
            affinity: podAffinity(term('db', HOSTNAME)),
          }),
        ]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence?.alreadyWaiting).toEqual([]);
    });

    it('needs a pod that matches all its terms', () => {
      const objects = (dbLabels: Record<string, string>) => {
        const db = deployment('db', {
          labels: dbLabels,
          podSpec: requesting('100m'),
        });
        return [
          ...workers({ a: 2 }),
          db,
          ...podsFor(db, ['a-1']),
          ...app('web', '1', [undefined], {
            affinity: podAffinity(
              {
                labelSelector: { matchLabels: { app: 'db' } },
                topologyKey: HOSTNAME,
              },
              {
                labelSelector: { matchLabels: { tier: 'primary' } },
                topologyKey: ZONE,
              },
            ),
          }),
        ];
      };
      expect(
        runOne(nodesFailureHeadroom, clusterFrom(objects({ app: 'db' })))
          .evidence?.alreadyWaiting,
      ).toHaveLength(1);
      expect(
        runOne(
          nodesFailureHeadroom,
          clusterFrom(objects({ app: 'db', tier: 'primary' })),
        ).evidence?.alreadyWaiting,
      ).toEqual([]);
    });
  });
});
