import { HaSeverity } from '@ha-posture/plugin-ha-posture-common';
import { makeStyles } from '@material-ui/core/styles';
import { SEVERITY_LABELS } from '../../lib/labels';

const useStyles = makeStyles(theme => ({
  label: (props: { severity: HaSeverity }) => {
    const color = {
      critical: theme.palette.status.error,
      high: theme.palette.warning.dark,
      medium: theme.palette.text.secondary,
      low: theme.palette.text.secondary,
    }[props.severity];
    return {
      display: 'inline-block',
      padding: '0 6px',
      borderRadius: 4,
      border: `1px solid ${color}`,
      color:
        props.severity === 'critical' || props.severity === 'high'
          ? color
          : theme.palette.text.secondary,
      fontSize: theme.typography.pxToRem(11),
      fontWeight: 600,
      lineHeight: '18px',
      textTransform: 'uppercase',
      letterSpacing: 0.4,
      whiteSpace: 'nowrap',
    };
  },
}));

/** A check's severity (critical, high, medium, low) as a small outlined label. */
export function SeverityLabel(props: { severity: HaSeverity }) {
  const classes = useStyles(props);
  return (
    <span className={classes.label} title={`Severity: ${props.severity}`}>
      {SEVERITY_LABELS[props.severity] ?? props.severity}
    </span>
  );
}
