import { makeStyles } from '@material-ui/core/styles';

/** Styles shared by ZoneGrid, ZoneColumn and NodeBox (the zone map and the cluster topology). */
export const useZoneStyles = makeStyles(theme => ({
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
