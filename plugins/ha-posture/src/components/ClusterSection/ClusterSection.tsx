import { InfoCard, Link, WarningPanel } from '@backstage/core-components';
import {
  HaEntityResponse,
  HaResult,
  WorkloadReport,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHaLinks } from '../../hooks/useHaLinks';
import { plural } from '../../lib/labels';
import { ClusterFacts } from '../ClusterFacts/ClusterFacts';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { SourceFreshness } from '../SourceFreshness/SourceFreshness';
import { WorkloadPanel } from '../WorkloadPanel/WorkloadPanel';

/** A cluster the entity runs in, as `GET /entities/...` lists it. */
export type EntityCluster = HaEntityResponse['clusters'][number];

export interface ClusterSectionProps {
  cluster: EntityCluster;
  /** The cluster's workloads with the entity's results for each. */
  workloads: Array<{ workload: WorkloadReport; results: HaResult[] }>;
  /** Filters results of a workload (the tab's category/status filters). */
  filterResults: (results: HaResult[]) => HaResult[];
}

/** One cluster the entity runs in: who/where/how fresh, then each of its workloads. */
export function ClusterSection(props: ClusterSectionProps) {
  const { cluster, workloads, filterResults } = props;
  const links = useHaLinks();
  const source =
    cluster.sources.find(s => s.cluster === cluster.name) ?? cluster.sources[0];
  const errors = cluster.sources.flatMap(s => s.errors);

  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" gridGap={12} flexWrap="wrap">
          <GradeBadge
            grade={cluster.grade}
            cap={cluster.gradeCap}
            size="small"
          />
          <span>{cluster.title ?? cluster.name}</span>
          <Typography variant="body2" color="textSecondary" component="span">
            cluster <Link to={links.cluster(cluster.name)}>{cluster.name}</Link>
            {cluster.score !== null ? ` · cluster score ${cluster.score}` : ''}
          </Typography>
        </Box>
      }
      subheader={
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          gridGap={12}
          mt={1}
        >
          <ClusterFacts cluster={cluster} />
          <SourceFreshness source={source} />
        </Box>
      }
    >
      <div data-testid={`cluster-section-${cluster.name}`}>
        {errors.length > 0 && (
          <WarningPanel
            severity="warning"
            title={`Reading ${cluster.name} reported ${plural(
              errors.length,
              'error',
            )}`}
            message={errors.join('\n')}
          />
        )}
        {workloads.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No workloads of this entity match the filters in this cluster.
          </Typography>
        ) : (
          workloads.map(({ workload, results }) => (
            <WorkloadPanel
              key={`${workload.kind}/${workload.namespace}/${workload.name}`}
              workload={workload}
              allResults={results}
              results={filterResults(results)}
              clusterZones={cluster.zones}
            />
          ))
        )}
      </div>
    </InfoCard>
  );
}
