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
      message: 'spec.replicas must be an integer, not the string "3"',
    });
    expect(
      shapeProblemOf('deployments.apps', deployment({ replicas: 2.5 })),
    ).toMatchObject({
      message: 'spec.replicas must be an integer, not the number 2.5',
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
      shapeProblemOf('leases.coordination.k8s.io', {
        metadata: { name: 'x' },
        spec: { holderIdentity: 7 },
      }),
    ).toBeUndefined();
    expect(
      shapeProblemOf('leases.coordination.k8s.io', {
        metadata: { name: 'x', annotations: ['a'] },
      }),
    ).toMatchObject({ path: 'metadata.annotations' });
  });
});
