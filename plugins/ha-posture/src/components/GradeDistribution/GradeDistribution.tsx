import { HaGrade } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { gradeColor } from '../../lib/status';

const GRADES: HaGrade[] = ['A', 'B', 'C', 'D', 'F', 'N/A'];

/** How many entities got each grade, as one stacked bar with a legend. */
export function GradeDistribution(props: {
  grades: Partial<Record<HaGrade, number>>;
}) {
  const theme = useTheme();
  const total = GRADES.reduce((sum, g) => sum + (props.grades[g] ?? 0), 0);
  if (total === 0) return null;
  const present = GRADES.filter(g => props.grades[g]);
  return (
    <Box>
      <Box
        display="flex"
        height={10}
        borderRadius={5}
        overflow="hidden"
        role="img"
        aria-label={`Grades: ${present
          .map(g => `${props.grades[g]} ${g}`)
          .join(', ')}`}
      >
        {present.map(g => (
          <Tooltip key={g} title={`${props.grades[g]} graded ${g}`}>
            <div
              style={{
                width: `${((props.grades[g] ?? 0) / total) * 100}%`,
                backgroundColor: gradeColor(theme, g),
                borderRight: `1px solid ${theme.palette.background.paper}`,
              }}
            />
          </Tooltip>
        ))}
      </Box>
      <Box display="flex" gridGap={12} mt={0.5} flexWrap="wrap">
        {present.map(g => (
          <Box key={g} display="flex" alignItems="center" gridGap={4}>
            <span
              style={{
                width: 10,
                height: 10,
                borderRadius: 2,
                backgroundColor: gradeColor(theme, g),
                display: 'inline-block',
              }}
            />
            <Typography variant="caption" color="textSecondary">
              {g}: {props.grades[g]}
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
