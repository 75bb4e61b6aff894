import { ResourceKey } from './resources';

/**
 * The custom resources whose operator creates pods (checks/operatorPods.ts judges a selector by
 * the labels of those pods): cluster configuration a manifests scan has, while the pods exist only
 * in the cluster (engine/snapshotFromObjects.ts counts them as declarative). In the order
 * checks/operatorPods.ts tries them: the first resource whose pods a selector fits is its owner.
 */
export const OPERATOR_POD_OWNER_KEYS = [
  'alertmanagers.monitoring.coreos.com',
  'prometheuses.monitoring.coreos.com',
  'clusters.postgresql.cnpg.io',
  'poolers.postgresql.cnpg.io',
  'kafkas.kafka.strimzi.io',
  'kafkanodepools.kafka.strimzi.io',
  'rabbitmqclusters.rabbitmq.com',
  'postgresqls.acid.zalan.do',
  'elasticsearches.elasticsearch.k8s.elastic.co',
  'kibanas.kibana.k8s.elastic.co',
  'tenants.minio.min.io',
  'tidbclusters.pingcap.com',
] as const satisfies readonly ResourceKey[];

/** The resource key of a custom resource whose operator creates pods. */
export type OperatorPodOwnerKey = (typeof OPERATOR_POD_OWNER_KEYS)[number];
