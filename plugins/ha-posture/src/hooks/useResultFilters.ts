import {
  HA_CATEGORIES,
  HA_STATUSES,
  HaCategory,
  HaResult,
  HaStatus,
} from '@ha-posture/plugin-ha-posture-common';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

export interface ResultFilters {
  category?: HaCategory;
  /** Empty: every status. */
  statuses: HaStatus[];
  cluster?: string;
}

export interface ResultFiltersState {
  filters: ResultFilters;
  setCategory: (category: HaCategory | undefined) => void;
  toggleStatus: (status: HaStatus) => void;
  setCluster: (cluster: string | undefined) => void;
  clear: () => void;
  active: boolean;
}

/** Whether a result passes the filters. */
export function matchesFilters(
  result: HaResult,
  filters: ResultFilters,
): boolean {
  if (filters.category && result.category !== filters.category) return false;
  if (filters.statuses.length && !filters.statuses.includes(result.status))
    return false;
  if (
    filters.cluster &&
    result.target.cluster &&
    result.target.cluster !== filters.cluster
  ) {
    return false;
  }
  return true;
}

/**
 * Category, status and cluster filters kept in the URL (`?category=&status=fail,warn&cluster=`),
 * so a filtered view can be shared as a link.
 */
export function useResultFilters(): ResultFiltersState {
  const [params, setParams] = useSearchParams();
  const filters = useMemo<ResultFilters>(() => {
    const category = params.get('category') as HaCategory | null;
    const statuses = (params.get('status') ?? '')
      .split(',')
      .filter((s): s is HaStatus =>
        (HA_STATUSES as readonly string[]).includes(s),
      );
    return {
      category:
        category && HA_CATEGORIES.includes(category) ? category : undefined,
      statuses,
      cluster: params.get('cluster') ?? undefined,
    };
  }, [params]);

  const update = useCallback(
    (key: string, value: string | undefined) => {
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          if (value) next.set(key, value);
          else next.delete(key);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  return {
    filters,
    setCategory: category => update('category', category),
    toggleStatus: status => {
      const next = filters.statuses.includes(status)
        ? filters.statuses.filter(s => s !== status)
        : [...filters.statuses, status];
      update('status', next.join(',') || undefined);
    },
    setCluster: cluster => update('cluster', cluster),
    clear: () =>
      setParams(
        previous => {
          const next = new URLSearchParams(previous);
          for (const key of ['category', 'status', 'cluster']) next.delete(key);
          return next;
        },
        { replace: true },
      ),
    active: Boolean(
      filters.category || filters.statuses.length || filters.cluster,
    ),
  };
}
