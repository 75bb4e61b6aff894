import { HaStatus } from '@ha-posture/plugin-ha-posture-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { STATUS_DESCRIPTIONS, STATUS_LABELS } from '../../lib/labels';
import { statusColor } from '../../lib/status';
import { StatusIcon } from './StatusIcon';

const useStyles = makeStyles(theme => ({
  chip: (props: { status: HaStatus }) =>
    props.status === 'skipped'
      ? {
          // Not applicable: present, but quiet, so the problems stand out.
          border: `1px dashed ${theme.palette.divider}`,
          backgroundColor: 'transparent',
          color: theme.palette.text.secondary,
        }
      : {
          borderColor: statusColor(theme, props.status),
          backgroundColor: alpha(statusColor(theme, props.status), 0.12),
          color: theme.palette.text.primary,
          fontWeight: 500,
        },
}));

export interface StatusChipProps {
  status: HaStatus;
  /** Replaces the status name (e.g. "Replicas · 2 fail"). */
  label?: React.ReactNode;
  size?: 'small' | 'medium';
  tooltip?: React.ReactNode;
  onClick?: () => void;
  selected?: boolean;
}

/** A status as a coloured chip with an icon; its tooltip says what the status means. */
export function StatusChip(props: StatusChipProps) {
  const { status, label, size = 'small', tooltip, onClick, selected } = props;
  const classes = useStyles({ status });
  const chip = (
    <Chip
      className={classes.chip}
      variant={selected === false ? 'outlined' : 'default'}
      size={size}
      icon={<StatusIcon status={status} fontSize="small" decorative />}
      label={label ?? STATUS_LABELS[status] ?? status}
      onClick={onClick}
      clickable={Boolean(onClick)}
      aria-pressed={onClick && selected !== undefined ? selected : undefined}
      data-status={status}
    />
  );
  return (
    <Tooltip title={tooltip ?? STATUS_DESCRIPTIONS[status] ?? ''}>
      {chip}
    </Tooltip>
  );
}
