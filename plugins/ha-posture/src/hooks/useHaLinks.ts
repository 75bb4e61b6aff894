import { useRouteRef } from '@backstage/core-plugin-api';
import { checksRouteRef, clusterRouteRef, rootRouteRef } from '../routes';

/** Where the HA posture page lives when the app has not mounted it under a route ref. */
export const DEFAULT_BASE_PATH = '/ha-posture';

// Each returns undefined when the page is not mounted (e.g. an app that only shows the cards).
function useRootLink() {
  try {
    return useRouteRef(rootRouteRef);
  } catch {
    return undefined;
  }
}

function useClusterLink() {
  try {
    return useRouteRef(clusterRouteRef);
  } catch {
    return undefined;
  }
}

function useChecksLink() {
  try {
    return useRouteRef(checksRouteRef);
  } catch {
    return undefined;
  }
}

export interface HaLinks {
  clusters: () => string;
  cluster: (name: string) => string;
  checks: () => string;
  /** The check catalog, scrolled to a check id or a category id. */
  check: (checkIdOrCategory: string) => string;
}

/**
 * Links into the HA posture page (clusters, cluster detail, check catalog). Works from any
 * extension of the plugin; falls back to `/ha-posture/...` when the page's route is not bound.
 */
export function useHaLinks(): HaLinks {
  const root = useRootLink();
  const cluster = useClusterLink();
  const checks = useChecksLink();
  const checksPath = () => (checks ? checks() : `${DEFAULT_BASE_PATH}/checks`);
  return {
    clusters: () => (root ? root() : DEFAULT_BASE_PATH),
    cluster: name =>
      cluster
        ? cluster({ name })
        : `${DEFAULT_BASE_PATH}/clusters/${encodeURIComponent(name)}`,
    checks: checksPath,
    check: id => `${checksPath()}#${encodeURIComponent(id)}`,
  };
}
