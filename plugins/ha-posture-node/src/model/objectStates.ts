/**
 * Keys of the per-object fetch states (FetchState.objects). An object in the type's own namespace
 * is keyed by its name, as the named objects of ResourceType.objectNames always were
 * (`kubeadm-config`); one read elsewhere, such as a cluster-autoscaler status report in the
 * autoscaler's namespace, by `namespace/name`, so that two namespaces never collide and
 * snapshots kept from before keep their meaning.
 */
import { FetchState } from './snapshot';

/** The key of an object's fetch state in FetchState.objects. */
export function objectStateKey(
  typeNamespace: string | undefined,
  namespace: string,
  name: string,
): string {
  return namespace === typeNamespace ? name : `${namespace}/${name}`;
}

/**
 * How reading one named object went: its own state when the type kept one, else the type's (a
 * dump or a snapshot without per-object states: there an absent object is simply none).
 */
export function objectFetchState(
  state: FetchState,
  typeNamespace: string | undefined,
  namespace: string,
  name: string,
): FetchState {
  return (
    state.objects?.[objectStateKey(typeNamespace, namespace, name)] ?? state
  );
}
