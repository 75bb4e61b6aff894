import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Skeleton from '@material-ui/lab/Skeleton';
import { ReactNode } from 'react';

function Frame(props: { bare?: boolean; children: ReactNode }) {
  if (props.bare) return <>{props.children}</>;
  return (
    <Paper variant="outlined" style={{ padding: 16, height: '100%' }}>
      {props.children}
    </Paper>
  );
}

function CardLines(props: {
  lines?: number;
  gauge?: boolean;
  title?: boolean;
}) {
  return (
    <>
      {props.title && <Skeleton variant="text" width="40%" height={32} />}
      {props.gauge && (
        <Box display="flex" alignItems="center" gridGap={16} my={1}>
          <Skeleton variant="circle" width={96} height={96} />
          <Box flex={1}>
            <Skeleton variant="rect" width={36} height={36} />
            <Skeleton variant="text" width="60%" />
          </Box>
        </Box>
      )}
      {Array.from({ length: props.lines ?? 3 }, (_, i) => (
        <Skeleton key={i} variant="text" width={`${90 - i * 12}%`} />
      ))}
    </>
  );
}

export interface HaSkeletonProps {
  /**
   * `tab`: score, categories and cluster sections (whole-page cards); `card`: the content of a
   * summary card; `table`: rows.
   */
  variant: 'tab' | 'card' | 'table';
  rows?: number;
  /** Inside a card already: no outline of its own (default for `card`). */
  bare?: boolean;
}

/** Placeholders shaped like what is loading, so the page does not jump when it arrives. */
export function HaSkeleton(props: HaSkeletonProps) {
  const { variant, rows = 5 } = props;
  const label = 'Loading HA posture';
  if (variant === 'card') {
    return (
      <div role="progressbar" aria-label={label}>
        <Frame bare={props.bare ?? true}>
          <CardLines gauge lines={3} />
        </Frame>
      </div>
    );
  }
  if (variant === 'table') {
    return (
      <div role="progressbar" aria-label={label}>
        <Frame bare={props.bare}>
          {Array.from({ length: rows }, (_, i) => (
            <Skeleton
              key={i}
              variant="rect"
              height={32}
              style={{ marginTop: i ? 8 : 0 }}
            />
          ))}
        </Frame>
      </div>
    );
  }
  return (
    <Grid container spacing={3} role="progressbar" aria-label={label}>
      <Grid item xs={12} md={4}>
        <Frame>
          <CardLines title gauge lines={2} />
        </Frame>
      </Grid>
      <Grid item xs={12} md={8}>
        <Frame>
          <CardLines title lines={4} />
        </Frame>
      </Grid>
      {[0, 1].map(i => (
        <Grid item xs={12} key={i}>
          <Frame>
            <CardLines title lines={5} />
          </Frame>
        </Grid>
      ))}
    </Grid>
  );
}
