import { InfoCard } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  HaEntityResponse,
  HaResult,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useCallback, useMemo } from 'react';
import { useHaEntity, useHaHistory } from '../../hooks/useHaEntity';
import { matchesFilters, useResultFilters } from '../../hooks/useResultFilters';
import { HA_POSTURE_ANNOTATIONS, isHaPostureAvailable } from '../../lib/entity';
import { plural } from '../../lib/labels';
import { groupEntityResults } from '../../lib/results';
import { CategoryChips } from '../CategoryChips/CategoryChips';
import { ClusterSection } from '../ClusterSection/ClusterSection';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { FindingList } from '../FindingList/FindingList';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { RefreshIndicator } from '../RefreshIndicator/RefreshIndicator';
import { ResultFilters } from '../ResultFilters/ResultFilters';
import { ScoreGauge } from '../ScoreGauge/ScoreGauge';
import { ScoreSparkline } from '../ScoreSparkline/ScoreSparkline';
import { NoWorkloadsState } from './NoWorkloadsState';

export interface EntityHaContentProps {
  /** Poll interval of the refresh indicator (tests). */
  refreshPollIntervalMs?: number;
}

/**
 * The entity's HA tab: score, grade and trend; the twelve categories; then each cluster with its
 * workloads' zone maps and findings, worst first. Filters by category, status and cluster.
 */
export function EntityHaContent(props: EntityHaContentProps) {
  const { entity } = useEntity();
  if (!isHaPostureAvailable(entity)) {
    return <MissingAnnotationEmptyState annotation={HA_POSTURE_ANNOTATIONS} />;
  }
  return <EntityHaReport {...props} />;
}

function EntityHaReport(props: EntityHaContentProps) {
  const { entity } = useEntity();
  const report = useHaEntity(entity);
  const history = useHaHistory(entity);
  const { retry: retryReport } = report;
  const { retry: retryHistory } = history;
  const reload = useCallback(() => {
    retryReport();
    retryHistory();
  }, [retryReport, retryHistory]);

  const refresh = (
    <RefreshIndicator
      onRefreshed={reload}
      pollIntervalMs={props.refreshPollIntervalMs}
    />
  );

  let body: JSX.Element;
  if (report.error) {
    body = (
      <ErrorWithRetry
        error={report.error}
        onRetry={reload}
        title="Could not load the HA report"
      />
    );
  } else if (!report.value) {
    body = <HaSkeleton variant="tab" />;
  } else {
    body = (
      <HaReportView
        data={report.value}
        history={history.value?.points}
        historyError={history.error}
      />
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box display="flex" justifyContent="flex-end">
        {refresh}
      </Box>
      {body}
    </Box>
  );
}

function Trend(props: {
  history?: Array<{ day: string; score: number | null }>;
  error?: Error;
}) {
  if (props.history) return <ScoreSparkline points={props.history} />;
  return (
    <Typography variant="caption" color="textSecondary">
      {props.error
        ? `History unavailable: ${props.error.message}`
        : 'Loading history…'}
    </Typography>
  );
}

function HaReportView(props: {
  data: HaEntityResponse;
  history?: Array<{ day: string; score: number | null }>;
  historyError?: Error;
}) {
  const { data, history, historyError } = props;
  const { report, workloads } = data;
  const filterState = useResultFilters();
  const { filters } = filterState;

  const groups = useMemo(
    () => groupEntityResults(report.results, workloads),
    [report.results, workloads],
  );
  const entityResults = groups.entityLevel;
  const allResults = useMemo<HaResult[]>(
    () => [...groups.entityLevel, ...groups.byWorkload.flat()],
    [groups],
  );
  const filterResults = useCallback(
    (results: HaResult[]) => results.filter(r => matchesFilters(r, filters)),
    [filters],
  );
  const counts = { fail: 0, warn: 0, unknown: 0, exempt: 0 };
  for (const r of allResults)
    if (r.status in counts) counts[r.status as keyof typeof counts]++;

  if (workloads.length === 0 && report.results.length === 0) {
    return <NoWorkloadsState data={data} />;
  }

  const clusterNames = data.clusters.map(c => c.name);
  const shownClusters = data.clusters.filter(
    c => !filters.cluster || c.name === filters.cluster,
  );
  const staleSources = report.sources.filter(
    s => s.stale && clusterNames.includes(s.cluster),
  );
  const filteredEntityResults = filterResults(entityResults);
  const workloadsIn = (cluster: string) =>
    workloads
      .map((workload, i) => ({ workload, results: groups.byWorkload[i] }))
      .filter(({ workload }) => workload.cluster === cluster)
      .filter(
        ({ results }) =>
          !filterState.active || filterResults(results).length > 0,
      );

  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={5} lg={4}>
        <InfoCard title="HA score">
          <ScoreGauge
            score={report.score}
            grade={report.grade}
            gradeCap={report.gradeCap}
            unknown={counts.unknown}
          />
          <Box mt={2}>
            <Typography variant="subtitle2" gutterBottom>
              Trend
            </Typography>
            <Trend history={history} error={historyError} />
          </Box>
          <Box mt={2}>
            <Typography variant="body2" color="textSecondary">
              {plural(counts.fail, 'failing check')},{' '}
              {plural(counts.warn, 'warning')}, {counts.unknown} unknown,{' '}
              {counts.exempt} exempt across{' '}
              {plural(workloads.length, 'workload')} in{' '}
              {plural(data.clusters.length, 'cluster')}.
            </Typography>
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7} lg={8}>
        <InfoCard
          title="Categories"
          subheader="Click a category to show only its findings"
        >
          <CategoryChips
            categories={report.categories}
            selected={filters.category}
            onSelect={filterState.setCategory}
          />
        </InfoCard>
      </Grid>

      {(data.evaluatedOnDemand || staleSources.length > 0) && (
        <Grid item xs={12}>
          {data.evaluatedOnDemand && (
            <Alert severity="info">
              This entity had no stored report yet: it was evaluated just now,
              on demand. Its history starts with the next scheduled refresh.
            </Alert>
          )}
          {staleSources.length > 0 && (
            <Alert
              severity="warning"
              style={{ marginTop: data.evaluatedOnDemand ? 8 : 0 }}
            >
              Showing the last good data for{' '}
              {staleSources.map(s => s.cluster).join(', ')}: the latest read
              failed (
              {staleSources.flatMap(s => s.errors).join('; ') || 'no details'}).
            </Alert>
          )}
        </Grid>
      )}

      <Grid item xs={12}>
        <ResultFilters
          state={filterState}
          results={allResults}
          clusters={clusterNames}
        />
      </Grid>

      {entityResults.length > 0 && (
        <Grid item xs={12}>
          <InfoCard
            title="Across clusters"
            subheader="Disaster recovery: where the entity runs as a whole (clusters and regions)"
          >
            <FindingList results={filteredEntityResults} />
          </InfoCard>
        </Grid>
      )}

      {shownClusters.map(cluster => (
        <Grid item xs={12} key={cluster.name}>
          <ClusterSection
            cluster={cluster}
            workloads={workloadsIn(cluster.name)}
            filterResults={filterResults}
          />
        </Grid>
      ))}
    </Grid>
  );
}
