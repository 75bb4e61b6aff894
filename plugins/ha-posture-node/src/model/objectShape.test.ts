import { apiVersionProblemOf, shapeProblemOf } from './objectShape';
import { RESOURCE_TYPES_BY_KEY } from './resources';

const deployment = (spec: Record<string, unknown>, metadata = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'cart', namespace: 'shop', ...metadata },
  spec,
});

describe('shapeProblemOf', () => {
  it('accepts well-typed objects, and null for any field (an empty YAML field is unset)', () => {
    expect(
      shapeProblemOf(
        'deployments.apps',
        deployment(
          {
            replicas: 3,
            selector: { matchLabels: { app: 'cart' } },
            template: {
              metadata: { labels: { app: 'cart' }, annotations: null },
              spec: {
                containers: [{ name: 'app', ports: [{ containerPort: 80 }] }],
                affinity: null,
              },
            },
          },
          { labels: { app: 'cart', empty: null } },
        ),
      ),
    ).toBeUndefined();
    expect(
      shapeProblemOf('deployments.apps', deployment({ replicas: null })),
    ).toBeUndefined();
  });

  it('names the field, the type it needs and what it holds', () => {
    expect(
      shapeProblemOf('deployments.apps', deployment({ replicas: '3' })),
    ).toEqual({
      object: 'Deployment shop/cart',
      path: 'spec.replicas',
      segments: ['spec', 'replicas'],
      message:
        'spec.replicas must be a whole number from 0 to 2147483647, not the string "3"',
    });
    expect(
      shapeProblemOf('deployments.apps', deployment({ replicas: 2.5 })),
    ).toMatchObject({
      message:
        'spec.replicas must be a whole number from 0 to 2147483647, not the number 2.5',
    });
    expect(
      shapeProblemOf(
        'deployments.apps',
        deployment({}, { labels: { tier: 1 } }),
      ),
    ).toMatchObject({
      message:
        'metadata.labels must be a map of strings, not a map whose "tier" is the number 1',
    });
  });

  it('refuses negative and oversized counts, which the API server refuses too', () => {
    for (const replicas of [-1, 2 ** 31, 1e23])
      expect(
        shapeProblemOf('deployments.apps', deployment({ replicas }))?.path,
      ).toBe('spec.replicas');
    expect(
      shapeProblemOf('deployments.apps', deployment({ replicas: 0 })),
    ).toBeUndefined();
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { minReplicas: -2, maxReplicas: 5 },
    };
    expect(
      shapeProblemOf('horizontalpodautoscalers.autoscaling', hpa)?.path,
    ).toBe('spec.minReplicas');
    const daemonSet = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'fluent-bit', namespace: 'logging' },
      status: { desiredNumberScheduled: 5, numberReady: -1 },
    };
    expect(shapeProblemOf('daemonsets.apps', daemonSet)?.path).toBe(
      'status.numberReady',
    );
  });

  it('checks the fields checks read from endpoints, affinity terms, claim templates and leases', () => {
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'cart-x', namespace: 'shop' },
      endpoints: [{ conditions: { ready: 'false' } }],
    };
    expect(
      shapeProblemOf('endpointslices.discovery.k8s.io', slice)?.message,
    ).toBe(
      'endpoints[0].conditions.ready must be true or false, not the string "false"',
    );
    const antiAffinity = (term: unknown) =>
      deployment({
        template: {
          spec: {
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [term],
              },
            },
          },
        },
      });
    expect(
      shapeProblemOf(
        'deployments.apps',
        antiAffinity({ labelSelector: ['x'], topologyKey: 'zone' }),
      )?.path,
    ).toBe(
      'spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector',
    );
    expect(
      shapeProblemOf(
        'deployments.apps',
        antiAffinity({
          labelSelector: { matchLabels: { app: 'cart' } },
          topologyKey: 'kubernetes.io/hostname',
        }),
      ),
    ).toBeUndefined();
    const statefulSet = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop' },
      spec: { volumeClaimTemplates: 'x' },
    };
    expect(shapeProblemOf('statefulsets.apps', statefulSet)?.path).toBe(
      'spec.volumeClaimTemplates',
    );
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: { holderIdentity: 5 },
    };
    expect(shapeProblemOf('leases.coordination.k8s.io', lease)?.path).toBe(
      'spec.holderIdentity',
    );
  });

  it('needs exactly one handler in a probe, as the API server does', () => {
    const withProbe = (readinessProbe: unknown) =>
      deployment({
        template: { spec: { containers: [{ name: 'app', readinessProbe }] } },
      });
    expect(
      shapeProblemOf(
        'deployments.apps',
        withProbe({
          httpGet: { path: '/ready', port: 8080 },
          periodSeconds: 5,
        }),
      ),
    ).toBeUndefined();
    expect(
      shapeProblemOf('deployments.apps', withProbe({ periodSeconds: 5 }))
        ?.message,
    ).toBe(
      'spec.template.spec.containers[0].readinessProbe must be a probe with one handler (httpGet, tcpSocket, exec or grpc), not one with no handlers',
    );
    expect(
      shapeProblemOf(
        'deployments.apps',
        withProbe({ exec: { command: ['true'] }, tcpSocket: { port: 80 } }),
      )?.message,
    ).toMatch(/not one with 2 handlers$/);
  });

  it('needs resource requests and limits to be quantities from 0', () => {
    const withResources = (resources: unknown) =>
      deployment({
        template: { spec: { containers: [{ name: 'app', resources }] } },
      });
    for (const requests of [
      { cpu: '500m', memory: '1Gi' },
      { cpu: 2, memory: '512M', 'nvidia.com/gpu': '1' },
      { cpu: '0.5', memory: '1e3' },
    ])
      expect(
        shapeProblemOf('deployments.apps', withResources({ requests })),
      ).toBeUndefined();
    expect(
      shapeProblemOf(
        'deployments.apps',
        withResources({ requests: { cpu: '100m', memory: 'lots' } }),
      )?.message,
    ).toBe(
      'spec.template.spec.containers[0].resources.requests must be a map of resource names to quantities from 0 (e.g. cpu: 500m, memory: 1Gi), not a map whose "memory" is the string "lots"',
    );
    for (const limits of [{ memory: '-1Gi' }, { cpu: -1 }, { memory: '1 Gi' }])
      expect(
        shapeProblemOf('deployments.apps', withResources({ limits }))?.path,
      ).toBe('spec.template.spec.containers[0].resources.limits');
  });

  it('gives list positions in the path', () => {
    expect(
      shapeProblemOf(
        'deployments.apps',
        deployment({
          template: {
            spec: {
              containers: [{ name: 'app' }, { name: 'sidecar', ports: {} }],
            },
          },
        }),
      ),
    ).toEqual({
      object: 'Deployment shop/cart',
      path: 'spec.template.spec.containers[1].ports',
      segments: ['spec', 'template', 'spec', 'containers', 1, 'ports'],
      message:
        'spec.template.spec.containers[1].ports must be a list, not a map',
    });
  });

  it('rejects a null item in a list of maps (a YAML dash with nothing after it)', () => {
    expect(
      shapeProblemOf(
        'deployments.apps',
        deployment({
          template: { spec: { containers: [{ name: 'app' }, null] } },
        }),
      ),
    ).toMatchObject({
      path: 'spec.template.spec.containers[1]',
      message: 'spec.template.spec.containers[1] must be a map, not null',
    });
    // Also where only the items' fields have rules.
    expect(
      shapeProblemOf(
        'deployments.apps',
        deployment({
          template: { spec: { topologySpreadConstraints: [null] } },
        }),
      ),
    ).toMatchObject({
      path: 'spec.template.spec.topologySpreadConstraints[0]',
    });
  });

  it('reports a parent of the wrong type once, at the parent', () => {
    expect(
      shapeProblemOf('deployments.apps', deployment({ template: 'none' })),
    ).toMatchObject({ path: 'spec.template' });
    expect(
      shapeProblemOf('deployments.apps', { ...deployment({}), spec: ['x'] }),
    ).toMatchObject({ message: 'spec must be a map, not a list' });
  });

  it('checks the scope of a Velero Schedule, which would otherwise cover everything', () => {
    expect(
      shapeProblemOf('schedules.velero.io', {
        metadata: { name: 'daily', namespace: 'velero' },
        spec: {
          schedule: '0 2 * * *',
          template: { includedNamespaces: 'shop' },
        },
      }),
    ).toMatchObject({
      message:
        'spec.template.includedNamespaces must be a list of strings, not the string "shop"',
    });
  });

  it('checks the references network-entry-path follows in routes and Ingresses', () => {
    expect(
      shapeProblemOf('httproutes.gateway.networking.k8s.io', {
        metadata: { name: 'shop', namespace: 'shop' },
        spec: {
          parentRefs: [{ name: 'public', namespace: 'edge' }],
          rules: [{ backendRefs: [{ name: 'shop', port: 80 }] }],
        },
        status: {
          parents: [
            {
              parentRef: { name: 'public', namespace: 'edge' },
              conditions: [{ type: 'Accepted', status: 'True' }],
            },
          ],
        },
      }),
    ).toBeUndefined();
    expect(
      shapeProblemOf('grpcroutes.gateway.networking.k8s.io', {
        metadata: { name: 'shop', namespace: 'shop' },
        spec: { parentRefs: { name: 'public' } },
      }),
    ).toMatchObject({
      message: expect.stringMatching(/^spec\.parentRefs must be a list/),
    });
    expect(
      shapeProblemOf('ingresses.networking.k8s.io', {
        metadata: { name: 'shop', namespace: 'shop' },
        spec: {
          rules: [{ http: { paths: [{ backend: { service: { name: 5 } } }] } }],
        },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^spec\.rules\[0\]\.http\.paths\[0\]\.backend\.service\.name must be a string/,
      ),
    });
    expect(
      shapeProblemOf('ingressroutes.traefik.io', {
        metadata: { name: 'web', namespace: 'shop' },
        spec: { routes: [{ services: [{ name: { svc: 'web' } }] }] },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^spec\.routes\[0\]\.services\[0\]\.name must be a string/,
      ),
    });
    expect(
      shapeProblemOf('referencegrants.gateway.networking.k8s.io', {
        metadata: { name: 'from-edge', namespace: 'shop' },
        spec: { from: [{ kind: 'HTTPRoute', namespace: ['edge'] }], to: [] },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^spec\.from\[0\]\.namespace must be a string/,
      ),
    });
    expect(
      shapeProblemOf('virtualservers.k8s.nginx.org', {
        metadata: { name: 'shop', namespace: 'edge' },
        spec: { upstreams: [{ name: 'web', service: 80 }] },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^spec\.upstreams\[0\]\.service must be a string/,
      ),
    });
    expect(
      shapeProblemOf('httpproxies.projectcontour.io', {
        metadata: { name: 'root', namespace: 'edge' },
        spec: { virtualhost: { fqdn: 'a' }, includes: 'shop/api' },
      }),
    ).toMatchObject({
      message: expect.stringMatching(/^spec\.includes must be a list/),
    });
    expect(
      shapeProblemOf('routes.route.openshift.io', {
        metadata: { name: 'api', namespace: 'demo' },
        spec: { to: { kind: 'Service', name: 'api' } },
        status: { ingress: [{ routerName: ['default'] }] },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^status\.ingress\[0\]\.routerName must be a string/,
      ),
    });
    expect(
      shapeProblemOf('virtualservices.networking.istio.io', {
        metadata: { name: 'shop', namespace: 'shop' },
        spec: { gateways: 'istio-system/public' },
      }),
    ).toMatchObject({
      message: expect.stringMatching(
        /^spec\.gateways must be a list of strings/,
      ),
    });
  });

  it('names the first item that is not a string in a list of strings', () => {
    expect(
      shapeProblemOf('backups.velero.io', {
        metadata: { name: 'b', namespace: 'velero' },
        spec: { includedNamespaces: ['shop', 7] },
      }),
    ).toMatchObject({
      message:
        'spec.includedNamespaces must be a list of strings, not a list whose item 1 is the number 7',
    });
  });

  it('checks the rules of a PrometheusRule, recording rules included', () => {
    const rule = (rules: unknown[]) => ({
      metadata: { name: 'r', namespace: 'shop' },
      spec: { groups: [{ name: 'g', rules }] },
    });
    expect(
      shapeProblemOf(
        'prometheusrules.monitoring.coreos.com',
        rule([
          { alert: 'Down', expr: 'up == 0' },
          { record: 'job:up:sum', expr: 'sum(up)' },
          { alert: 'Always', expr: 1 },
        ]),
      ),
    ).toBeUndefined();
    expect(
      shapeProblemOf(
        'prometheusrules.monitoring.coreos.com',
        rule([{ record: ['job:up:sum'], expr: 'sum(up)' }]),
      ),
    ).toMatchObject({
      path: 'spec.groups[0].rules[0].record',
    });
  });

  it('takes integers or strings where Kubernetes does (PDB minAvailable, maxUnavailable)', () => {
    const pdb = (minAvailable: unknown) => ({
      metadata: { name: 'cart', namespace: 'shop' },
      spec: { minAvailable },
    });
    expect(
      shapeProblemOf('poddisruptionbudgets.policy', pdb('50%')),
    ).toBeUndefined();
    expect(
      shapeProblemOf('poddisruptionbudgets.policy', pdb(2)),
    ).toBeUndefined();
    expect(
      shapeProblemOf('poddisruptionbudgets.policy', pdb([2])),
    ).toMatchObject({ path: 'spec.minAvailable' });
  });

  it('checks only the metadata of types it has no rules for', () => {
    expect(
      shapeProblemOf('ingressclasses.networking.k8s.io', {
        metadata: { name: 'x' },
        spec: { controller: 7 },
      }),
    ).toBeUndefined();
    expect(
      shapeProblemOf('ingressclasses.networking.k8s.io', {
        metadata: { name: 'x', annotations: ['a'] },
      }),
    ).toMatchObject({ path: 'metadata.annotations' });
  });

  describe('labels, as the API server checks them', () => {
    const VALUE_RULE =
      'up to 63 characters, alphanumeric at both ends; - _ . inside';
    const node = (labels: Record<string, unknown>) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'worker-1', labels },
    });

    it('accepts valid keys and values: empty, null, 63 characters, prefixed keys', () => {
      expect(
        shapeProblemOf(
          'nodes',
          node({
            'topology.kubernetes.io/zone': 'eu-1a',
            'node-role.kubernetes.io/worker': '',
            'example.com/Under_score.dot-dash': 'A.b_C-9',
            App: null,
            x: 'v'.repeat(63),
            [`${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(
              63,
            )}.${'s'.repeat(61)}/n`]: '1',
          }),
        ),
      ).toBeUndefined();
    });

    it('refuses a value with a trailing space, naming object, key and value at the label', () => {
      expect(
        shapeProblemOf(
          'nodes',
          node({
            'kubernetes.io/os': 'linux',
            'topology.kubernetes.io/zone': 'eu-1a ',
          }),
        ),
      ).toEqual({
        object: 'Node worker-1',
        path: 'metadata.labels["topology.kubernetes.io/zone"]',
        segments: ['metadata', 'labels', 'topology.kubernetes.io/zone'],
        message: `label "topology.kubernetes.io/zone" has value "eu-1a " which is not a valid label value (${VALUE_RULE})`,
      });
    });

    it('refuses a value of 64 characters or with a non-alphanumeric end or character', () => {
      expect(
        shapeProblemOf('nodes', node({ x: 'v'.repeat(64) }))?.message,
      ).toBe(
        `label "x" has value "${'v'.repeat(
          64,
        )}" (64 characters) which is not a valid label value (${VALUE_RULE})`,
      );
      for (const value of ['-a', 'a.', '_', 'a b', 'eu/1a', 'é', ' eu-1a'])
        expect(
          shapeProblemOf('nodes', node({ zone: value }))?.segments,
        ).toEqual(['metadata', 'labels', 'zone']);
    });

    it('refuses keys: an uppercase or empty prefix, an empty or long name, two slashes', () => {
      expect(
        shapeProblemOf(
          'nodes',
          node({ 'Topology.kubernetes.io/zone': 'eu-1a' }),
        ),
      ).toEqual({
        object: 'Node worker-1',
        path: 'metadata.labels["Topology.kubernetes.io/zone"]',
        segments: ['metadata', 'labels', 'Topology.kubernetes.io/zone'],
        message:
          'label "Topology.kubernetes.io/zone" is not a valid label key ([prefix/]name: a name of 1 to 63 characters, alphanumeric at both ends, - _ . inside; a prefix, if any, is a lowercase DNS subdomain such as topology.kubernetes.io)',
      });
      for (const key of [
        '',
        'example.com/',
        '/zone',
        'a/b/c',
        'zone ',
        '-zone',
        'exa_mple.com/zone',
        '.example.com/zone',
        'example..com/zone',
        'example-.com/zone',
        'n'.repeat(64),
        `${'p'.repeat(63)}.${'q'.repeat(63)}.${'r'.repeat(63)}.${'s'.repeat(
          62,
        )}/n`,
      ])
        expect(shapeProblemOf('nodes', node({ [key]: 'v' }))?.message).toMatch(
          /is not a valid label key/,
        );
    });

    it('keeps the type message for values that are not strings', () => {
      expect(
        shapeProblemOf('nodes', node({ zone: 'eu 1', tier: 1 }))?.message,
      ).toBe(
        'metadata.labels must be a map of strings, not a map whose "tier" is the number 1',
      );
    });

    it('checks selectors, pod template labels, node selectors and Service selectors of built-in types', () => {
      const labelsIn = (spec: Record<string, unknown>) =>
        shapeProblemOf('deployments.apps', deployment(spec));
      expect(
        labelsIn({ selector: { matchLabels: { app: 'web ' } } }),
      ).toMatchObject({
        path: 'spec.selector.matchLabels.app',
        segments: ['spec', 'selector', 'matchLabels', 'app'],
        message: `label "app" in spec.selector.matchLabels has value "web " which is not a valid label value (${VALUE_RULE})`,
      });
      expect(
        labelsIn({
          selector: {
            matchExpressions: [
              { key: 'app', operator: 'In', values: ['web', 'api '] },
            ],
          },
        }),
      ).toMatchObject({
        segments: ['spec', 'selector', 'matchExpressions', 0, 'values', 1],
        message: `spec.selector.matchExpressions[0].values[1] "api " is not a valid label value (${VALUE_RULE})`,
      });
      expect(
        labelsIn({
          selector: {
            matchExpressions: [{ key: 'App Name', operator: 'Exists' }],
          },
        })?.message,
      ).toMatch(
        /^spec\.selector\.matchExpressions\[0\]\.key "App Name" is not a valid label key/,
      );
      expect(
        labelsIn({ template: { metadata: { labels: { app: 'web!' } } } })
          ?.message,
      ).toMatch(
        /^label "app" in spec\.template\.metadata\.labels has value "web!"/,
      );
      expect(
        labelsIn({
          template: {
            spec: {
              nodeSelector: { 'topology.kubernetes.io/zone': 'eu-1a ' },
            },
          },
        })?.path,
      ).toBe('spec.template.spec.nodeSelector["topology.kubernetes.io/zone"]');
      expect(
        labelsIn({
          template: {
            spec: {
              topologySpreadConstraints: [
                {
                  topologyKey: 'topology.kubernetes.io/zone',
                  maxSkew: 1,
                  labelSelector: { matchLabels: { 'App Name': 'web' } },
                },
              ],
            },
          },
        })?.message,
      ).toMatch(
        /^label "App Name" in .*labelSelector\.matchLabels is not a valid label key/,
      );
      expect(
        shapeProblemOf('services', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { selector: { app: 'web ' } },
        })?.message,
      ).toMatch(/^label "app" in spec\.selector has value "web "/);
      expect(
        shapeProblemOf('poddisruptionbudgets.policy', {
          apiVersion: 'policy/v1',
          kind: 'PodDisruptionBudget',
          metadata: { name: 'web', namespace: 'shop' },
          spec: { minAvailable: 1, selector: { matchLabels: { app: '' } } },
        }),
      ).toBeUndefined();
    });

    it('checks only the metadata labels of custom resources: their CRD takes any string elsewhere', () => {
      const schedule = (metadataLabels: Record<string, string>) => ({
        apiVersion: 'velero.io/v1',
        kind: 'Schedule',
        metadata: {
          name: 'daily',
          namespace: 'velero',
          labels: metadataLabels,
        },
        spec: {
          template: { labelSelector: { matchLabels: { app: 'any text' } } },
        },
      });
      expect(
        shapeProblemOf('schedules.velero.io', schedule({ team: 'ops' })),
      ).toBeUndefined();
      expect(
        shapeProblemOf('schedules.velero.io', schedule({ team: 'ops ' }))?.path,
      ).toBe('metadata.labels.team');
    });
  });

  describe('apiVersionProblemOf', () => {
    const typeOf = (key: string) => RESOURCE_TYPES_BY_KEY.get(key)!;
    const object = (apiVersion: string, kind: string) => ({
      apiVersion,
      kind,
      metadata: { name: 'web' },
    });

    it('refuses a version the engine does not read, naming those it reads', () => {
      expect(
        apiVersionProblemOf(
          typeOf('deployments.apps'),
          object('apps/v9', 'Deployment'),
        ),
      ).toEqual({
        object: 'Deployment web',
        path: 'apiVersion',
        segments: ['apiVersion'],
        message:
          'apiVersion "apps/v9" is not a version this tool reads for Deployment (apps/v1)',
      });
      expect(
        apiVersionProblemOf(typeOf('nodes'), object('v2', 'Node'))?.message,
      ).toBe('apiVersion "v2" is not a version this tool reads for Node (v1)');
      expect(
        apiVersionProblemOf(
          typeOf('schedules.velero.io'),
          object('velero.io/v2', 'Schedule'),
        )?.message,
      ).toBe(
        'apiVersion "velero.io/v2" is not a version this tool reads for Schedule (velero.io/v1)',
      );
    });

    it('accepts the versions it reads, older served ones whose fields mean the same included', () => {
      for (const [key, apiVersion, kind] of [
        ['deployments.apps', 'apps/v1', 'Deployment'],
        ['nodes', 'v1', 'Node'],
        [
          'horizontalpodautoscalers.autoscaling',
          'autoscaling/v2',
          'HorizontalPodAutoscaler',
        ],
        [
          'horizontalpodautoscalers.autoscaling',
          'autoscaling/v1',
          'HorizontalPodAutoscaler',
        ],
        ['poddisruptionbudgets.policy', 'policy/v1', 'PodDisruptionBudget'],
        [
          'opentelemetrycollectors.opentelemetry.io',
          'opentelemetry.io/v1alpha1',
          'OpenTelemetryCollector',
        ],
        ['volumes.longhorn.io', 'longhorn.io/v1beta2', 'Volume'],
        ['volumes.longhorn.io', 'longhorn.io/v1beta1', 'Volume'],
        [
          'podmonitorings.monitoring.googleapis.com',
          'monitoring.googleapis.com/v1alpha1',
          'PodMonitoring',
        ],
      ])
        expect(
          apiVersionProblemOf(typeOf(key), object(apiVersion, kind)),
        ).toBeUndefined();
    });

    it('refuses versions no longer served, or whose fields mean something else', () => {
      expect(
        apiVersionProblemOf(
          typeOf('horizontalpodautoscalers.autoscaling'),
          object('autoscaling/v2beta2', 'HorizontalPodAutoscaler'),
        )?.message,
      ).toBe(
        'apiVersion "autoscaling/v2beta2" is not a version this tool reads for HorizontalPodAutoscaler (autoscaling/v2, autoscaling/v1)',
      );
      // An empty selector selects no pod in policy/v1beta1, every pod in policy/v1.
      expect(
        apiVersionProblemOf(
          typeOf('poddisruptionbudgets.policy'),
          object('policy/v1beta1', 'PodDisruptionBudget'),
        )?.message,
      ).toBe(
        'apiVersion "policy/v1beta1" is not a version this tool reads for PodDisruptionBudget (policy/v1)',
      );
      expect(
        apiVersionProblemOf(
          typeOf('deployments.apps'),
          object('apps/', 'Deployment'),
        ),
      ).toBeDefined();
    });
  });
});
