import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  haPostureRefreshPermission,
  HaRefreshRecord,
} from '@ha-posture/plugin-ha-posture-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { haPostureApiRef } from '../api/HaPostureApi';

export interface HaRefreshState {
  /** The last finished refresh of all clusters (null: none yet; undefined: still loading). */
  lastRefresh: HaRefreshRecord | null | undefined;
  /** True while a refresh this page triggered is running. */
  refreshing: boolean;
  /** The user holds `ha-posture.refresh`. */
  canRefresh: boolean;
  /** A failed trigger, a failed status request, or a refresh that did not finish in time. */
  error?: Error;
  refresh: () => Promise<void>;
}

export interface UseHaRefreshOptions {
  /** Called once a triggered refresh has finished, to reload the page's data. */
  onRefreshed?: () => void;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The "last refreshed" record and a refresh trigger for users allowed to refresh: POST /refresh,
 * then poll GET /refresh until a newer record appears.
 */
export function useHaRefresh(
  options: UseHaRefreshOptions = {},
): HaRefreshState {
  const {
    onRefreshed,
    pollIntervalMs = 2000,
    timeoutMs = 5 * 60_000,
  } = options;
  const api = useApi(haPostureApiRef);
  const { allowed } = usePermission({ permission: haPostureRefreshPermission });
  const status = useAsyncRetry(() => api.getRefreshStatus(), [api]);
  const [polled, setPolled] = useState<HaRefreshRecord | null>();
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<Error>();
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const onRefreshedRef = useRef(onRefreshed);
  onRefreshedRef.current = onRefreshed;

  const refresh = useCallback(async () => {
    setRefreshing(true);
    setError(undefined);
    try {
      const before = (await api.getRefreshStatus()).lastRefresh?.finishedAt;
      await api.refresh();
      const deadline = Date.now() + timeoutMs;
      while (mounted.current) {
        await sleep(pollIntervalMs);
        if (!mounted.current) return;
        const { lastRefresh } = await api.getRefreshStatus();
        if (lastRefresh && lastRefresh.finishedAt !== before) {
          setPolled(lastRefresh);
          onRefreshedRef.current?.();
          return;
        }
        if (Date.now() > deadline) {
          throw new Error(
            'The refresh is taking longer than expected; the page shows the last results.',
          );
        }
      }
    } catch (e) {
      if (mounted.current) setError(e as Error);
    } finally {
      if (mounted.current) setRefreshing(false);
    }
  }, [api, pollIntervalMs, timeoutMs]);

  return {
    lastRefresh: polled ?? status.value?.lastRefresh,
    refreshing,
    canRefresh: allowed,
    error: error ?? status.error,
    refresh,
  };
}
