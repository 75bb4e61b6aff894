import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { haTechInsightsApiRef } from '../api/TechInsightsApi';
import { entityName } from '../lib/entity';
import { buildScorecard, isHaCheck } from '../lib/scorecard';

/**
 * Lists the Tech Insights checks (`GET /checks`), keeps the HA ones unless `all`, and runs them
 * for the entity (`POST /checks/run/...`).
 */
export function useHaScorecard(entity: Entity, all: boolean) {
  const api = useApi(haTechInsightsApiRef);
  const { kind, namespace, name } = entityName(entity);
  return useAsyncRetry(async () => {
    const checks = (await api.getAllChecks()).filter(c => all || isHaCheck(c));
    if (checks.length === 0) return { checks, levels: [] };
    const results = await api.runChecks(
      { kind, namespace, name },
      checks.map(c => c.id),
    );
    return { checks, levels: buildScorecard(checks, results) };
  }, [api, kind, namespace, name, all]);
}
