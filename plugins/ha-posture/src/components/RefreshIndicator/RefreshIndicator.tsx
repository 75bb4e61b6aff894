import { HaRefreshRecord } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import RefreshIcon from '@material-ui/icons/Refresh';
import ScheduleIcon from '@material-ui/icons/Schedule';
import WarningIcon from '@material-ui/icons/Warning';
import { useHaRefresh, UseHaRefreshOptions } from '../../hooks/useHaRefresh';
import { plural } from '../../lib/labels';
import { absoluteTime, formatDuration, relativeTime } from '../../lib/time';

export type RefreshIndicatorProps = UseHaRefreshOptions;

function statusText(lastRefresh: HaRefreshRecord | null | undefined): string {
  if (lastRefresh === undefined)
    return 'Checking when data was last refreshed…';
  if (lastRefresh === null) return 'Not refreshed yet';
  return `Last refreshed ${relativeTime(lastRefresh.finishedAt)}`;
}

/**
 * "Last refreshed 5 minutes ago" (details on hover), "Refreshing…" while a refresh runs, and a
 * Refresh button for users holding the `ha-posture.refresh` permission.
 */
export function RefreshIndicator(props: RefreshIndicatorProps) {
  const theme = useTheme();
  const { lastRefresh, refreshing, canRefresh, error, refresh } =
    useHaRefresh(props);

  const details = lastRefresh ? (
    <>
      Finished {absoluteTime(lastRefresh.finishedAt)} in{' '}
      {formatDuration(lastRefresh.durationMs)}
      <br />
      {plural(lastRefresh.clusters, 'cluster')},{' '}
      {plural(lastRefresh.entities, 'entity', 'entities')},{' '}
      {plural(lastRefresh.apiRequests, 'API request')}
      {lastRefresh.errors.length > 0 && (
        <>
          <br />
          Errors: {lastRefresh.errors.join('; ')}
        </>
      )}
    </>
  ) : (
    'No refresh has finished yet.'
  );

  return (
    <Box
      display="flex"
      alignItems="center"
      gridGap={8}
      flexWrap="wrap"
      data-testid="refresh-indicator"
    >
      {refreshing ? (
        <>
          <CircularProgress size={16} aria-label="Refreshing" />
          <Typography variant="body2" color="textSecondary" role="status">
            Refreshing all clusters…
          </Typography>
        </>
      ) : (
        <Tooltip title={details}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 4 }}>
            <ScheduleIcon fontSize="small" color="action" />
            <Typography variant="body2" color="textSecondary" role="status">
              {statusText(lastRefresh)}
            </Typography>
          </div>
        </Tooltip>
      )}
      {lastRefresh && lastRefresh.errors.length > 0 && !refreshing && (
        <Tooltip title={lastRefresh.errors.join('; ')}>
          <div
            style={{
              display: 'flex',
              alignItems: 'center',
              gap: 4,
              color: theme.palette.status.warning,
            }}
          >
            <WarningIcon fontSize="small" />
            <Typography variant="body2">
              {plural(lastRefresh.errors.length, 'error')}
            </Typography>
          </div>
        </Tooltip>
      )}
      {error && (
        <Typography
          variant="body2"
          style={{ color: theme.palette.error.main }}
          role="alert"
        >
          {error.message}
        </Typography>
      )}
      {canRefresh && (
        <Button
          size="small"
          variant="outlined"
          startIcon={<RefreshIcon />}
          onClick={() => refresh()}
          disabled={refreshing}
        >
          Refresh
        </Button>
      )}
    </Box>
  );
}
