import { HaCategorySummary } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { STATUS_LABELS } from '../../lib/labels';
import { countsText } from '../CategoryChips/CategoryChips';
import { StatusIcon } from '../StatusChip/StatusIcon';

/** A category's status in a table cell: icon, status and a short count line. */
export function CategoryStatusCell(props: {
  summary?: HaCategorySummary;
  detail?: string;
}) {
  const { summary, detail } = props;
  if (!summary)
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  return (
    <Tooltip
      title={`${STATUS_LABELS[summary.status]}: ${countsText(summary.counts)}`}
    >
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 6 }}>
        <StatusIcon status={summary.status} fontSize="small" />
        <Box>
          <Typography variant="body2" style={{ lineHeight: 1.3 }}>
            {detail ?? STATUS_LABELS[summary.status]}
          </Typography>
          {summary.status !== 'skipped' && (
            <Typography
              variant="caption"
              color="textSecondary"
              style={{ whiteSpace: 'nowrap' }}
            >
              {countsText(summary.counts)}
            </Typography>
          )}
        </Box>
      </div>
    </Tooltip>
  );
}
