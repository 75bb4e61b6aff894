import { ReactNode } from 'react';
import { useZoneStyles as useStyles } from './zoneStyles';

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
