/** ObjectMeta and ownerReference helpers shared by every builder. */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';

export interface MetaOpts {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** How long before capture the object was created. */
  created: Duration;
  ownerReferences?: K8s[];
  generation?: number;
  finalizers?: string[];
  generateName?: string;
  /** Use the exact (unstretched) time: for cron-aligned objects. */
  exactCreated?: boolean;
}

export function meta(c: Cluster, kind: string, o: MetaOpts): K8s {
  const m: K8s = {
    name: o.name,
    uid: c.uid(kind, o.namespace, o.name),
    creationTimestamp: o.exactCreated
      ? c.agoExact(o.created)
      : c.ago(o.created),
    labels: { ...(o.labels ?? {}) },
  };
  if (o.namespace) m.namespace = o.namespace;
  if (o.annotations && Object.keys(o.annotations).length > 0)
    m.annotations = { ...o.annotations };
  if (o.ownerReferences && o.ownerReferences.length > 0)
    m.ownerReferences = o.ownerReferences;
  if (o.generation !== undefined) m.generation = o.generation;
  if (o.finalizers) m.finalizers = o.finalizers;
  if (o.generateName) m.generateName = o.generateName;
  return m;
}

/** An ownerReference pointing at `owner` (controller by default). */
export function ownerRef(owner: K8s, controller = true): K8s {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    ...(controller ? { controller: true, blockOwnerDeletion: true } : {}),
  };
}

/** Drops keys whose value is 0 (the API server omits zero-valued status counters). */
export function omitZero(
  o: Record<string, number | string | K8s | undefined>,
): K8s {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== 0 && v !== undefined),
  );
}
