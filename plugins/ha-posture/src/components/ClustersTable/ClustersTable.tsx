import { Link, Table, TableColumn } from '@backstage/core-components';
import {
  HaCategory,
  HaClusterListItem,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHaLinks } from '../../hooks/useHaLinks';
import { plural } from '../../lib/labels';
import { CategoryStatusCell } from '../CategoryStatusCell/CategoryStatusCell';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { SourceFreshness } from '../SourceFreshness/SourceFreshness';

function categoryColumn(
  title: string,
  category: HaCategory,
  detail?: (item: HaClusterListItem) => string,
): TableColumn<HaClusterListItem> {
  return {
    title,
    field: `categories.${category}.status`,
    customSort: (a, b) => statusRank(a, category) - statusRank(b, category),
    render: item => (
      <CategoryStatusCell
        summary={item.categories[category]}
        detail={detail?.(item)}
      />
    ),
  };
}

const RANK = { fail: 0, warn: 1, unknown: 2, pass: 3, exempt: 4, skipped: 5 };
function statusRank(item: HaClusterListItem, category: HaCategory) {
  return RANK[item.categories[category]?.status ?? 'skipped'];
}

/** Every cluster with its control plane, nodes/zones, network, storage, backups, monitoring and logging status. */
export function ClustersTable(props: { items: HaClusterListItem[] }) {
  const links = useHaLinks();
  const columns: TableColumn<HaClusterListItem>[] = [
    {
      title: 'Cluster',
      field: 'cluster.name',
      highlight: true,
      cellStyle: { minWidth: 220 },
      render: item => (
        <Box>
          <Link to={links.cluster(item.cluster.name)}>
            {item.cluster.title ?? item.cluster.name}
          </Link>
          <Typography variant="caption" color="textSecondary" component="div">
            {item.cluster.name} · {item.cluster.flavor}
            {item.cluster.region ? ` · ${item.cluster.region}` : ''}
          </Typography>
        </Box>
      ),
    },
    {
      title: 'Score',
      field: 'score',
      defaultSort: 'asc',
      customSort: (a, b) => (a.score ?? 101) - (b.score ?? 101),
      render: item => (
        <Box display="flex" alignItems="center" gridGap={8}>
          <GradeBadge grade={item.grade} size="small" />
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
      item =>
        `${item.cluster.nodes.ready}/${
          item.cluster.nodes.total
        } ready, ${plural(item.cluster.zones.length, 'zone')}`,
    ),
    categoryColumn('Network', 'network'),
    categoryColumn('Storage', 'storage'),
    categoryColumn('Backups', 'backups'),
    categoryColumn('Monitoring', 'monitoring'),
    categoryColumn('Logging', 'logging'),
    {
      title: 'Freshness',
      field: 'generatedAt',
      render: item => (
        <SourceFreshness
          source={
            item.sources.find(s => s.cluster === item.cluster.name) ??
            item.sources[0]
          }
          lastError={item.lastError}
        />
      ),
    },
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
