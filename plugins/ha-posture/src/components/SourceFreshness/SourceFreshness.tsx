import { HaSource } from '@ha-posture/plugin-ha-posture-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import HistoryIcon from '@material-ui/icons/History';
import WarningIcon from '@material-ui/icons/Warning';
import { absoluteTime, relativeTime } from '../../lib/time';

/**
 * How fresh one cluster's data is: "read 5 minutes ago", or, when the last read failed,
 * "stale: last good data from …" with the errors.
 */
export function SourceFreshness(props: {
  source?: HaSource;
  lastError?: string;
  /** Smaller, for table cells. */
  dense?: boolean;
}) {
  const { source, lastError, dense } = props;
  const variant = dense ? 'caption' : 'body2';
  const iconSize = dense ? 'inherit' : 'small';
  const theme = useTheme();
  if (!source) {
    return (
      <Typography variant={variant} color="textSecondary">
        Never read
      </Typography>
    );
  }
  const stale = source.stale || Boolean(lastError);
  const color = stale
    ? theme.palette.status.warning
    : theme.palette.text.secondary;
  const errors = [
    ...source.errors,
    ...(lastError && !source.errors.includes(lastError) ? [lastError] : []),
  ];
  return (
    <Tooltip
      title={
        <>
          Read {absoluteTime(source.fetchedAt)}
          {stale && (
            <>
              <br />
              The last read failed: these are the last good results.
            </>
          )}
          {errors.map(e => (
            <div key={e}>{e}</div>
          ))}
        </>
      }
    >
      <span
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4, color }}
        data-stale={stale}
      >
        {stale ? (
          <WarningIcon fontSize={iconSize} />
        ) : (
          <HistoryIcon fontSize={iconSize} />
        )}
        <Typography
          variant={variant}
          component="span"
          style={{ color: 'inherit' }}
        >
          {stale
            ? `Stale: last good data ${relativeTime(source.fetchedAt)}`
            : `Read ${relativeTime(source.fetchedAt)}`}
        </Typography>
      </span>
    </Tooltip>
  );
}
