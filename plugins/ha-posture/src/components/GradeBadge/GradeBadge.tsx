import { HaGrade, HaGradeCap } from '@ha-posture/plugin-ha-posture-common';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import { useHaGrading } from '../../hooks/useHaGrading';
import {
  describeGradeCaps,
  gradeCapText,
  gradeDescription,
} from '../../lib/labels';
import { gradeColor } from '../../lib/status';

const SIZES = { small: 24, medium: 36, large: 56 };

const useStyles = makeStyles(theme => ({
  badge: (props: { grade: HaGrade; size: keyof typeof SIZES }) => ({
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    flexShrink: 0,
    width: SIZES[props.size],
    height: SIZES[props.size],
    borderRadius: SIZES[props.size] / 4,
    fontSize: SIZES[props.size] * (props.grade === 'N/A' ? 0.36 : 0.55),
    fontWeight: 700,
    lineHeight: 1,
    color: theme.palette.getContrastText(gradeColor(theme, props.grade)),
    backgroundColor: gradeColor(theme, props.grade),
  }),
}));

/**
 * The letter grade (A-F, N/A) in a coloured square. Its tooltip says what the grade means under the
 * thresholds in force and, when caps are configured, what caps a grade; with `cap`, why this grade
 * is worse than the score.
 */
export function GradeBadge(props: {
  grade: HaGrade;
  size?: 'small' | 'medium' | 'large';
  cap?: HaGradeCap;
}) {
  const { grade, size = 'medium', cap } = props;
  const classes = useStyles({ grade, size });
  const grading = useHaGrading();
  const description = `Grade ${grade}: ${gradeDescription(
    grade,
    grading?.thresholds,
  )}`;
  // N/A is never capped: nothing was scored.
  const caps = grading && grade !== 'N/A' && describeGradeCaps(grading.caps);
  const meaning = caps ? `${description}. ${caps}` : description;
  return (
    <Tooltip title={cap ? gradeCapText(grade, cap) : meaning}>
      <span
        className={classes.badge}
        role="img"
        aria-label={cap ? `Grade ${grade}, capped` : `Grade ${grade}`}
      >
        {grade}
      </span>
    </Tooltip>
  );
}
