import { EmptyState } from '@backstage/core-components';
import { HaClustersResponse } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import { useHaClusters } from '../../hooks/useHaClusters';
import { plural } from '../../lib/labels';
import { BigFigure } from '../BigFigure/BigFigure';
import { ClustersTable } from '../ClustersTable/ClustersTable';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { GradeDistribution } from '../GradeDistribution/GradeDistribution';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { RefreshIndicator } from '../RefreshIndicator/RefreshIndicator';

function FleetSummary(props: { data: HaClustersResponse }) {
  const { items } = props.data;
  const grades: Record<string, number> = {};
  for (const item of items) grades[item.grade] = (grades[item.grade] ?? 0) + 1;
  const stale = items.filter(i => i.sources.some(s => s.stale) || i.lastError);
  const failing = items.filter(i =>
    Object.values(i.categories).some(c => c.status === 'fail'),
  );
  return (
    <Paper variant="outlined" style={{ padding: 16 }}>
      <Box display="flex" gridGap={32} flexWrap="wrap" alignItems="center">
        <BigFigure
          value={items.length}
          caption={items.length === 1 ? 'cluster' : 'clusters'}
        />
        <BigFigure
          value={failing.length}
          caption="with a failing category"
          color={failing.length ? 'error' : 'textPrimary'}
        />
        <BigFigure value={stale.length} caption="with stale data" />
        <Box flex={1} minWidth={200}>
          <GradeDistribution grades={grades} />
        </Box>
      </Box>
    </Paper>
  );
}

/** The clusters page: fleet summary, then every cluster's HA status per category. */
export function ClustersView(props: { refreshPollIntervalMs?: number }) {
  const { value, error, retry } = useHaClusters();
  let body: JSX.Element;
  if (error) {
    body = (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title="Could not load the clusters"
      />
    );
  } else if (!value) {
    body = <HaSkeleton variant="table" rows={4} />;
  } else if (value.items.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No cluster has been evaluated yet"
        description={
          value.lastRefresh
            ? `The last refresh read ${plural(
                value.lastRefresh.clusters,
                'cluster',
              )}${
                value.lastRefresh.errors.length
                  ? ` and reported: ${value.lastRefresh.errors.join('; ')}`
                  : ''
              }. Check the kubernetes.clusterLocatorMethods configuration.`
            : 'No refresh has finished yet: the first one runs shortly after the backend starts. Clusters come from the Kubernetes plugin configuration (kubernetes.clusterLocatorMethods).'
        }
      />
    );
  } else {
    body = (
      <Box display="flex" flexDirection="column" gridGap={16}>
        <FleetSummary data={value} />
        <ClustersTable items={value.items} />
      </Box>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box display="flex" justifyContent="flex-end">
        <RefreshIndicator
          onRefreshed={retry}
          pollIntervalMs={props.refreshPollIntervalMs}
        />
      </Box>
      {body}
    </Box>
  );
}
