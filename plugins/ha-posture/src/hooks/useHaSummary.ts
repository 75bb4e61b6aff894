import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { haPostureApiRef } from '../api/HaPostureApi';

/** One group of `GET /summary?groupBy=...&key=...` (undefined when the key has no entities). */
export function useHaSummary(
  groupBy: 'owner' | 'system' | 'cluster',
  key: string,
) {
  const api = useApi(haPostureApiRef);
  return useAsyncRetry(async () => {
    const response = await api.getSummary(groupBy, key);
    return response.groups.find(g => g.key === key) ?? null;
  }, [api, groupBy, key]);
}
