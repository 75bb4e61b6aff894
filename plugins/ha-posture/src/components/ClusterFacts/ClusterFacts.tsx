import { ClusterSummary } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import { plural } from '../../lib/labels';

/** Facts about a cluster in one line of chips: region, flavor and version, nodes and zones. */
export function ClusterFacts(props: { cluster: ClusterSummary }) {
  const { cluster } = props;
  return (
    <Box display="flex" flexWrap="wrap" gridGap={6}>
      {cluster.region && (
        <Chip
          size="small"
          variant="outlined"
          label={`Region ${cluster.region}`}
        />
      )}
      <Chip
        size="small"
        variant="outlined"
        label={`${cluster.flavor}${
          cluster.version ? ` ${cluster.version}` : ''
        }`}
      />
      <Chip
        size="small"
        variant="outlined"
        label={`${plural(cluster.nodes.total, 'node')} (${
          cluster.nodes.ready
        } ready) · ${plural(cluster.zones.length, 'zone')}`}
      />
      <Chip
        size="small"
        variant="outlined"
        label={
          cluster.managedControlPlane
            ? 'Managed control plane'
            : `${plural(cluster.nodes.controlPlane, 'control-plane node')}`
        }
      />
    </Box>
  );
}
