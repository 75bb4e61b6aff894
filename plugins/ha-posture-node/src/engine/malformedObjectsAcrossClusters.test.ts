/**
 * Robustness of the entity checks that compare clusters (dr) over malformed objects: prod-eu and
 * prod-us evaluated together for every component the examples label, with one field replaced by a
 * value of another type in both. The examples share Services through ServiceExports and Route 53
 * records (their external-dns), so each cluster also gets what the other mechanisms read:
 * external-dns annotations on its shop Ingresses, a Linkerd Link and federated members, k8gb
 * Gslbs, a Cilium global service and an ambient Istio mesh over two networks. No check may crash,
 * and no entity result may become a `pass` that the intact clusters did not give
 * (malformedObjects.test.ts does the same per cluster).
 */
import type { HaResult } from '@ha-posture/plugin-ha-posture-common';
import { BUILTIN_CHECKS } from '../checks';
import { EntitySelector } from '../model/entity';
import { loadExampleCluster } from '../__testUtils__/exampleClusters';
import { evaluate } from './evaluate';
import { WRONG_VALUES, withField } from '../__testUtils__/wrongTypes';
import { snapshotFromObjects } from './snapshotFromObjects';

const today = new Date('2026-11-20T12:00:00Z');
const CLUSTERS = ['prod-eu', 'prod-us'];
const CHECKS = BUILTIN_CHECKS.filter(c => c.category === 'dr');

/** Fields the sharing mechanisms read, as paths from the object root. */
const FIELDS = [
  'metadata.labels',
  'metadata.annotations',
  'spec.type',
  'spec.selector',
  'spec.rules',
  'spec.defaultBackend',
  'spec.hostnames',
  'spec.ingress',
  'spec.resourceRef',
  'spec.federatedServiceSelector',
  'spec.template.spec.containers',
  'status',
  'status.conditions',
  'status.loadBalancer',
  'status.serviceHealth',
  'status.availableReplicas',
];

/** What the examples lack for the other sharing mechanisms, in one cluster. */
function otherMechanisms(cluster: string): unknown[] {
  const meta = (name: string, namespace: string, extra = {}) => ({
    name,
    namespace,
    uid: `${cluster}-${namespace}-${name}`,
    creationTimestamp: '2026-01-01T00:00:00Z',
    ...extra,
  });
  const backend = { service: { name: 'frontend-web', port: { number: 80 } } };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('clustermesh-apiserver', 'kube-system'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'k8s-app': 'clustermesh-apiserver' } },
        template: {
          metadata: { labels: { 'k8s-app': 'clustermesh-apiserver' } },
          spec: {
            containers: [
              {
                name: 'apiserver',
                image: 'quay.io/cilium/clustermesh-apiserver:v1.18.2',
              },
            ],
          },
        },
      },
      status: { replicas: 1, availableReplicas: 1, readyReplicas: 1 },
    },
    // An Istio mesh over two networks in ambient mode: istiod, its east-west gateway, and the
    // shop namespace in the ambient data plane.
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('istiod', 'istio-system', { labels: { app: 'istiod' } }),
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'istiod' } },
        template: {
          metadata: { labels: { app: 'istiod' } },
          spec: {
            containers: [{ name: 'discovery', image: 'istio/pilot:1.28.0' }],
          },
        },
      },
      status: { replicas: 1, availableReplicas: 1, readyReplicas: 1 },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: meta('istio-eastwestgateway', 'istio-system'),
      spec: {
        gatewayClassName: 'istio-east-west',
        listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }],
      },
    },
    {
      apiVersion: 'multicluster.linkerd.io/v1alpha3',
      kind: 'Link',
      metadata: meta('other', 'linkerd-multicluster'),
      spec: {
        targetClusterName: 'other',
        federatedServiceSelector: {
          matchLabels: { 'mirror.linkerd.io/federated': 'member' },
        },
      },
    },
    {
      apiVersion: 'k8gb.absa.oss/v1beta1',
      kind: 'Gslb',
      metadata: meta('frontend-web', 'shop'),
      spec: { resourceRef: { kind: 'Ingress', name: 'frontend-web-dns' } },
      status: { serviceHealth: { 'www.acme.example': 'Healthy' } },
    },
    {
      apiVersion: 'k8gb.absa.oss/v1beta1',
      kind: 'Gslb',
      metadata: meta('checkout', 'shop'),
      spec: {
        ingress: {
          rules: [
            {
              host: 'checkout.acme.example',
              http: { paths: [{ path: '/', backend }] },
            },
          ],
        },
      },
      status: { serviceHealth: { 'checkout.acme.example': 'Healthy' } },
    },
    // frontend-web's public name, published by external-dns from both clusters.
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('frontend-web-dns', 'shop', {
        annotations: {
          'external-dns.kubernetes.io/set-identifier': cluster,
          'external-dns.kubernetes.io/aws-weight': '50',
        },
      }),
      spec: {
        ingressClassName: 'nginx',
        defaultBackend: backend,
        rules: [
          {
            host: 'www.acme.example',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend }] },
          },
        ],
      },
      status: {
        loadBalancer: { ingress: [{ hostname: `${cluster}.elb.example` }] },
      },
    },
  ];
}

