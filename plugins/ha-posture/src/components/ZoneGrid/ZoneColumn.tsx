import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { useZoneStyles as useStyles } from './zoneStyles';

/** One zone: its name, an aside (e.g. "2 pods"), and its nodes; dashed when it holds nothing. */
export function ZoneColumn(props: {
  zone: string;
  aside?: ReactNode;
  empty?: boolean;
  emptyText?: string;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <div
      role="listitem"
      aria-label={`Zone ${props.zone}`}
      data-zone={props.zone}
      className={`${classes.zone} ${props.empty ? classes.empty : ''}`}
    >
      <div className={classes.zoneTitle}>
        <span>{props.zone}</span>
        {props.aside && (
          <span className={classes.zoneAside}>{props.aside}</span>
        )}
      </div>
      {props.empty ? (
        <Typography variant="caption" color="textSecondary">
          {props.emptyText ?? 'nothing here'}
        </Typography>
      ) : (
        props.children
      )}
    </div>
  );
}
