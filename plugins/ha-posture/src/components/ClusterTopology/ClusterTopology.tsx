import { HaClusterTopology } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, useTheme } from '@material-ui/core/styles';
import { plural } from '../../lib/labels';
import { statusColor } from '../../lib/status';
import { NodeBox } from '../ZoneGrid/NodeBox';
import { ZoneColumn } from '../ZoneGrid/ZoneColumn';
import { ZoneGrid } from '../ZoneGrid/ZoneGrid';

const useStyles = makeStyles(theme => ({
  badges: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: 4,
    marginTop: 2,
  },
  badge: (props: { color: string }) => ({
    fontSize: theme.typography.pxToRem(11),
    lineHeight: '16px',
    padding: '0 5px',
    borderRadius: 3,
    border: `1px solid ${props.color}`,
    backgroundColor: alpha(props.color, 0.12),
    whiteSpace: 'nowrap',
  }),
  bar: {
    height: 4,
    borderRadius: 2,
    marginTop: 4,
    backgroundColor: theme.palette.action.hover,
    overflow: 'hidden',
  },
}));

function Badge(props: { color: string; label: string; title: string }) {
  const classes = useStyles({ color: props.color });
  return (
    <Tooltip title={props.title}>
      <span className={classes.badge}>{props.label}</span>
    </Tooltip>
  );
}

/**
 * A cluster's nodes per zone: control-plane members and workers, ready or not, usable for
 * workloads or not, with their pod counts.
 */
export function ClusterTopology(props: {
  topology: HaClusterTopology;
  /** The provider runs the control plane: it has no nodes to show, which is not a finding. */
  managedControlPlane?: boolean;
}) {
  const { zones } = props.topology;
  const theme = useTheme();
  const classes = useStyles({ color: theme.palette.divider });
  const maxPods = Math.max(1, ...zones.flatMap(z => z.nodes.map(n => n.pods)));
  const all = zones.flatMap(z => z.nodes);
  const controlPlane = all.filter(n => n.controlPlane);
  const usable = all.filter(n => n.usable);

  if (all.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No nodes were read from this cluster.
      </Typography>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Typography variant="body2" color="textSecondary">
        {plural(all.length, 'node')} in{' '}
        {plural(zones.filter(z => z.zone !== '(no zone)').length, 'zone')}:{' '}
        {props.managedControlPlane && controlPlane.length === 0
          ? 'control plane managed by the provider (no nodes of its own)'
          : `${plural(controlPlane.length, 'control-plane member')} (${
              controlPlane.filter(n => n.ready).length
            } ready)`}
        , {plural(usable.length, 'usable worker')}.
      </Typography>
      <ZoneGrid label="Nodes by zone">
        {zones.map(zone => (
          <ZoneColumn
            key={zone.zone}
            zone={zone.zone}
            aside={plural(zone.nodes.length, 'node')}
            empty={zone.nodes.length === 0}
          >
            {[...zone.nodes]
              .sort(
                (a, b) =>
                  Number(b.controlPlane) - Number(a.controlPlane) ||
                  a.name.localeCompare(b.name),
              )
              .map(node => (
                <NodeBox
                  key={node.name}
                  name={node.name}
                  badges={
                    <div className={classes.badges}>
                      {node.controlPlane && (
                        <Badge
                          color={theme.palette.primary.main}
                          label="control plane"
                          title="Control-plane member"
                        />
                      )}
                      {!node.ready && (
                        <Badge
                          color={statusColor(theme, 'fail')}
                          label="not ready"
                          title="The node is not Ready"
                        />
                      )}
                      {node.ready && !node.controlPlane && !node.usable && (
                        <Badge
                          color={statusColor(theme, 'warn')}
                          label="not usable"
                          title="Cordoned, tainted or under pressure: workloads cannot be scheduled here"
                        />
                      )}
                      {node.usable && (
                        <Badge
                          color={statusColor(theme, 'pass')}
                          label="worker"
                          title="Usable for workloads"
                        />
                      )}
                    </div>
                  }
                >
                  <Tooltip title={`${plural(node.pods, 'pod')} scheduled`}>
                    <div>
                      <div className={classes.bar} aria-hidden>
                        <div
                          style={{
                            width: `${(node.pods / maxPods) * 100}%`,
                            height: '100%',
                            backgroundColor: theme.palette.primary.light,
                          }}
                        />
                      </div>
                      <Typography variant="caption" color="textSecondary">
                        {plural(node.pods, 'pod')}
                      </Typography>
                    </div>
                  </Tooltip>
                </NodeBox>
              ))}
          </ZoneColumn>
        ))}
      </ZoneGrid>
    </Box>
  );
}
