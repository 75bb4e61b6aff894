import SvgIcon, { SvgIconProps } from '@material-ui/core/SvgIcon';

/** The HA posture icon: a shield over three stacked replicas. */
export function HaPostureIcon(props: SvgIconProps) {
  return (
    <SvgIcon {...props} viewBox="0 0 24 24">
      <path d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3zm0 2.2 6 2.25V11c0 3.9-2.5 7.7-6 8.9-3.5-1.2-6-5-6-8.9V6.45l6-2.25z" />
      <rect x="8" y="8" width="8" height="2" rx="1" />
      <rect x="8" y="11" width="8" height="2" rx="1" />
      <rect x="8" y="14" width="8" height="2" rx="1" />
    </SvgIcon>
  );
}
