import { clusterFrom, deployment, node, statefulSet } from '../testing';
import { entityLabelSelector, workloadsOfEntity } from './entities';

const id = (value: string) => ({ 'backstage.io/kubernetes-id': value });

describe('entity matching', () => {
  const east = clusterFrom(
    [
      node('n1'),
      deployment('checkout', {
        namespace: 'shop',
        labels: { app: 'checkout', ...id('checkout') },
      }),
      // Labelled on the object only, not on the pod template.
      statefulSet('checkout-db', {
        namespace: 'shop',
        labels: { app: 'db' },
        objectLabels: id('checkout'),
      }),
      deployment('checkout-canary', {
        namespace: 'canary',
        labels: { app: 'checkout', ...id('checkout'), track: 'canary' },
      }),
      deployment('cart', {
        namespace: 'shop',
        labels: { app: 'cart', ...id('cart') },
      }),
    ],
    { name: 'east' },
  );
  const west = clusterFrom(
    [
      node('n1'),
      deployment('checkout', {
        namespace: 'shop',
        labels: { app: 'checkout', ...id('checkout') },
      }),
    ],
    {
      name: 'west',
    },
  );
  const names = (entity: Parameters<typeof workloadsOfEntity>[0]) =>
    workloadsOfEntity(entity, [east, west])
      .map(w => `${w.cluster.name}/${w.workload.namespace}/${w.workload.name}`)
      .sort();

  it('matches by kubernetes-id on the object or the pod template, across clusters', () => {
    expect(
      names({
        entityRef: 'component:default/checkout',
        kubernetesId: 'checkout',
      }),
    ).toEqual([
      'east/canary/checkout-canary',
      'east/shop/checkout',
      'east/shop/checkout-db',
      'west/shop/checkout',
    ]);
  });

  it('gives the label selector precedence over the kubernetes id', () => {
    expect(
      names({
        entityRef: 'c',
        kubernetesId: 'cart',
        labelSelector: 'app=checkout,track notin (canary)',
      }),
    ).toEqual(['east/shop/checkout', 'west/shop/checkout']);
  });

  it('filters by namespace and cluster', () => {
    expect(
      names({
        entityRef: 'c',
        kubernetesId: 'checkout',
        namespace: 'shop',
        cluster: 'east',
      }),
    ).toEqual(['east/shop/checkout', 'east/shop/checkout-db']);
  });

  it('matches nothing without id or selector, and supports expression-only selectors', () => {
    expect(names({ entityRef: 'c' })).toEqual([]);
    expect(names({ entityRef: 'c', labelSelector: 'track' })).toEqual([
      'east/canary/checkout-canary',
    ]);
  });

  it('throws on malformed selectors', () => {
    expect(() =>
      entityLabelSelector({ entityRef: 'c', labelSelector: 'app in (' }),
    ).toThrow(/Invalid label selector/);
  });
});
