import { HaStatus } from '@ha-posture/plugin-ha-posture-common';
import { SvgIconProps } from '@material-ui/core/SvgIcon';
import { useTheme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import HelpIcon from '@material-ui/icons/Help';
import RemoveCircleOutlineIcon from '@material-ui/icons/RemoveCircleOutline';
import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import WarningIcon from '@material-ui/icons/Warning';
import { STATUS_LABELS } from '../../lib/labels';
import { statusColor } from '../../lib/status';

const ICONS: Record<HaStatus, typeof CheckCircleIcon> = {
  pass: CheckCircleIcon,
  warn: WarningIcon,
  fail: ErrorIcon,
  unknown: HelpIcon,
  exempt: VerifiedUserIcon,
  skipped: RemoveCircleOutlineIcon,
};

/** A coloured icon for a status; shape differs per status so colour is never the only cue. */
export function StatusIcon(
  props: { status: HaStatus; decorative?: boolean } & Omit<
    SvgIconProps,
    'color'
  >,
) {
  const { status, style, decorative, ...rest } = props;
  const theme = useTheme();
  const Icon = ICONS[status] ?? HelpIcon;
  return (
    <Icon
      titleAccess={decorative ? undefined : STATUS_LABELS[status] ?? status}
      aria-hidden={decorative ? true : undefined}
      style={{ color: statusColor(theme, status), ...style }}
      {...rest}
    />
  );
}
