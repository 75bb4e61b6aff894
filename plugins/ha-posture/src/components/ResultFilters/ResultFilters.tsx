import {
  HA_CATEGORIES,
  HaCategory,
  HaResult,
  HaStatus,
  STATUS_ORDER,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControl from '@material-ui/core/FormControl';
import InputLabel from '@material-ui/core/InputLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import Typography from '@material-ui/core/Typography';
import { ResultFiltersState } from '../../hooks/useResultFilters';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../lib/labels';
import { StatusChip } from '../StatusChip/StatusChip';

export interface ResultFiltersProps {
  state: ResultFiltersState;
  /** All results (unfiltered), for the counts. */
  results: HaResult[];
  /** Cluster names to choose from; no cluster filter when fewer than two. */
  clusters?: string[];
}

const ALL = '__all__';

/** Filters by category, status (toggle chips with counts) and cluster. */
export function ResultFilters(props: ResultFiltersProps) {
  const { state, results, clusters = [] } = props;
  const { filters } = state;
  const statusCounts = new Map<HaStatus, number>();
  for (const r of results)
    statusCounts.set(r.status, (statusCounts.get(r.status) ?? 0) + 1);
  const categoryCounts = new Map<HaCategory, number>();
  for (const r of results)
    categoryCounts.set(r.category, (categoryCounts.get(r.category) ?? 0) + 1);

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gridGap={16}
      role="search"
      aria-label="Filter results"
    >
      <FormControl size="small" variant="outlined" style={{ minWidth: 200 }}>
        <InputLabel id="ha-filter-category">Category</InputLabel>
        <Select
          labelId="ha-filter-category"
          label="Category"
          value={filters.category ?? ALL}
          onChange={e => {
            const value = e.target.value as string;
            state.setCategory(
              value === ALL ? undefined : (value as HaCategory),
            );
          }}
        >
          <MenuItem value={ALL}>All categories</MenuItem>
          {HA_CATEGORIES.map(c => (
            <MenuItem key={c} value={c} disabled={!categoryCounts.get(c)}>
              {CATEGORY_LABELS[c]} ({categoryCounts.get(c) ?? 0})
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {clusters.length > 1 && (
        <FormControl size="small" variant="outlined" style={{ minWidth: 160 }}>
          <InputLabel id="ha-filter-cluster">Cluster</InputLabel>
          <Select
            labelId="ha-filter-cluster"
            label="Cluster"
            value={filters.cluster ?? ALL}
            onChange={e => {
              const value = e.target.value as string;
              state.setCluster(value === ALL ? undefined : value);
            }}
          >
            <MenuItem value={ALL}>All clusters</MenuItem>
            {clusters.map(c => (
              <MenuItem key={c} value={c}>
                {c}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      )}
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        gridGap={6}
        role="group"
        aria-label="Status"
      >
        <Typography variant="body2" color="textSecondary">
          Status:
        </Typography>
        {STATUS_ORDER.filter(s => statusCounts.get(s)).map(status => (
          <StatusChip
            key={status}
            status={status}
            label={`${STATUS_LABELS[status]} ${statusCounts.get(status)}`}
            selected={
              filters.statuses.length === 0 || filters.statuses.includes(status)
            }
            onClick={() => state.toggleStatus(status)}
          />
        ))}
      </Box>
      {state.active && (
        <Button size="small" onClick={state.clear}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
