import {
  clusterFrom,
  deployment,
  hpa,
  node,
  nodes,
  podsFor,
  runOne,
  statefulSet,
} from '../../testing';
import { spreadDeclared } from './spread-declared';

const threeZones = nodes('w', 3, ['a', 'b', 'c']);
const zoneKey = 'topology.kubernetes.io/zone';
const hostKey = 'kubernetes.io/hostname';

function tsc(
  topologyKey: string,
  matchLabels: Record<string, string> | null,
  extra: any = {},
) {
  return {
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'DoNotSchedule',
    ...(matchLabels ? { labelSelector: { matchLabels } } : {}),
    ...extra,
  };
}

function withSpec(name: string, spec: any, replicas = 3) {
  return deployment(name, {
    replicas,
    podSpec: { containers: [{ name: 'app', image: 'x' }], ...spec },
  });
}

/** A pod spec with preferred anti-affinity on `topologyKey` against the pods labelled app=web. */
function preferredAntiAffinity(topologyKey: string) {
  return {
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey,
              labelSelector: { matchLabels: { app: 'web' } },
            },
          },
        ],
      },
    },
  };
}

describe('spread-declared', () => {
  it('passes a zone spread constraint that selects the pods (TSC counts, unlike kube-score #613)', () => {
    const web = withSpec('web', {
      topologySpreadConstraints: [tsc(zoneKey, { app: 'web' })],
    });
    const outcome = runOne(spreadDeclared, clusterFrom([...threeZones, web]));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'topologySpreadConstraint on topology.kubernetes.io/zone',
    );
  });

  it('counts a constraint whose selector misses the pods as not declared, and says so (selector-mismatch)', () => {
    const web = withSpec(
      'selector-mismatch',
      { topologySpreadConstraints: [tsc(zoneKey, { app: 'foo' })] },
      3,
    );
    web.spec.template.metadata.labels = { app: 'bar' };
    const outcome = runOne(spreadDeclared, clusterFrom([...threeZones, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'selects app=foo but the pods are labelled app=bar',
    );
  });

  it('warns without any rule (the scheduler default is soft), never fails', () => {
    const outcome = runOne(
      spreadDeclared,
      clusterFrom([...threeZones, deployment('web', { replicas: 3 })]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('soft default spreading');
  });

  it('warns on node-only spreading in a multi-zone cluster, passes it in a single zone', () => {
    const web = withSpec('web', preferredAntiAffinity(hostKey));
    expect(
      runOne(spreadDeclared, clusterFrom([...threeZones, web])).status,
    ).toBe('warn');
    const singleZone = runOne(
      spreadDeclared,
      clusterFrom([...nodes('w', 3, ['a']), web]),
    );
    expect(singleZone.status).toBe('pass');
    expect(singleZone.message).not.toContain('zones unknown');
    // No zone label anywhere: it passes, saying the single zone is an assumption.
    const unlabelled = runOne(
      spreadDeclared,
      clusterFrom([...nodes('w', 3), web]),
    );
    expect(unlabelled.status).toBe('pass');
    expect(unlabelled.message).toContain(
      '(zones unknown: no node with a zone label in the input; if the cluster spans zones, spread across them too)',
    );
  });

  it('accepts matchExpressions and matchLabelKeys', () => {
    const web = withSpec('web', {
      topologySpreadConstraints: [
        tsc(zoneKey, null, {
          labelSelector: {
            matchExpressions: [
              { key: 'app', operator: 'In', values: ['web', 'api'] },
            ],
          },
          matchLabelKeys: ['pod-template-hash'],
        }),
      ],
    });
    expect(
      runOne(spreadDeclared, clusterFrom([...threeZones, web])).status,
    ).toBe('pass');
  });

  it('counts a TSC without labelSelector as selecting nothing', () => {
    const web = withSpec('web', {
      topologySpreadConstraints: [tsc(zoneKey, null)],
    });
    const outcome = runOne(spreadDeclared, clusterFrom([...threeZones, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('(null selector)');
  });

  describe('constraints the API server rejects (kube-score pod-topology-spread-constraints)', () => {
    // Only files hold such constraints: a manifests scan, no nodes.
    const declared = (extra: any) =>
      runOne(
        spreadDeclared,
        clusterFrom([
          withSpec('web', {
            topologySpreadConstraints: [
              tsc(zoneKey, { app: 'web' }, extra),
              tsc(hostKey, { app: 'web' }),
            ],
          }),
        ]),
      );

    it.each([
      [{ maxSkew: 0 }, 'maxSkew 0 is not a positive integer'],
      [{ maxSkew: undefined }, 'maxSkew null is not a positive integer'],
      [
        { whenUnsatisfiable: 'DoNotSchedul' },
        'whenUnsatisfiable "DoNotSchedul" is neither DoNotSchedule nor ScheduleAnyway',
      ],
      [
        { whenUnsatisfiable: undefined },
        'whenUnsatisfiable null is neither DoNotSchedule nor ScheduleAnyway',
      ],
      [{ minDomains: 0 }, 'minDomains 0 is not a positive integer'],
      [
        { minDomains: 3, whenUnsatisfiable: 'ScheduleAnyway' },
        'minDomains is only allowed with whenUnsatisfiable DoNotSchedule',
      ],
      [{ topologyKey: '' }, 'topologyKey is not set'],
      [{ topologyKey: undefined }, 'topologyKey is not set'],
      [
        { nodeAffinityPolicy: 'ignore' },
        'nodeAffinityPolicy "ignore" is neither Honor nor Ignore',
      ],
      [
        { nodeTaintsPolicy: 'honor' },
        'nodeTaintsPolicy "honor" is neither Honor nor Ignore',
      ],
      [
        { labelSelector: undefined, matchLabelKeys: ['app'] },
        'matchLabelKeys is set without a labelSelector',
      ],
      [
        { matchLabelKeys: ['pod-template-hash', 'app'] },
        'key app is in both matchLabelKeys and labelSelector; up to Kubernetes 1.33 the API server rejects the workload, from 1.34 each of its pods',
      ],
      [
        {
          labelSelector: {
            matchExpressions: [{ key: 'app', operator: 'Exists' }],
          },
          matchLabelKeys: ['app'],
        },
        'key app is in both matchLabelKeys and labelSelector; up to Kubernetes 1.33 the API server rejects the workload, from 1.34 each of its pods',
      ],
    ])('warns on %j and does not count it: %s', (extra, problem) => {
      const outcome = declared(extra);
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(`is invalid (${problem})`);
      expect(outcome.message).toContain(
        'the API server rejects the deployment',
      );
      expect(outcome.evidence?.effective).toEqual([
        'topologySpreadConstraint on kubernetes.io/hostname (maxSkew 1, DoNotSchedule)',
      ]);
    });

    it('accepts minDomains with DoNotSchedule', () => {
      const outcome = declared({ minDomains: 3 });
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'maxSkew 1, DoNotSchedule, minDomains 3',
      );
    });

    it.each([
      [{ nodeAffinityPolicy: 'Ignore', nodeTaintsPolicy: 'Honor' }],
      [{ nodeAffinityPolicy: null, nodeTaintsPolicy: null }],
      [{ labelSelector: {}, matchLabelKeys: ['app'] }],
      // Only Kubernetes 1.33 and older reject a key the pods do not carry: 1.34 merges nothing.
      [
        {
          labelSelector: {
            matchLabels: { app: 'web' },
            matchExpressions: [{ key: 'track', operator: 'DoesNotExist' }],
          },
          matchLabelKeys: ['track'],
        },
      ],
    ])('accepts %j', extra => {
      const outcome = declared(extra);
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence?.effective).toHaveLength(2);
    });

    it('warns on a repeated {topologyKey, whenUnsatisfiable} pair, naming it; the same key with the other action is accepted', () => {
      const spreadOver = (constraints: any[]) =>
        runOne(
          spreadDeclared,
          clusterFrom([
            withSpec('web', { topologySpreadConstraints: constraints }),
          ]),
        );
      const repeated = spreadOver([
        tsc(zoneKey, { app: 'web' }),
        tsc(hostKey, { app: 'web' }),
        tsc(zoneKey, { app: 'web' }, { maxSkew: 2 }),
      ]);
      expect(repeated.status).toBe('warn');
      expect(repeated.message).toContain(
        'topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 2, DoNotSchedule) is invalid ({topology.kubernetes.io/zone, DoNotSchedule} repeats topologySpreadConstraints[0]: each topologyKey and whenUnsatisfiable pair may appear once): the API server rejects the deployment',
      );
      expect(repeated.evidence?.effective).toEqual([
        'topologySpreadConstraint on topology.kubernetes.io/zone (maxSkew 1, DoNotSchedule)',
        'topologySpreadConstraint on kubernetes.io/hostname (maxSkew 1, DoNotSchedule)',
      ]);
      const otherAction = spreadOver([
        tsc(zoneKey, { app: 'web' }),
        tsc(zoneKey, { app: 'web' }, { whenUnsatisfiable: 'ScheduleAnyway' }),
      ]);
      expect(otherAction.status).toBe('pass');
    });
  });

  it('warns on pod anti-affinity terms the API server rejects (no topologyKey, a weight outside 1-100) and does not count them', () => {
    const withTerms = (required: any[], preferred: any[]) =>
      runOne(
        spreadDeclared,
        clusterFrom([
          withSpec('web', {
            topologySpreadConstraints: [tsc(zoneKey, { app: 'web' })],
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: required,
                preferredDuringSchedulingIgnoredDuringExecution: preferred,
              },
            },
          }),
        ]),
      );
    const noKey = withTerms(
      [{ labelSelector: { matchLabels: { app: 'web' } } }],
      [],
    );
    expect(noKey.status).toBe('warn');
    expect(noKey.message).toContain(
      'required podAntiAffinity without topologyKey is invalid (topologyKey is not set): the API server rejects the deployment',
    );
    const heavy = withTerms(
      [],
      [
        {
          weight: 0,
          podAffinityTerm: {
            topologyKey: hostKey,
            labelSelector: { matchLabels: { app: 'web' } },
          },
        },
        { weight: 50 },
      ],
    );
    expect(heavy.status).toBe('warn');
    expect(heavy.message).toContain(
      'is invalid (weight 0 is not an integer from 1 to 100)',
    );
    expect(heavy.message).toContain(
      'preferred podAntiAffinity without topologyKey (weight 50) is invalid (topologyKey is not set)',
    );
    const valid = withTerms(
      [],
      [
        {
          weight: 100,
          podAffinityTerm: {
            topologyKey: hostKey,
            labelSelector: { matchLabels: { app: 'web' } },
          },
        },
      ],
    );
    expect(valid.status).toBe('pass');
  });

  describe('domains the pods can never reach (KEP-3094)', () => {
    const workers = nodes('w', 3, ['a', 'b', 'c']);
    const controlPlane = ['a', 'b', 'c'].map(zone =>
      node(`cp-${zone}`, { zone, roles: ['control-plane'] }),
    );
    const hostSpread = (replicas: number, extra: any = {}, spec: any = {}) =>
      withSpec(
        'web',
        {
          topologySpreadConstraints: [
            tsc(hostKey, { app: 'web' }, extra),
            tsc(
              zoneKey,
              { app: 'web' },
              { whenUnsatisfiable: 'ScheduleAnyway' },
            ),
          ],
          ...spec,
        },
        replicas,
      );

    it('fails replicas beyond one per worker when tainted control-plane nodes count (nodeTaintsPolicy Ignore, the default)', () => {
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([...workers, ...controlPlane, hostSpread(4)]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'counts 3 nodes the pods can never be scheduled in (cp-a: tainted, not tolerated; cp-b: tainted, not tolerated; cp-c: tainted, not tolerated): the global minimum stays 0, so each node takes at most 1 pod (maxSkew), 3 in all; 1 of 4 replicas can never be scheduled',
      );
      expect(outcome.remediation).toContain('nodeTaintsPolicy: Honor');
      expect(outcome.evidence?.caps).toEqual([
        expect.objectContaining({
          emptyUnusableDomains: ['cp-a', 'cp-b', 'cp-c'],
          usableDomains: ['w-1', 'w-2', 'w-3'],
          cap: 3,
        }),
      ]);
    });

    it('warns at the cap (no room for a surge pod) and passes below it, saying how much room is left', () => {
      const full = runOne(
        spreadDeclared,
        clusterFrom([...workers, ...controlPlane, hostSpread(3)]),
      );
      expect(full.status).toBe('warn');
      expect(full.message).toContain(
        'the 3 replicas fit, with no room for a rollout surge pod or a scale-up',
      );
      const roomy = runOne(
        spreadDeclared,
        clusterFrom([...workers, ...controlPlane, hostSpread(2)]),
      );
      expect(roomy.status).toBe('pass');
      expect(roomy.message).toContain('the 2 replicas fit, 1 more pod at most');
    });

    it('sets no cap with nodeTaintsPolicy Honor, with tolerating pods, or on zones that hold workers too', () => {
      const honour = hostSpread(4, { nodeTaintsPolicy: 'Honor' });
      const tolerating = hostSpread(
        4,
        {},
        { tolerations: [{ operator: 'Exists' }] },
      );
      const zones = withSpec('web', {
        topologySpreadConstraints: [tsc(zoneKey, { app: 'web' })],
      });
      for (const workload of [honour, tolerating, zones]) {
        const outcome = runOne(
          spreadDeclared,
          clusterFrom([...workers, ...controlPlane, workload]),
        );
        expect(outcome.status).toBe('pass');
        expect(outcome.evidence?.caps).toBeUndefined();
      }
    });

    it('counts cordoned and NotReady nodes as unreachable, but not a domain that still holds a replica', () => {
      const cordoned = node('w-4', { zone: 'a' });
      cordoned.spec.unschedulable = true;
      const notReady = node('w-5', { zone: 'b', ready: false });
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([...workers, cordoned, notReady, hostSpread(4)]),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        '(w-4: not Ready or cordoned; w-5: not Ready or cordoned)',
      );
      // A replica still running on the cordoned node keeps its domain above 0.
      const web = hostSpread(3);
      const running = runOne(
        spreadDeclared,
        clusterFrom([
          ...workers,
          cordoned,
          web,
          ...podsFor(web, ['w-4', 'w-1', 'w-2']),
        ]),
      );
      expect(running.status).toBe('pass');
      expect(running.evidence?.caps).toBeUndefined();
    });
  });

  describe('minDomains above the domains the pods can use', () => {
    const zoneRule = (extra: any = {}) =>
      tsc(zoneKey, { app: 'web' }, { minDomains: 3, ...extra });
    const twoZones = nodes('w', 4, ['a', 'b']);

    it('fails when more replicas than domains × maxSkew want a place', () => {
      const web = withSpec('web', { topologySpreadConstraints: [zoneRule()] });
      const outcome = runOne(spreadDeclared, clusterFrom([...twoZones, web]));
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        `topologySpreadConstraint on ${zoneKey} (maxSkew 1, DoNotSchedule, minDomains 3) asks for 3 zones but the pods can use only 2 (a, b)`,
      );
      expect(outcome.message).toContain(
        'each zone takes at most 1 pod (maxSkew), 2 in all; 1 of 3 replicas can never be scheduled',
      );
      expect(outcome.remediation).toContain('Lower minDomains');
      expect(outcome.evidence?.caps).toEqual([
        expect.objectContaining({ domains: ['a', 'b'], cap: 2, replicas: 3 }),
      ]);
    });

    it('warns when the replicas fit the cap but leave no room, or little', () => {
      const full = runOne(
        spreadDeclared,
        clusterFrom([
          ...twoZones,
          withSpec('web', { topologySpreadConstraints: [zoneRule()] }, 2),
        ]),
      );
      expect(full.status).toBe('warn');
      expect(full.message).toContain(
        'the 2 replicas fit, with no room for a rollout surge pod or a scale-up',
      );
      const roomy = runOne(
        spreadDeclared,
        clusterFrom([
          ...twoZones,
          withSpec('web', {
            topologySpreadConstraints: [zoneRule({ maxSkew: 2 })],
          }),
        ]),
      );
      expect(roomy.status).toBe('warn');
      expect(roomy.message).toContain('2 pods (maxSkew), 4 in all');
      expect(roomy.message).toContain('the 3 replicas fit, 1 more pod at most');
    });

    it('passes when the domains reach minDomains', () => {
      const web = withSpec('web', { topologySpreadConstraints: [zoneRule()] });
      expect(
        runOne(spreadDeclared, clusterFrom([...threeZones, web])).status,
      ).toBe('pass');
    });

    it('counts only the domains of nodes the pods may use (nodeAffinityPolicy Honor); with Ignore the others hold the minimum at 0', () => {
      const pinned = (extra: any = {}) =>
        withSpec('web', {
          nodeSelector: { pool: 'app' },
          topologySpreadConstraints: [zoneRule(extra)],
        });
      const cluster = [
        node('a-1', { zone: 'a', labels: { pool: 'app' } }),
        node('b-1', { zone: 'b', labels: { pool: 'app' } }),
        node('c-1', { zone: 'c' }),
      ];
      const honour = runOne(
        spreadDeclared,
        clusterFrom([...cluster, pinned()]),
      );
      expect(honour.status).toBe('fail');
      expect(honour.message).toContain('the pods can use only 2 (a, b)');
      // Zone c counts under Ignore, so minDomains is met, but no pod can ever go there.
      const ignore = runOne(
        spreadDeclared,
        clusterFrom([...cluster, pinned({ nodeAffinityPolicy: 'Ignore' })]),
      );
      expect(ignore.status).toBe('fail');
      expect(ignore.message).toContain(
        'counts 1 zone the pods can never be scheduled in (c: outside the pods’ node selection): the global minimum stays 0, so each zone takes at most 1 pod (maxSkew), 2 in all; 1 of 3 replicas can never be scheduled',
      );
      expect(ignore.remediation).toContain('nodeAffinityPolicy: Honor');
    });

    it('is unknown when the nodes cannot be read, and says so in a manifests scan', () => {
      const web = withSpec('web', { topologySpreadConstraints: [zoneRule()] });
      const forbidden = runOne(
        spreadDeclared,
        clusterFrom([...threeZones, web], {
          fetch: { nodes: 'forbidden' },
        }),
      );
      expect(forbidden.status).toBe('unknown');
      expect(forbidden.message).toContain(
        'cannot be checked without the nodes',
      );
      const manifests = runOne(spreadDeclared, clusterFrom([web]));
      expect(manifests.status).toBe('pass');
      expect(manifests.message).toContain(
        'DoNotSchedule, minDomains 3): whether the pods can use the 3 zones its minDomains asks for',
      );
    });
  });

  it('does not count anti-affinity restricted to other namespaces, and says they leave out its pods', () => {
    const restrictedTo = (
      namespaces: string[],
      matchLabels: Record<string, string>,
    ) =>
      runOne(
        spreadDeclared,
        clusterFrom([
          ...threeZones,
          withSpec('web', {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  {
                    topologyKey: zoneKey,
                    namespaces,
                    labelSelector: { matchLabels },
                  },
                ],
              },
            },
          }),
        ]),
      );
    const elsewhere = restrictedTo(['other'], { app: 'web' });
    expect(elsewhere.status).toBe('warn');
    expect(elsewhere.message).toContain(
      'required podAntiAffinity on topology.kubernetes.io/zone selects app=web in namespace other only but the pods are labelled app=web in namespace default, so it does not count',
    );
    expect(elsewhere.evidence?.ineffective).toEqual([
      'required podAntiAffinity on topology.kubernetes.io/zone: selects app=web in namespace other only',
    ]);
    // Its own namespace listed: only the labels can miss.
    const wrongLabels = restrictedTo(['default', 'other'], { app: 'api' });
    expect(wrongLabels.message).toContain(
      'selects app=api in namespaces default and other only but the pods are labelled app=web, so it does not count',
    );
    expect(restrictedTo(['default', 'other'], { app: 'web' }).status).toBe(
      'pass',
    );
  });

  it('skips single-replica floors and is unknown when HPAs are forbidden', () => {
    expect(
      runOne(spreadDeclared, clusterFrom([...threeZones, deployment('one')]))
        .status,
    ).toBe('skipped');
    const scaled = deployment('web', { replicas: 1 });
    expect(
      runOne(
        spreadDeclared,
        clusterFrom([...threeZones, scaled, hpa(scaled, 3, 6)]),
      ).status,
    ).toBe('warn');
    expect(
      runOne(
        spreadDeclared,
        clusterFrom([...threeZones, deployment('web', { replicas: 3 })], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });

  describe('topology keys other than hostname and zone', () => {
    const rack = 'topology.example.com/rack';
    const racked = (racks: string[]) =>
      threeZones.map((n, i) => ({
        ...n,
        metadata: {
          ...n.metadata,
          labels: { ...n.metadata.labels, [rack]: racks[i] },
        },
      }));
    const spreadOn = (key: string) =>
      withSpec('web', {
        topologySpreadConstraints: [tsc(key, { app: 'web' })],
      });

    it('does not count a key that no usable node carries (a custom or misspelt zone key)', () => {
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([...threeZones, spreadOn('topology.kubernetes.io/zones')]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'topologySpreadConstraint on topology.kubernetes.io/zones (maxSkew 1, DoNotSchedule) does not count: no usable node carries the label topology.kubernetes.io/zones',
      );
      expect(outcome.evidence?.effective).toEqual([]);
    });

    it('does not count a key every usable node shares, counts one that splits them', () => {
      const oneRack = runOne(
        spreadDeclared,
        clusterFrom([...racked(['r1', 'r1', 'r1']), spreadOn(rack)]),
      );
      expect(oneRack.status).toBe('warn');
      expect(oneRack.message).toContain(
        `every usable node has the same ${rack}`,
      );
      const threeRacks = runOne(
        spreadDeclared,
        clusterFrom([...racked(['r1', 'r2', 'r3']), spreadOn(rack)]),
      );
      expect(threeRacks.status).toBe('pass');
    });

    it('judges only usable workers: a label found on a cordoned node alone does not count', () => {
      const cordoned = node('w-4', {
        zone: 'a',
        unschedulable: true,
        labels: { [rack]: 'r9' },
      });
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([...threeZones, cordoned, spreadOn(rack)]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        `no usable node carries the label ${rack}`,
      );
    });

    describe('counts a custom key as zone spreading only when its domains nest inside zones', () => {
      const instanceType = 'node.kubernetes.io/instance-type';
      // Two workers per zone: w-a1 and w-a2 in zone a, and so on.
      const labelled = (
        zones: string[],
        label: (z: string, i: number) => any,
      ) =>
        zones.flatMap(z =>
          [1, 2].map(i => node(`w-${z}${i}`, { zone: z, labels: label(z, i) })),
        );
      const withHostname = (key: string) =>
        withSpec('web', {
          topologySpreadConstraints: [
            tsc(hostKey, { app: 'web' }),
            tsc(key, { app: 'web' }),
          ],
        });

      it('warns on a key that cuts across zones (instance types in every zone)', () => {
        const workers = labelled(['a', 'b', 'c'], (_z, i) => ({
          [instanceType]: i === 1 ? 'm5.large' : 'c5.large',
        }));
        const outcome = runOne(
          spreadDeclared,
          clusterFrom([...workers, withHostname(instanceType)]),
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain('but not across zones');
        expect(outcome.message).toContain(
          `topologySpreadConstraint on ${instanceType} (maxSkew 1, DoNotSchedule) is not zone spreading: its value m5.large spans zones a, b, c`,
        );
        // Still an effective rule: it is not zone spreading, but it does keep replicas apart.
        expect(outcome.evidence?.effective).toHaveLength(2);
      });

      it('passes a rack key whose racks each lie in one zone', () => {
        const workers = labelled(['a', 'b', 'c'], (z, i) => ({
          [rack]: `${z}-r${i}`,
        }));
        const outcome = runOne(
          spreadDeclared,
          clusterFrom([...workers, withHostname(rack)]),
        );
        expect(outcome.status).toBe('pass');
      });

      it('warns on racks that all lie in one zone of a multi-zone cluster', () => {
        const workers = labelled(['a', 'b', 'c'], (z, i) =>
          z === 'a' ? { [rack]: `r${i}` } : {},
        );
        const outcome = runOne(
          spreadDeclared,
          clusterFrom([...workers, withHostname(rack)]),
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          'is not zone spreading: every usable node carrying it is in zone a',
        );
      });

      it('warns when a node carrying the key has no zone', () => {
        const workers = [
          ...labelled(['a', 'b'], (z, i) => ({ [rack]: `${z}-r${i}` })),
          node('w-x', { labels: { [rack]: 'x-r1' } }),
        ];
        const outcome = runOne(
          spreadDeclared,
          clusterFrom([...workers, withHostname(rack)]),
        );
        expect(outcome.status).toBe('warn');
        expect(outcome.message).toContain(
          `node w-x has ${rack}=x-r1 but no zone`,
        );
      });

      it('passes a key that cuts across zones in a single-zone cluster', () => {
        const workers = labelled(['a'], (_z, i) => ({
          [instanceType]: i === 1 ? 'm5.large' : 'c5.large',
        }));
        expect(
          runOne(
            spreadDeclared,
            clusterFrom([...workers, withHostname(instanceType)]),
          ).status,
        ).toBe('pass');
      });
    });

    it('counts a custom key when no node is known (a manifests scan cannot tell)', () => {
      expect(runOne(spreadDeclared, clusterFrom([spreadOn(rack)])).status).toBe(
        'pass',
      );
    });
  });

  describe('a zone rule on pods pinned to one zone', () => {
    const nineNodes = nodes('w', 9, ['a', 'b', 'c']);
    const pinned = (spec: any, extra: any = {}) =>
      withSpec('web', {
        topologySpreadConstraints: [
          tsc(hostKey, { app: 'web' }),
          tsc(zoneKey, { app: 'web' }, extra),
        ],
        ...spec,
      });

    it('warns when the nodeSelector pins the pods to one zone, naming the pin', () => {
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([
          ...nineNodes,
          pinned({ nodeSelector: { [zoneKey]: 'a' } }),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'but not across zones in a 3-zone cluster',
      );
      expect(outcome.message).toContain(
        `topologySpreadConstraint on ${zoneKey} (maxSkew 1, DoNotSchedule) is not zone spreading: its nodeSelector ${zoneKey}=a lets the pods run only in zone a, its only domain (nodeAffinityPolicy Honor, the default`,
      );
      expect(outcome.remediation).toContain('widen the nodeSelector');
      expect(outcome.evidence?.pinnedZone).toBe('a');
    });

    it('warns on a pin by required node affinity, or by a node pool that lies in one zone', () => {
      const affinity = {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: zoneKey, operator: 'In', values: ['b'] },
                  ],
                },
              ],
            },
          },
        },
      };
      const byAffinity = runOne(
        spreadDeclared,
        clusterFrom([...nineNodes, pinned(affinity)]),
      );
      expect(byAffinity.status).toBe('warn');
      expect(byAffinity.message).toContain(
        'its required node affinity lets the pods run only in zone b',
      );
      const pool = [
        ...nineNodes,
        node('p-1', { zone: 'c', labels: { pool: 'db' } }),
        node('p-2', { zone: 'c', labels: { pool: 'db' } }),
      ];
      const byPool = runOne(
        spreadDeclared,
        clusterFrom([...pool, pinned({ nodeSelector: { pool: 'db' } })]),
      );
      expect(byPool.status).toBe('warn');
      expect(byPool.message).toContain(
        'its nodeSelector pool=db lets the pods run only in zone c',
      );
    });

    it('says what nodeAffinityPolicy Ignore does instead', () => {
      const outcome = runOne(
        spreadDeclared,
        clusterFrom([
          ...nineNodes,
          pinned(
            { nodeSelector: { [zoneKey]: 'a' } },
            { nodeAffinityPolicy: 'Ignore' },
          ),
        ]),
      );
      // Zones b and c count with no pod in them: only maxSkew pods fit zone a.
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'counts 2 zones the pods can never be scheduled in (b: outside the pods’ node selection; c: outside the pods’ node selection)',
      );
      expect(outcome.message).toContain(
        '2 of 3 replicas can never be scheduled',
      );
      const wideSkew = runOne(
        spreadDeclared,
        clusterFrom([
          ...nineNodes,
          pinned(
            { nodeSelector: { [zoneKey]: 'a' } },
            { nodeAffinityPolicy: 'Ignore', maxSkew: 5 },
          ),
        ]),
      );
      expect(wideSkew.status).toBe('warn');
      expect(wideSkew.message).toContain(
        'nodeAffinityPolicy Ignore: the other zones still count as domains',
      );
      expect(wideSkew.message).toContain(
        'the 3 replicas fit, 2 more pods at most',
      );
    });

    it('passes a selection that admits two zones, and a pin in a single-zone cluster', () => {
      const twoZones = pinned({
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: zoneKey, operator: 'In', values: ['a', 'b'] },
                  ],
                },
              ],
            },
          },
        },
      });
      expect(
        runOne(spreadDeclared, clusterFrom([...nineNodes, twoZones])).status,
      ).toBe('pass');
      expect(
        runOne(
          spreadDeclared,
          clusterFrom([
            ...nodes('w', 3, ['a']),
            pinned({ nodeSelector: { [zoneKey]: 'a' } }),
          ]),
        ).status,
      ).toBe('pass');
    });
  });

  it('treats a hostname spread constraint as node spreading: warns in three zones, passes in one (kube-linter #894)', () => {
    const web = withSpec('web', {
      topologySpreadConstraints: [tsc(hostKey, { app: 'web' })],
    });
    const multiZone = runOne(spreadDeclared, clusterFrom([...threeZones, web]));
    expect(multiZone.status).toBe('warn');
    expect(multiZone.message).toContain('but not across zones');
    expect(
      runOne(spreadDeclared, clusterFrom([...nodes('w', 3, ['a']), web]))
        .status,
    ).toBe('pass');
  });

  it('counts preferred zone anti-affinity and the legacy failure-domain zone key (kube-linter #574)', () => {
    const legacyZones = ['a', 'b', 'c'].map((zone, i) =>
      node(`w-${i + 1}`, {
        labels: { 'failure-domain.beta.kubernetes.io/zone': zone },
      }),
    );
    const web = withSpec(
      'web',
      preferredAntiAffinity('failure-domain.beta.kubernetes.io/zone'),
    );
    const outcome = runOne(spreadDeclared, clusterFrom([...legacyZones, web]));
    expect(outcome.status).toBe('pass');
    expect(outcome.evidence?.zones).toBe(3);
  });

  it('applies to StatefulSets', () => {
    const db = statefulSet('db-ha', {
      replicas: 3,
      podSpec: {
        containers: [{ name: 'db', image: 'pg' }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                topologyKey: zoneKey,
                labelSelector: { matchLabels: { app: 'db-ha' } },
              },
            ],
          },
        },
      },
    });
    expect(
      runOne(spreadDeclared, clusterFrom([...threeZones, db])).status,
    ).toBe('pass');
  });
});
