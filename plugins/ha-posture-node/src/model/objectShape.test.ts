import { shapeProblemOf } from './objectShape';

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
});
