import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))',
    gap: theme.spacing(1),
  },
  zone: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
    minWidth: 0,
    backgroundColor: theme.palette.background.default,
  },
  empty: {
    borderStyle: 'dashed',
    backgroundColor: 'transparent',
  },
  zoneTitle: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
    fontSize: theme.typography.pxToRem(12),
    fontWeight: 700,
    color: theme.palette.text.primary,
  },
  zoneAside: {
    fontWeight: 400,
    color: theme.palette.text.secondary,
    whiteSpace: 'nowrap',
  },
  node: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 0.75),
    backgroundColor: theme.palette.background.paper,
    minWidth: 0,
  },
  nodeName: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    overflowWrap: 'anywhere',
  },
}));

/** Zones side by side (wrapping on narrow screens). */
export function ZoneGrid(props: { children: ReactNode; label: string }) {
  const classes = useStyles();
  return (
    <div className={classes.grid} role="list" aria-label={props.label}>
      {props.children}
    </div>
  );
}

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

/** One node inside a zone. */
export function NodeBox(props: {
  name: string;
  badges?: ReactNode;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <div className={classes.node} data-node={props.name}>
      <div className={classes.nodeName} title={props.name}>
        {props.name}
      </div>
      {props.badges}
      {props.children}
    </div>
  );
}
