import { HaResult, WorkloadReport } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { countsText } from '../CategoryChips/CategoryChips';
import { FindingList } from '../FindingList/FindingList';
import { ZoneMap } from '../ZoneMap/ZoneMap';
import { worstStatus } from '../../lib/status';
import { StatusIcon } from '../StatusChip/StatusIcon';

const useStyles = makeStyles(theme => ({
  root: {
    borderTop: `1px solid ${theme.palette.divider}`,
    paddingTop: theme.spacing(2),
    marginTop: theme.spacing(2),
    '&:first-of-type': {
      borderTop: 'none',
      paddingTop: 0,
      marginTop: 0,
    },
  },
  kind: {
    fontSize: theme.typography.pxToRem(11),
    fontWeight: 700,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    color: theme.palette.text.secondary,
  },
  name: {
    fontFamily: 'monospace',
    fontWeight: 600,
  },
  subtitle: {
    fontSize: theme.typography.pxToRem(11),
    fontWeight: 700,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    color: theme.palette.text.secondary,
    marginBottom: theme.spacing(1),
  },
}));

const REPLICA_SOURCES: Record<string, string> = {
  hpa: 'HPA minReplicas',
  spec: 'spec.replicas',
  pods: "counted from its pods: the operator's resource is not read",
};

export interface WorkloadPanelProps {
  workload: WorkloadReport;
  /** The entity's results for this workload (entity exemptions applied). */
  allResults: HaResult[];
  /** The same after the filters. */
  results: HaResult[];
  clusterZones: string[];
}

/** One workload in one cluster: its replicas, its zone map and its findings (worst first). */
export function WorkloadPanel(props: WorkloadPanelProps) {
  const { workload, allResults: all, results, clusterZones } = props;
  const classes = useStyles();
  const counts = {
    fail: 0,
    warn: 0,
    unknown: 0,
    pass: 0,
    exempt: 0,
    skipped: 0,
  };
  for (const r of all) counts[r.status]++;
  const replicas = workload.replicas;
  // An Operated workload is named by its custom resource: `Cluster (postgresql.cnpg.io)`.
  const operatedBy = workload.operatedBy;
  const group = operatedBy?.apiVersion.includes('/')
    ? operatedBy.apiVersion.split('/')[0]
    : undefined;
  const kind = operatedBy
    ? `${operatedBy.kind}${group ? ` (${group})` : ''}`
    : workload.kind;

  return (
    <section
      className={classes.root}
      aria-label={`${kind} ${workload.namespace}/${workload.name}`}
      data-testid={`workload-${workload.cluster}-${workload.namespace}-${workload.name}`}
    >
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        gridGap={12}
        mb={1.5}
      >
        <StatusIcon status={worstStatus(all.map(r => r.status))} />
        <Box>
          <div className={classes.kind}>{kind}</div>
          <Typography component="h4" className={classes.name}>
            {workload.namespace}/{workload.name}
          </Typography>
        </Box>
        <Typography variant="body2" color="textSecondary">
          {countsText(counts)}
        </Typography>
        {replicas && (
          <Typography variant="body2" color="textSecondary">
            Replicas: {replicas.available ?? '?'} of {replicas.desired ?? '?'}{' '}
            available · floor {replicas.floor}
            {REPLICA_SOURCES[replicas.source]
              ? ` (${REPLICA_SOURCES[replicas.source]})`
              : ''}
          </Typography>
        )}
      </Box>
      <Grid container spacing={2}>
        <Grid item xs={12} lg={5}>
          <div className={classes.subtitle}>Placement</div>
          <ZoneMap placement={workload.placement} clusterZones={clusterZones} />
        </Grid>
        <Grid item xs={12} lg={7}>
          <div className={classes.subtitle}>Findings</div>
          <FindingList results={results} />
        </Grid>
      </Grid>
    </section>
  );
}
