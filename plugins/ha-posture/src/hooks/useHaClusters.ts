import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { haPostureApiRef } from '../api/HaPostureApi';

/** `GET /clusters`: every cluster's report summary and the last refresh. */
export function useHaClusters() {
  const api = useApi(haPostureApiRef);
  return useAsyncRetry(() => api.getClusters(), [api]);
}

/** `GET /clusters/:name`: report, topology and history of one cluster. */
export function useHaCluster(name: string) {
  const api = useApi(haPostureApiRef);
  return useAsyncRetry(() => api.getCluster(name), [api, name]);
}

/** `GET /checks`: the check catalog. */
export function useHaChecks() {
  const api = useApi(haPostureApiRef);
  return useAsyncRetry(() => api.getChecks(), [api]);
}
