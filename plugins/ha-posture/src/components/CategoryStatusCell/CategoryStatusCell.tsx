import { HaCategorySummary } from '@ha-posture/plugin-ha-posture-common';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { STATUS_LABELS } from '../../lib/labels';
import { countsText } from '../CategoryChips/CategoryChips';
import { StatusIcon } from '../StatusChip/StatusIcon';

/**
 * A category's status in a table cell: its icon, then a fact (e.g. "3 members") or the counts;
 * with a fact, the counts go on a second line.
 */
export function CategoryStatusCell(props: {
  summary?: HaCategorySummary;
  detail?: string;
  /** Shown before the counts on the second line (e.g. "3 zones"). */
  context?: string;
}) {
  const { summary, detail, context } = props;
  if (!summary) {
    return (
      <Typography variant="body2" color="textSecondary">
        –
      </Typography>
    );
  }
  const counts = countsText(summary.counts);
  return (
    <Tooltip title={`${STATUS_LABELS[summary.status]}: ${counts}`}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 6 }}>
        <StatusIcon status={summary.status} fontSize="small" />
        <div>
          <Typography
            variant="body2"
            style={{ lineHeight: 1.4, whiteSpace: 'nowrap' }}
          >
            {detail ?? counts}
          </Typography>
          {detail && (
            <Typography
              variant="caption"
              color="textSecondary"
              style={{ display: 'block', lineHeight: 1.3 }}
            >
              {context ? `${context} · ${counts}` : counts}
            </Typography>
          )}
        </div>
      </div>
    </Tooltip>
  );
}