/** A shop Ingress published by external-dns, a shop Service shared by Linkerd and Cilium. */
function withMechanisms(cluster: string, object: any): any {
  if (object?.kind === 'List' && Array.isArray(object.items))
    return {
      ...object,
      items: object.items.map((item: any) => withMechanisms(cluster, item)),
    };
  if (object?.kind === 'Namespace' && object.metadata?.name === 'shop')
    return {
      ...object,
      metadata: {
        ...object.metadata,
        labels: {
          ...object.metadata.labels,
          'istio.io/dataplane-mode': 'ambient',
        },
      },
    };
  if (object?.metadata?.namespace !== 'shop') return object;
  if (object.kind === 'Ingress')
    return {
      ...object,
      metadata: {
        ...object.metadata,
        annotations: {
          ...object.metadata.annotations,
          'external-dns.kubernetes.io/set-identifier': cluster,
          'external-dns.kubernetes.io/aws-weight': '50',
        },
      },
    };
  if (object.kind === 'Service')
    return {
      ...object,
      metadata: {
        ...object.metadata,
        labels: {
          ...object.metadata.labels,
          'mirror.linkerd.io/federated': 'member',
          'istio.io/global': 'true',
        },
        annotations: {
          ...object.metadata.annotations,
          'service.cilium.io/global': 'true',
        },
      },
    };
  return object;
}

/** The example cluster with every sharing mechanism in play. */
function augmented(cluster: string): unknown[] {
  return [
    ...loadExampleCluster(cluster).map(object =>
      withMechanisms(cluster, object),
    ),
    ...otherMechanisms(cluster),
  ];
}

/** One entity per `backstage.io/kubernetes-id` the clusters' workloads carry. */
function entitiesOf(objectSets: unknown[][]): EntitySelector[] {
  const ids = new Set<string>();
  const visit = (obj: any) => {
    if (obj?.kind === 'List' && Array.isArray(obj.items))
      obj.items.forEach(visit);
    const id =
      obj?.spec?.template?.metadata?.labels?.['backstage.io/kubernetes-id'];
    if (typeof id === 'string') ids.add(id);
  };
  objectSets.flat().forEach(visit);
  return [...ids].sort().map(id => ({
    entityRef: `component:default/${id}`,
    kubernetesId: id,
  }));
}

const resultKey = (entityRef: string, r: HaResult) =>
  `${entityRef} ${r.checkId}`;

function entityResults(objectSets: unknown[][], entities: EntitySelector[]) {
  const snapshots = [];
  const rejected: string[] = [];
  for (const [i, objects] of objectSets.entries()) {
    const { snapshot, invalid } = snapshotFromObjects(objects, {
      cluster: { name: CLUSTERS[i] },
      mode: 'dump',
    });
    snapshots.push(snapshot);
    rejected.push(...invalid.map(x => x.reason));
  }
  const evaluation = evaluate(snapshots, {
    checks: CHECKS,
    today,
    entities,
    workloads: 'entities',
  });
  return {
    results: evaluation.entities.flatMap(e =>
      e.results.map(r => ({ key: resultKey(e.entityRef, r), result: r })),
    ),
    rejected,
  };
}

describe('malformed objects across prod-eu and prod-us (dr)', () => {
  const intact = CLUSTERS.map(augmented);
  const entities = entitiesOf(intact);
  const intactRun = entityResults(intact, entities);
  const intactStatus = new Map(
    intactRun.results.map(({ key, result }) => [key, result.status]),
  );

  it('judges the intact clusters, with each sharing mechanism in play', () => {
    expect(intactRun.rejected).toEqual([]);
    expect(entities.length).toBeGreaterThan(5);
    const traffic = intactRun.results.filter(
      ({ result }) => result.checkId === 'dr-traffic-failover',
    );
    // Every mechanism a cluster shares through, from the results' evidence.
    const mechanisms = new Set(
      traffic.flatMap(({ result }) =>
        ((result.evidence?.services as any[]) ?? []).flatMap(service =>
          service.clusters.flatMap((c: any) =>
            c.sharedThrough
              .filter((s: any) => !s.problem)
              .map((s: any) => s.mechanism.split(' ')[0]),
          ),
        ),
      ),
    );
    expect([...mechanisms].sort()).toEqual([
      'Cilium',
      'Istio',
      'Linkerd',
      'Route',
      'ServiceExport',
      'k8gb',
    ]);
  });

  it.each(FIELDS)('%s of the wrong type', field => {
    const problems: string[] = [];
    let changedAny = false;
    for (const [label, value] of WRONG_VALUES) {
      const mutated = intact.map(objects => withField(objects, field, value));
      if (mutated.every(m => m.changed === 0)) continue;
      changedAny = true;
      let run: ReturnType<typeof entityResults>;
      try {
        run = entityResults(
          mutated.map(m => m.objects),
          entities,
        );
      } catch (error) {
        problems.push(`${label}: evaluate threw ${String(error)}`);
        continue;
      }
      // Rejected objects stop a CLI scan with their reason; what is accepted is judged.
      for (const { key, result } of run.results) {
        if (result.message.startsWith('check crashed'))
          problems.push(`${label}: ${key}: ${result.message}`);
        const before = intactStatus.get(key);
        if (
          value !== null &&
          result.status === 'pass' &&
          before !== undefined &&
          before !== 'pass'
        )
          problems.push(
            `${label}: ${key} became pass (was ${before}): ${result.message}`,
          );
      }
    }
    expect(changedAny).toBe(true);
    expect(problems).toEqual([]);
  });
});
