import { EmptyState, InfoCard, Link } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  HaClusterResponse,
  HaResult,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ArrowBackIcon from '@material-ui/icons/ArrowBack';
import { useMemo } from 'react';
import { useHaCluster } from '../../hooks/useHaClusters';
import { useHaLinks } from '../../hooks/useHaLinks';
import { matchesFilters, useResultFilters } from '../../hooks/useResultFilters';
import { relativeTime } from '../../lib/time';
import { CategoryChips } from '../CategoryChips/CategoryChips';
import { ClusterFacts } from '../ClusterFacts/ClusterFacts';
import { ClusterTopology } from '../ClusterTopology/ClusterTopology';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { FindingList } from '../FindingList/FindingList';
import { HaRollup } from '../HaRollup/HaRollup';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { RefreshIndicator } from '../RefreshIndicator/RefreshIndicator';
import { ResultFilters } from '../ResultFilters/ResultFilters';
import { ScoreGauge } from '../ScoreGauge/ScoreGauge';
import { ScoreSparkline } from '../ScoreSparkline/ScoreSparkline';
import { SourceFreshness } from '../SourceFreshness/SourceFreshness';

function ClusterReportView(props: { data: HaClusterResponse }) {
  const { report, topology, history, lastAttemptAt, lastError } = props.data;
  const { cluster } = report;
  const filterState = useResultFilters();
  const filtered = useMemo<HaResult[]>(
    () => report.results.filter(r => matchesFilters(r, filterState.filters)),
    [report.results, filterState.filters],
  );
  const source =
    report.sources.find(s => s.cluster === cluster.name) ?? report.sources[0];
  const unknown = report.results.filter(r => r.status === 'unknown').length;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={12}>
          <Typography variant="h4" component="h2">
            {cluster.title ?? cluster.name}
          </Typography>
          <Typography variant="body1" color="textSecondary">
            {cluster.name}
          </Typography>
        </Box>
        <Box
          display="flex"
          alignItems="center"
          flexWrap="wrap"
          gridGap={12}
          mt={1}
        >
          <ClusterFacts cluster={cluster} />
          <SourceFreshness source={source} lastError={lastError} />
        </Box>
        {lastError && (
          <Box mt={2}>
            <Alert severity="warning">
              The last read of this cluster
              {lastAttemptAt
                ? ` (${relativeTime(lastAttemptAt)})`
                : ''} failed: {lastError}. The results below are from the last
              successful read.
            </Alert>
          </Box>
        )}
      </Grid>
      <Grid item xs={12} md={5} lg={4}>
        <InfoCard
          title="HA score"
          subheader="Cluster-scope checks; each service's workloads are scored on its HA tab"
        >
          <ScoreGauge
            score={report.score}
            grade={report.grade}
            gradeCap={report.gradeCap}
            unknown={unknown}
          />
          <Box mt={2}>
            <Typography variant="subtitle2" gutterBottom>
              Trend
            </Typography>
            <ScoreSparkline points={history} />
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7} lg={8}>
        <InfoCard
          title="Categories"
          subheader="Cluster-scope checks; click a category to filter the findings"
        >
          <CategoryChips
            categories={report.categories}
            selected={filterState.filters.category}
            onSelect={filterState.setCategory}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Topology"
          subheader="Control-plane members and workers per zone"
        >
          {topology ? (
            <ClusterTopology
              topology={topology}
              managedControlPlane={cluster.managedControlPlane}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No snapshot of this cluster is stored, so its topology is not
              known.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="Services on this cluster"
          subheader="Catalog entities with workloads here, worst first (their scores cover every cluster they run in)"
        >
          <HaRollup
            groupBy="cluster"
            groupKey={cluster.name}
            what="with workloads on this cluster"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Findings" subheader="Cluster-scope checks">
          <Box mb={2}>
            <ResultFilters state={filterState} results={report.results} />
          </Box>
          <FindingList results={filtered} showTarget />
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** One cluster: facts, freshness, score and trend, categories, topology and findings. */
export function ClusterDetail(props: {
  name: string;
  refreshPollIntervalMs?: number;
}) {
  const { name } = props;
  const links = useHaLinks();
  const { value, error, retry } = useHaCluster(name);
  let body: JSX.Element;
  if (error && error instanceof ResponseError && error.statusCode === 404) {
    body = (
      <EmptyState
        missing="data"
        title={`No HA report for cluster ${name}`}
        description="The cluster is unknown to the Kubernetes plugin configuration, or it has not been read yet."
      />
    );
  } else if (error) {
    body = (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title={`Could not load cluster ${name}`}
      />
    );
  } else if (!value) {
    body = <HaSkeleton variant="tab" />;
  } else {
    body = <ClusterReportView data={value} />;
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="center"
        flexWrap="wrap"
        gridGap={8}
      >
        <Link to={links.clusters()}>
          <Box display="inline-flex" alignItems="center" gridGap={4}>
            <ArrowBackIcon fontSize="small" /> All clusters
          </Box>
        </Link>
        <RefreshIndicator
          onRefreshed={retry}
          pollIntervalMs={props.refreshPollIntervalMs}
        />
      </Box>
      {body}
    </Box>
  );
}
