import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Skeleton from '@material-ui/lab/Skeleton';

function CardSkeleton(props: { lines?: number; gauge?: boolean }) {
  return (
    <Paper variant="outlined" style={{ padding: 16, height: '100%' }}>
      <Skeleton variant="text" width="40%" height={32} />
      {props.gauge && (
        <Box display="flex" alignItems="center" gridGap={16} my={1}>
          <Skeleton variant="circle" width={110} height={110} />
          <Box flex={1}>
            <Skeleton variant="rect" width={48} height={48} />
            <Skeleton variant="text" width="60%" />
          </Box>
        </Box>
      )}
      {Array.from({ length: props.lines ?? 3 }, (_, i) => (
        <Skeleton key={i} variant="text" width={`${90 - i * 12}%`} />
      ))}
    </Paper>
  );
}

/**
 * Placeholders shaped like what is loading: `tab` (score, categories and cluster sections),
 * `card` (one summary card), `table` (rows).
 */
export function HaSkeleton(props: {
  variant: 'tab' | 'card' | 'table';
  rows?: number;
}) {
  const label = 'Loading HA posture';
  if (props.variant === 'card') {
    return (
      <div role="progressbar" aria-label={label}>
        <CardSkeleton gauge lines={3} />
      </div>
    );
  }
  if (props.variant === 'table') {
    return (
      <Paper
        variant="outlined"
        style={{ padding: 16 }}
        role="progressbar"
        aria-label={label}
      >
        <Skeleton variant="text" width="30%" height={32} />
        {Array.from({ length: props.rows ?? 5 }, (_, i) => (
          <Skeleton
            key={i}
            variant="rect"
            height={36}
            style={{ marginTop: 8 }}
          />
        ))}
      </Paper>
    );
  }
  return (
    <Grid container spacing={3} role="progressbar" aria-label={label}>
      <Grid item xs={12} md={4}>
        <CardSkeleton gauge lines={2} />
      </Grid>
      <Grid item xs={12} md={8}>
        <CardSkeleton lines={4} />
      </Grid>
      {[0, 1].map(i => (
        <Grid item xs={12} key={i}>
          <CardSkeleton lines={5} />
        </Grid>
      ))}
    </Grid>
  );
}
