import { ReactNode } from 'react';
import { useZoneStyles as useStyles } from './zoneStyles';

/** Zones side by side (wrapping on narrow screens). */
export function ZoneGrid(props: { children: ReactNode; label: string }) {
  const classes = useStyles();
  return (
    <div className={classes.grid} role="list" aria-label={props.label}>
      {props.children}
    </div>
  );
}
