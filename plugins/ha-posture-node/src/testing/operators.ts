/** Custom resources of operators that create their pods (checks/operatorPods.ts), as manifests hold them. */
import { K8sObject } from '../model/snapshot';
import { k8sObject } from './builders';

/** apiVersion and a typical spec per kind (the upstream examples'). */
const OPERATOR_RESOURCES: Record<string, { apiVersion: string; spec: any }> = {
  Cluster: {
    apiVersion: 'postgresql.cnpg.io/v1',
    spec: { instances: 3, storage: { size: '1Gi' } },
  },
  Pooler: {
    apiVersion: 'postgresql.cnpg.io/v1',
    spec: { cluster: { name: 'pg' }, instances: 2, type: 'rw' },
  },
  Kafka: {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    spec: { kafka: { replicas: 3 }, zookeeper: { replicas: 3 } },
  },
  KafkaNodePool: {
    apiVersion: 'kafka.strimzi.io/v1beta2',
    spec: { replicas: 3, roles: ['broker'] },
  },
  RabbitmqCluster: {
    apiVersion: 'rabbitmq.com/v1beta1',
    spec: { replicas: 3 },
  },
  postgresql: {
    apiVersion: 'acid.zalan.do/v1',
    spec: { teamId: 'acid', numberOfInstances: 2 },
  },
  Elasticsearch: {
    apiVersion: 'elasticsearch.k8s.elastic.co/v1',
    spec: { version: '8.14.0', nodeSets: [{ name: 'default', count: 3 }] },
  },
  Kibana: {
    apiVersion: 'kibana.k8s.elastic.co/v1',
    spec: { version: '8.14.0', count: 2 },
  },
  Tenant: {
    apiVersion: 'minio.min.io/v2',
    spec: { pools: [{ name: 'pool-0', servers: 4, volumesPerServer: 2 }] },
  },
  TidbCluster: {
    apiVersion: 'pingcap.com/v1alpha1',
    spec: { pd: { replicas: 3 }, tikv: { replicas: 3 } },
  },
};

/** An operator's custom resource of `kind` (CloudNativePG `Cluster`, Strimzi `Kafka` ...), by default in namespace `data`. */
export function operatorResource(
  kind: keyof typeof OPERATOR_RESOURCES,
  name: string,
  options: {
    namespace?: string;
    labels?: Record<string, string>;
    spec?: any;
  } = {},
): K8sObject {
  const { apiVersion, spec } = OPERATOR_RESOURCES[kind];
  return k8sObject(apiVersion, kind, name, {
    namespace: options.namespace ?? 'data',
    ...(options.labels ? { labels: options.labels } : {}),
    spec: options.spec ?? spec,
  });
}
