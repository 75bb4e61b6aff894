import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A headline number with its caption, as at the top of the clusters page and the roll-ups. */
export function BigFigure(props: {
  value: ReactNode;
  caption: ReactNode;
  /** `error` draws attention to a count that should be zero. */
  color?: 'error' | 'textPrimary';
}) {
  return (
    <div>
      <Typography variant="h4" component="div" color={props.color}>
        {props.value}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {props.caption}
      </Typography>
    </div>
  );
}
