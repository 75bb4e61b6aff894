import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  compareGrades,
  HaCategory,
  HaClusterListItem,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHaLinks } from '../../hooks/useHaLinks';
import { plural } from '../../lib/labels';
import { compareStatus } from '../../lib/status';
import { CategoryStatusCell } from '../CategoryStatusCell/CategoryStatusCell';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { SourceFreshness } from '../SourceFreshness/SourceFreshness';

// Nine columns must fit beside the sidebar: tighter cells than material-table's default.
const cellStyle = { padding: '8px 10px' };
const headerStyle = { padding: '8px 10px' };

function categoryColumn(
  title: string,
  category: HaCategory,
  detail?: (item: HaClusterListItem) => string,
  context?: (item: HaClusterListItem) => string,
): TableColumn<HaClusterListItem> {
  return {
    title,
    field: `categories.${category}.status`,
    cellStyle,
    headerStyle,
    customSort: (a, b) =>
      compareStatus(
        a.categories[category]?.status ?? 'skipped',
        b.categories[category]?.status ?? 'skipped',
      ),
    render: item => (
      <CategoryStatusCell
        summary={item.categories[category]}
        detail={detail?.(item)}
        context={context?.(item)}
      />
    ),
  };
}

/**
 * Every cluster with its control plane, nodes/zones, network, storage, backups, monitoring and
 * logging status, its grade and score and how fresh its data is; worst first (grade, then score).
 */
export function ClustersTable(props: { items: HaClusterListItem[] }) {
  const links = useHaLinks();
  const columns: TableColumn<HaClusterListItem>[] = [
    {
      title: 'Cluster',
      field: 'cluster.name',
      highlight: true,
      cellStyle: { ...cellStyle, minWidth: 180 },
      headerStyle,
      render: item => (
        <Box>
          <Link to={links.cluster(item.cluster.name)}>
            {item.cluster.title ?? item.cluster.name}
          </Link>
          <Typography variant="caption" color="textSecondary" component="div">
            {item.cluster.name} · {item.cluster.flavor}
            {item.cluster.region ? ` · ${item.cluster.region}` : ''}
          </Typography>
          <Typography variant="caption" component="div">
            <SourceFreshness
              source={
                item.sources.find(s => s.cluster === item.cluster.name) ??
                item.sources[0]
              }
              lastError={item.lastError}
              dense
            />
          </Typography>
        </Box>
      ),
    },
    {
      // The cluster report holds the cluster-scope checks; workloads are scored per entity.
      title: 'Cluster checks score',
      field: 'score',
      defaultSort: 'asc',
      cellStyle,
      headerStyle,
      customSort: compareGrades,
      render: item => (
        <Box display="flex" alignItems="center" gridGap={8}>
          <GradeBadge grade={item.grade} cap={item.gradeCap} size="small" />
          <Typography variant="body2">{item.score ?? 'N/A'}</Typography>
        </Box>
      ),
    },
    categoryColumn('Control plane', 'control-plane', item =>
      item.cluster.managedControlPlane
        ? 'Managed'
        : plural(item.cluster.nodes.controlPlane, 'member'),
    ),
    categoryColumn(
      'Nodes / zones',
      'nodes',
      item => `${item.cluster.nodes.ready}/${item.cluster.nodes.total} ready`,
      item => plural(item.cluster.zones.length, 'zone'),
    ),
    categoryColumn('Network', 'network'),
    categoryColumn('Storage', 'storage'),
    categoryColumn('Backups', 'backups'),
    categoryColumn('Monitoring', 'monitoring'),
    categoryColumn('Logging', 'logging'),
  ];
  return (
    <Table<HaClusterListItem>
      title={`Clusters (${props.items.length})`}
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns}
      data={props.items.map(item => ({ ...item }))}
    />
  );
}
