import { WorkloadReport } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { plural } from '../../lib/labels';
import { statusColor } from '../../lib/status';
import { StatusIcon } from '../StatusChip/StatusIcon';
import { NodeBox } from '../ZoneGrid/NodeBox';
import { ZoneColumn } from '../ZoneGrid/ZoneColumn';
import { ZoneGrid } from '../ZoneGrid/ZoneGrid';

const NO_ZONE = '(no zone)';
const UNSCHEDULED = 'Not scheduled';

const useStyles = makeStyles(theme => ({
  pods: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: 4,
    marginTop: 4,
  },
  pod: {
    width: 14,
    height: 14,
    borderRadius: '50%',
    border: `2px solid ${theme.palette.background.paper}`,
    boxShadow: `0 0 0 1px ${theme.palette.divider}`,
  },
}));

type Placement = WorkloadReport['placement'][number];

export interface PlacementVerdict {
  pods: number;
  ready: number;
  nodes: number;
  zones: number;
  clusterZones: number;
  status: 'pass' | 'warn' | 'fail' | 'skipped';
  text: string;
}

/** What the placement says at a glance: all replicas on one node / in one zone, or spread. */
export function placementVerdict(
  placement: Placement[],
  clusterZones: string[],
): PlacementVerdict {
  const ready = placement.filter(p => p.ready);
  const nodes = new Set(ready.map(p => p.node).filter(Boolean)).size;
  const zones = new Set(ready.map(p => p.zone).filter(Boolean)).size;
  const base = {
    pods: placement.length,
    ready: ready.length,
    nodes,
    zones,
    clusterZones: clusterZones.length,
  };
  const where = `${plural(ready.length, 'ready pod')} on ${plural(
    nodes,
    'node',
  )}${
    clusterZones.length
      ? ` in ${zones} of ${plural(clusterZones.length, 'zone')}`
      : ''
  }`;
  if (placement.length === 0)
    return { ...base, status: 'skipped', text: 'No pods running' };
  if (ready.length === 0)
    return {
      ...base,
      status: 'fail',
      text: `No ready pod (${plural(placement.length, 'pod')})`,
    };
  if (ready.length === 1)
    return { ...base, status: 'fail', text: `A single ready pod: ${where}` };
  if (nodes === 1)
    return {
      ...base,
      status: 'fail',
      text: `All replicas on one node: ${where}`,
    };
  if (clusterZones.length > 1 && zones === 1) {
    return {
      ...base,
      status: 'warn',
      text: `All replicas in one zone: ${where}`,
    };
  }
  return { ...base, status: 'pass', text: `Spread: ${where}` };
}

export interface ZoneMapProps {
  placement: Placement[];
  /** The cluster's zones, so zones without pods show (empty) too. */
  clusterZones: string[];
}

/**
 * Where a workload's pods run: one column per zone of the cluster, its nodes inside, the pods
 * as dots (filled: ready). A reader sees at once when all replicas share a node or a zone.
 */
export function ZoneMap(props: ZoneMapProps) {
  const { placement, clusterZones } = props;
  const classes = useStyles();
  const theme = useTheme();
  const verdict = placementVerdict(placement, clusterZones);

  const byZone = new Map<string, Map<string, Placement[]>>();
  for (const zone of clusterZones) byZone.set(zone, new Map());
  for (const pod of placement) {
    const zone = pod.node ? pod.zone ?? NO_ZONE : UNSCHEDULED;
    const nodes = byZone.get(zone) ?? new Map<string, Placement[]>();
    const node = pod.node ?? 'pending';
    nodes.set(node, [...(nodes.get(node) ?? []), pod]);
    byZone.set(zone, nodes);
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Box
        display="flex"
        alignItems="center"
        gridGap={6}
        data-testid="placement-verdict"
        data-status={verdict.status}
      >
        <StatusIcon status={verdict.status} fontSize="small" />
        <Typography
          variant="body2"
          style={{ fontWeight: verdict.status === 'pass' ? 400 : 600 }}
        >
          {verdict.text}
        </Typography>
      </Box>
      {placement.length > 0 && (
        <ZoneGrid label="Pods by zone and node">
          {[...byZone.entries()].map(([zone, nodes]) => {
            const pods = [...nodes.values()].flat();
            return (
              <ZoneColumn
                key={zone}
                zone={zone}
                aside={pods.length ? plural(pods.length, 'pod') : undefined}
                empty={pods.length === 0}
                emptyText="no pods in this zone"
              >
                {[...nodes.entries()].map(([node, nodePods]) => (
                  <NodeBox key={node} name={node}>
                    <div className={classes.pods}>
                      {nodePods.map(pod => (
                        <Tooltip
                          key={pod.pod}
                          title={`${pod.pod}: ${
                            pod.ready ? 'ready' : 'not ready'
                          }`}
                        >
                          <span
                            className={classes.pod}
                            role="img"
                            aria-label={`Pod ${pod.pod} ${
                              pod.ready ? 'ready' : 'not ready'
                            }`}
                            style={{
                              backgroundColor: pod.ready
                                ? statusColor(theme, 'pass')
                                : statusColor(theme, 'fail'),
                            }}
                          />
                        </Tooltip>
                      ))}
                    </div>
                  </NodeBox>
                ))}
              </ZoneColumn>
            );
          })}
        </ZoneGrid>
      )}
    </Box>
  );
}
