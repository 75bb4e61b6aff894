import { Gauge } from '@backstage/core-components';
import { HaGrade, HaGradeCap } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { gradeCapText, plural } from '../../lib/labels';
import { scoreColor } from '../../lib/status';
import { useHaGrading } from '../../hooks/useHaGrading';
import { GradeBadge } from '../GradeBadge/GradeBadge';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(2),
  },
  gauge: (props: { width: number }) => ({
    width: props.width,
    flexShrink: 0,
  }),
}));

export interface ScoreGaugeProps {
  score: number | null;
  grade: HaGrade;
  size?: 'small' | 'normal';
  /** Unknown results behind the score: said under it, as they are not scored. */
  unknown?: number;
  /** Why the grade is worse than the score gives (`thresholds.gradeCaps`): said under it. */
  gradeCap?: HaGradeCap;
}

/** The HA score (0-100) as a gauge, with the letter grade beside it. No score: "N/A". */
export function ScoreGauge(props: ScoreGaugeProps) {
  const { score, grade, size = 'normal', unknown = 0, gradeCap } = props;
  const theme = useTheme();
  const grading = useHaGrading();
  const classes = useStyles({ width: size === 'small' ? 96 : 140 });
  return (
    <div className={classes.root}>
      <div
        className={classes.gauge}
        role="meter"
        aria-label="HA score"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={score ?? undefined}
        aria-valuetext={score === null ? 'not available' : `${score} of 100`}
      >
        <Gauge
          // The exact score (one decimal): a rounded 99.5 would read as a perfect 100.
          value={score === null ? NaN : score}
          fractional={false}
          max={100}
          unit=""
          size={size}
          getColor={() => scoreColor(theme, score, grading?.thresholds)}
        />
      </div>
      <Box
        display="flex"
        flexDirection="column"
        alignItems="flex-start"
        gridGap={4}
      >
        <GradeBadge
          grade={grade}
          size={size === 'small' ? 'medium' : 'large'}
        />
        <Typography variant="caption" color="textSecondary">
          {score === null
            ? 'No score: nothing was evaluable'
            : `Score ${score} / 100`}
        </Typography>
        {gradeCap && (
          <Typography variant="caption" color="textSecondary">
            {gradeCapText(grade, gradeCap)}
          </Typography>
        )}
        {unknown > 0 && (
          <Typography variant="caption" color="textSecondary">
            {plural(unknown, 'unknown result')} not scored
          </Typography>
        )}
      </Box>
    </div>
  );
}
