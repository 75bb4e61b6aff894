import {
  HaGrade,
  SEVERITY_ORDER,
  SEVERITY_WEIGHTS,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useHaGrading } from '../../hooks/useHaGrading';
import { describeGradeCaps, gradeDescription } from '../../lib/labels';
import { GradeBadge } from '../GradeBadge/GradeBadge';

const LETTER_GRADES: HaGrade[] = ['A', 'B', 'C', 'D', 'F'];

/**
 * How scores and grades are given on this installation: the severity weights, the grade thresholds
 * and the grade caps in force (`haPosture.thresholds`). Nothing until the grading is known: the
 * numbers of another configuration would mislead.
 */
export function GradingSummary() {
  const grading = useHaGrading();
  if (!grading) return null;
  const caps = describeGradeCaps(grading.caps);
  const weights = SEVERITY_ORDER.map(
    severity => `${severity} ${SEVERITY_WEIGHTS[severity]}`,
  ).join(', ');
  return (
    <Box component="section" id="grading" aria-label="How grades are given">
      <Typography variant="h6" component="h2" gutterBottom>
        How grades are given
      </Typography>
      <Typography variant="body2" paragraph>
        A score is the share of passed checks, weighted by severity ({weights});
        a warning counts half. Unknown, exempt and skipped results are not
        scored.
      </Typography>
      <Box
        component="ul"
        display="flex"
        flexWrap="wrap"
        gridGap={16}
        m={0}
        p={0}
        style={{ listStyle: 'none' }}
      >
        {LETTER_GRADES.map(grade => (
          <Box component="li" key={grade} display="flex" alignItems="center">
            <GradeBadge grade={grade} size="small" />
            <Typography
              variant="body2"
              component="span"
              style={{ marginLeft: 8 }}
            >
              {gradeDescription(grade, grading.thresholds)}
            </Typography>
          </Box>
        ))}
      </Box>
      {caps && (
        <Typography variant="body2" style={{ marginTop: 8 }}>
          {caps}
        </Typography>
      )}
    </Box>
  );
}
