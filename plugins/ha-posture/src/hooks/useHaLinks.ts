import { useRouteRef } from '@backstage/core-plugin-api';
import { checksRouteRef, clusterRouteRef, rootRouteRef } from '../routes';

/** Where the HA posture page lives when the app has not mounted it under a route ref. */
export const DEFAULT_BASE_PATH = '/ha-posture';

function useOptionalRouteRef<T>(use: () => T): T | undefined {
  try {
    return use();
  } catch {
    // The page is not mounted (e.g. an app that only shows the entity cards).
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
  const root = useOptionalRouteRef(() => useRouteRef(rootRouteRef));
  const cluster = useOptionalRouteRef(() => useRouteRef(clusterRouteRef));
  const checks = useOptionalRouteRef(() => useRouteRef(checksRouteRef));
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
