import {
  clusterFrom,
  deployment,
  hpa,
  k8sObject,
  node,
  nodes,
  podsFor,
  replicaSet,
  rollout,
  runCheck,
  runOne,
  statefulSet,
} from '../../testing';
import { replicasMinFloor } from './replicas-min-floor';
import { replicasAvailable } from './replicas-available';

const threeZones = nodes('w', 3, ['a', 'b', 'c']);
const oneZone = nodes('w', 2, ['a']);

describe('replicas-min-floor', () => {
  it('passes with 3 replicas in a 3-zone cluster', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...threeZones, web]),
      { workload: 'web' },
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({
      floor: 3,
      source: 'spec',
      required: 3,
      zones: 3,
    });
  });

  it('fails a single replica and says why', () => {
    const api = deployment('api-single', { replicas: 1 });
    const outcome = runOne(replicasMinFloor, clusterFrom([...oneZone, api]), {
      workload: 'api-single',
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('single replica');
  });

  it('says when spec.replicas is left unset (the API server defaults it to 1)', () => {
    const coredns = deployment('coredns', { replicas: 1 });
    delete coredns.spec.replicas;
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...oneZone, coredns]),
      {
        workload: 'coredns',
      },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Runs a single replica (spec.replicas unset, so 1)',
    );
  });

  it('advises leader election (or an exemption) for a Recreate singleton, not just more replicas', () => {
    const notifier = deployment('notifier', { replicas: 1 });
    notifier.spec.strategy = { type: 'Recreate' };
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...oneZone, notifier]),
      { workload: 'notifier' },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.remediation).toBe(
      'Set spec.replicas to at least 2. Its Recreate strategy suggests it must not run twice at once: give it leader election (only the leader acts, a standby takes over), or accept the risk with the annotation ha-posture.io/exempt-replicas-min-floor: "<reason>".',
    );
    const rolling = runOne(
      replicasMinFloor,
      clusterFrom([...oneZone, deployment('api', { replicas: 1 })]),
      { workload: 'api' },
    );
    expect(rolling.remediation).toBe('Set spec.replicas to at least 2.');
  });

  it('uses the HPA floor: replicas 3 but HPA min 1 fails (hpa-floor-1)', () => {
    const web = deployment('hpa-floor-1', { replicas: 3 });
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...threeZones, web, hpa(web, 1, 10)]),
      { workload: 'hpa-floor-1' },
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('HPA hpa-floor-1 has minReplicas 1');
    expect(outcome.remediation).toContain('minReplicas of HPA hpa-floor-1');
    expect(outcome.evidence).toMatchObject({
      floor: 1,
      source: 'hpa',
      specReplicas: 3,
    });
  });

  it('an HPA without minReplicas means a floor of 1', () => {
    const web = deployment('web', { replicas: 4 });
    expect(
      runOne(
        replicasMinFloor,
        clusterFrom([...oneZone, web, hpa(web, undefined, 10)]),
      ).status,
    ).toBe('fail');
  });

  it('passes on the HPA floor even when spec.replicas is 1 (peers not HPA aware)', () => {
    const web = deployment('web', { replicas: 1 });
    expect(
      runOne(
        replicasMinFloor,
        clusterFrom([...threeZones, web, hpa(web, 3, 10)]),
      ).status,
    ).toBe('pass');
  });

  it('warns when a manifest sets spec.replicas below its HPA floor: each apply scales it down (kube-score)', () => {
    const web = deployment('web', { replicas: 1 });
    const autoscaler = hpa(web, 3, 10);
    const scan = runOne(
      replicasMinFloor,
      clusterFrom([web, autoscaler], { mode: 'manifests' }),
    );
    expect(scan.status).toBe('warn');
    expect(scan.message).toBe(
      'The manifest sets spec.replicas 1, below the minReplicas 3 of HPA web: every apply scales it down to 1 replica until the autoscaler scales it back',
    );
    // Without spec.replicas the HPA owns the count; live, spec.replicas is what the HPA last set.
    const unset = deployment('web', { replicas: 1 });
    delete unset.spec.replicas;
    expect(
      runOne(
        replicasMinFloor,
        clusterFrom([unset, hpa(unset, 3, 10)], { mode: 'manifests' }),
      ).status,
    ).toBe('pass');
    expect(
      runOne(replicasMinFloor, clusterFrom([...threeZones, web, autoscaler]))
        .status,
    ).toBe('pass');
  });

  it('warns with 2 replicas in a 3-zone cluster, passes with 2 in a single zone', () => {
    const web = deployment('web', { replicas: 2 });
    const multi = runOne(replicasMinFloor, clusterFrom([...threeZones, web]));
    expect(multi.status).toBe('warn');
    expect(multi.message).toContain('3 zones');
    expect(
      runOne(replicasMinFloor, clusterFrom([...oneZone, web])).status,
    ).toBe('pass');
    // The same minimum applies to an HPA floor (kube-linter hpa-minimum-three-replicas).
    const scaled = deployment('api', { replicas: 2 });
    const hpaFloor = runOne(
      replicasMinFloor,
      clusterFrom([...threeZones, scaled, hpa(scaled, 2, 10)]),
    );
    expect(hpaFloor.status).toBe('warn');
    expect(hpaFloor.message).toContain('3 zones');
  });

  it('keeps asking for 3 replicas while a zone of a 3-zone cluster is down', () => {
    const web = deployment('web', { replicas: 2 });
    const zoneCDown = [
      ...nodes('w', 2, ['a', 'b']),
      node('w-c1', { zone: 'c', ready: false }),
      node('w-c2', { zone: 'c', ready: 'Unknown' }),
      // A control-plane node elsewhere is not a worker zone.
      node('cp-1', { zone: 'd', roles: ['control-plane'] }),
    ];
    const outcome = runOne(replicasMinFloor, clusterFrom([...zoneCDown, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'for a cluster with 3 zones (1 of them without a usable worker right now)',
    );
  });

  it('says when zones are unknown instead of passing 2 replicas silently', () => {
    const web = deployment('web', { replicas: 2 });
    const unlabelled = runOne(
      replicasMinFloor,
      clusterFrom([...nodes('w', 3), web]),
    );
    expect(unlabelled.status).toBe('pass');
    expect(unlabelled.message).toBe(
      'Replica floor 2 (spec.replicas 2) meets the minimum of 2 (zones unknown: no node with a zone label in the input, so the minimum of 3 for clusters spanning 3 or more zones was not applied)',
    );
    // One labelled zone is known to be one zone: no caveat.
    expect(
      runOne(replicasMinFloor, clusterFrom([...oneZone, web])).message,
    ).toBe('Replica floor 2 (spec.replicas 2) meets the minimum of 2');
  });

  it('honours the parameters', () => {
    const web = deployment('web', { replicas: 2 });
    expect(
      runOne(replicasMinFloor, clusterFrom([...oneZone, web]), {
        params: { minReplicas: 3 },
      }).status,
    ).toBe('fail');
    expect(
      runOne(replicasMinFloor, clusterFrom([...threeZones, web]), {
        params: { minReplicasMultiZone: 2 },
      }).status,
    ).toBe('pass');
  });

  describe('KEDA', () => {
    const kedaHpa = (target: any, by: 'label' | 'owner') => {
      const scaler = hpa(target, 1, 10, { name: 'keda-hpa-api' });
      if (by === 'label') {
        scaler.metadata.labels = {
          'app.kubernetes.io/managed-by': 'keda-operator',
          'app.kubernetes.io/part-of': 'api',
        };
      } else {
        scaler.metadata.ownerReferences = [
          {
            apiVersion: 'keda.sh/v1alpha1',
            kind: 'ScaledObject',
            name: 'api-scaler',
            uid: 'so-1',
            controller: true,
          },
        ];
      }
      return scaler;
    };

    it.each([
      ['label', 'KEDA ScaledObject api'],
      ['owner', 'KEDA ScaledObject api-scaler'],
    ] as const)(
      'fails a workload KEDA idled at zero (HPA found by %s): its floor is minReplicaCount 0',
      (by, scaledObject) => {
        const api = deployment('api', { replicas: 0, available: 0 });
        const outcome = runOne(
          replicasMinFloor,
          clusterFrom([...threeZones, api, kedaHpa(api, by)]),
        );
        expect(outcome.status).toBe('fail');
        expect(outcome.message).toBe(
          `Scaled to zero while idle by ${scaledObject} (minReplicaCount 0, through HPA keda-hpa-api): ` +
            'its floor is 0 replicas, so nothing serves until KEDA sees an event, and the first requests wait for a pod to be scheduled and start',
        );
        expect(outcome.remediation).toBe(
          `Set minReplicaCount to at least 3 on ${scaledObject} (it owns HPA keda-hpa-api).`,
        );
      },
    );

    /** A ScaledObject targeting `target` (a Deployment, KEDA's default kind, unless `kind`). */
    const scaledObject = (
      target: string,
      spec: Record<string, number> = {},
      options: {
        name?: string;
        kind?: string;
        annotations?: Record<string, string>;
      } = {},
    ) =>
      k8sObject('keda.sh/v1alpha1', 'ScaledObject', options.name ?? target, {
        namespace: 'default',
        annotations: options.annotations,
        spec: {
          scaleTargetRef: {
            name: target,
            ...(options.kind ? { kind: options.kind } : {}),
          },
          triggers: [{ type: 'cpu', metadata: { value: '60' } }],
          ...spec,
        },
      });

    it('fails a manifest whose ScaledObject leaves minReplicaCount at its default of 0, whatever spec.replicas says', () => {
      const api = deployment('api', { replicas: 3 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([api, scaledObject('api')]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toBe(
        'KEDA ScaledObject api minReplicaCount unset (default 0) lets KEDA scale it to 0 replicas while no event comes: nothing serves then, and the first requests wait for a pod to be scheduled and start',
      );
      expect(outcome.remediation).toBe(
        'Set minReplicaCount to at least 2 on KEDA ScaledObject api: KEDA scales the workload down to it, whatever spec.replicas says.',
      );
      expect(outcome.evidence).toMatchObject({
        floor: 0,
        source: 'scaledobject',
        scaledObject: 'api',
        specReplicas: 3,
      });
    });

    it('passes a ScaledObject whose minReplicaCount meets the minimum, and reads idleReplicaCount first', () => {
      const api = deployment('api', { replicas: 3 });
      const floor = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject('api', { minReplicaCount: 3 }),
        ]),
      );
      expect(floor.status).toBe('pass');
      expect(floor.message).toBe(
        'Replica floor 3 (KEDA ScaledObject api minReplicaCount 3) meets the minimum of 3 for a cluster with 3 zones',
      );
      const idle = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject('api', { minReplicaCount: 3, idleReplicaCount: 0 }),
        ]),
      );
      expect(idle.status).toBe('fail');
      expect(idle.message).toContain(
        'KEDA ScaledObject api idleReplicaCount 0 lets KEDA scale it to 0 replicas',
      );
      expect(idle.remediation).toContain('and remove its idleReplicaCount');
    });

    it('warns on a floor of 2 in a 3-zone cluster, saying why', () => {
      const api = statefulSet('api', { replicas: 3 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject('api', { minReplicaCount: 2 }, { kind: 'StatefulSet' }),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'Replica floor 2 (KEDA ScaledObject api minReplicaCount 2) is below the minimum of 3 for a cluster with 3 zones: a zone outage can leave a single replica',
      );
    });

    it('prefers the ScaledObject to the HPA KEDA makes from it (whose minReplicas is at least 1)', () => {
      const api = deployment('api', { replicas: 2 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          kedaHpa(api, 'owner'),
          scaledObject('api'),
        ]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.evidence).toMatchObject({
        floor: 0,
        source: 'scaledobject',
      });
    });

    it('judges a workload at spec.replicas 0 by its ScaledObject: KEDA raises it to minReplicaCount', () => {
      const api = deployment('api', { replicas: 0, available: 0 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject('api', { minReplicaCount: 3 }),
        ]),
      );
      expect(outcome.status).toBe('pass');
    });

    it('reads paused ScaledObjects: paused-replicas holds that count, paused holds the current one', () => {
      const api = deployment('api', { replicas: 3 });
      const held = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject(
            'api',
            {},
            {
              annotations: { 'autoscaling.keda.sh/paused-replicas': '3' },
            },
          ),
        ]),
      );
      expect(held.status).toBe('pass');
      expect(held.message).toContain(
        'KEDA ScaledObject api paused at 3 (autoscaling.keda.sh/paused-replicas)',
      );
      const paused = runOne(
        replicasMinFloor,
        clusterFrom([
          ...threeZones,
          api,
          scaledObject(
            'api',
            {},
            {
              annotations: { 'autoscaling.keda.sh/paused': 'true' },
            },
          ),
        ]),
      );
      expect(paused).toMatchObject({
        status: 'pass',
        evidence: { source: 'spec' },
      });
    });

    it('takes the lowest floor of two ScaledObjects on one target, naming the other', () => {
      const api = deployment('api', { replicas: 3 });
      for (const order of [
        [3, 0],
        [0, 3],
      ]) {
        const outcome = runOne(
          replicasMinFloor,
          clusterFrom([
            ...threeZones,
            api,
            ...order.map(min =>
              scaledObject(
                'api',
                { minReplicaCount: min },
                { name: `api-${min}` },
              ),
            ),
          ]),
        );
        expect(outcome.status).toBe('fail');
        expect(outcome.evidence).toMatchObject({
          scaledObject: 'api-0',
          otherScaledObjects: ['api-3'],
        });
      }
    });

    it('warns when a manifest sets spec.replicas below the ScaledObject floor, as below an HPA', () => {
      const api = deployment('api', { replicas: 1 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([api, scaledObject('api', { minReplicaCount: 3 })]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'The manifest sets spec.replicas 1, below the floor of KEDA ScaledObject api minReplicaCount 3: every apply scales it down to 1 replica until KEDA raises it back',
      );
    });

    it('is unknown when KEDA scales the workload but its ScaledObjects cannot be read', () => {
      const api = deployment('api', { replicas: 3 });
      const scaler = kedaHpa(api, 'label');
      scaler.spec.minReplicas = 3;
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([...threeZones, api, scaler], {
          fetch: { 'scaledobjects.keda.sh': 'forbidden' },
        }),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        'scaledobjects.keda.sh forbidden on cluster test',
      );
      // Not installed: there is no ScaledObject to hide anything.
      expect(
        runOne(replicasMinFloor, clusterFrom([...threeZones, api, scaler]))
          .status,
      ).toBe('pass');
    });

    it('leaves the checks of the replicas that run to spec.replicas and HPAs', () => {
      // 0 of 3 available fails whatever KEDA's floor: it is not a floor of 0 that runs.
      const api = deployment('api', { replicas: 3, available: 0 });
      const outcome = runOne(
        replicasAvailable,
        clusterFrom([...threeZones, api, scaledObject('api')]),
      );
      expect(outcome.status).toBe('fail');
    });

    it('skips the same workload when HPAs cannot be read (no sign of KEDA)', () => {
      const api = deployment('api', { replicas: 0 });
      const outcome = runOne(
        replicasMinFloor,
        clusterFrom([...threeZones, api, kedaHpa(api, 'label')], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toContain(
        'scaled to zero (spec.replicas 0): inactive',
      );
    });

    it('skips the floor-based checks with a KEDA-specific reason', () => {
      const api = deployment('api', { replicas: 0 });
      const outcome = runOne(
        replicasAvailable,
        clusterFrom([...threeZones, api, kedaHpa(api, 'label')]),
      );
      expect(outcome.status).toBe('skipped');
      expect(outcome.message).toBe(
        'Deployment default/api is scaled to zero by KEDA while idle (KEDA ScaledObject api, minReplicaCount 0, ' +
          'through HPA keda-hpa-api): no pods to judge now; its floor of 0 is judged by replicas-min-floor',
      );
    });
  });

  it('skips a workload scaled to zero, even with an HPA', () => {
    const web = deployment('web', { replicas: 0 });
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...oneZone, web, hpa(web, 1, 5)]),
    );
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toBe(
      'Deployment default/web is scaled to zero (spec.replicas 0): inactive',
    );
    expect(
      runOne(replicasMinFloor, clusterFrom([...oneZone, web])).status,
    ).toBe('skipped');
  });

  it('is unknown when HPAs are forbidden: the floor could differ', () => {
    const web = deployment('web', { replicas: 3 });
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...threeZones, web], {
        fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
      }),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('Replica floor unknown');
  });

  it('evaluates a manifests scan on spec.replicas (no zones known)', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(replicasMinFloor, clusterFrom([web]));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence).toMatchObject({ required: 2, zones: 0 });
  });

  it('covers StatefulSets (single copy of data), Rollouts and ownerless ReplicaSets; not DaemonSets', () => {
    const db = statefulSet('db-single', {
      replicas: 1,
      volumeClaimTemplates: [{ name: 'data' }],
    });
    const canary = rollout('canary', { replicas: 3 });
    const rs = replicaSet('legacy', { replicas: 1 });
    const view = clusterFrom([...threeZones, db, canary, rs]);
    const dbOutcome = runOne(replicasMinFloor, view, { workload: 'db-single' });
    expect(dbOutcome.status).toBe('fail');
    expect(dbOutcome.message).toContain('data exists in one copy');
    expect(runOne(replicasMinFloor, view, { workload: 'canary' }).status).toBe(
      'pass',
    );
    expect(
      runOne(replicasMinFloor, view, { workload: 'ReplicaSet/legacy' }).status,
    ).toBe('fail');
  });

  it("does not count a Deployment's own ReplicaSets as workloads", () => {
    const web = deployment('web', { replicas: 3 });
    const outcomes = runCheck(
      replicasMinFloor,
      clusterFrom([...threeZones, web, ...podsFor(web, ['w-1', 'w-2', 'w-3'])]),
    );
    expect(outcomes.map(o => o.target?.name)).toEqual(['web']);
  });

  it('names the operator that controls a single-replica StatefulSet', () => {
    const member = statefulSet('es-data-0', { replicas: 1 });
    member.metadata.ownerReferences = [
      {
        apiVersion: 'elasticsearch.k8s.elastic.co/v1',
        kind: 'Elasticsearch',
        name: 'logs',
        controller: true,
      },
    ];
    const outcome = runOne(replicasMinFloor, clusterFrom([...oneZone, member]));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('controlled by Elasticsearch logs');
    expect(outcome.evidence).toMatchObject({ operator: 'Elasticsearch/logs' });
  });

  it('counts the members an operator runs as separate workloads together (Rook mons)', () => {
    const owner = {
      apiVersion: 'ceph.rook.io/v1',
      kind: 'CephCluster',
      name: 'rook-ceph',
      controller: true,
    };
    const mon = (id: string) => {
      const d = deployment(`rook-ceph-mon-${id}`, {
        namespace: 'rook-ceph',
        labels: { app: 'rook-ceph-mon', mon: id },
      });
      d.metadata.ownerReferences = [owner];
      return d;
    };
    const mgr = deployment('rook-ceph-mgr-a', {
      namespace: 'rook-ceph',
      labels: { app: 'rook-ceph-mgr' },
    });
    mgr.metadata.ownerReferences = [owner];
    const view = clusterFrom([
      ...threeZones,
      mon('a'),
      mon('b'),
      mon('c'),
      mgr,
    ]);
    const outcome = runOne(replicasMinFloor, view, {
      workload: 'rook-ceph-mon-b',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'CephCluster rook-ceph runs 3 app=rook-ceph-mon members as separate Deployments',
    );
    expect(outcome.evidence).toMatchObject({
      groupFloor: 3,
      operatorGroup: ['rook-ceph-mon-a', 'rook-ceph-mon-b', 'rook-ceph-mon-c'],
    });
    // A lone member is not helped by its siblings of another app.
    expect(
      runOne(replicasMinFloor, view, { workload: 'rook-ceph-mgr-a' }).status,
    ).toBe('fail');
  });

  it('points KEDA-managed HPAs at the ScaledObject', () => {
    const worker = deployment('worker', { replicas: 2 });
    const scaler = hpa(worker, 1, 20, { name: 'keda-hpa-worker' });
    scaler.metadata.labels = {
      'app.kubernetes.io/managed-by': 'keda-operator',
    };
    const outcome = runOne(
      replicasMinFloor,
      clusterFrom([...oneZone, worker, scaler]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.remediation).toContain('KEDA ScaledObject');
  });
});
