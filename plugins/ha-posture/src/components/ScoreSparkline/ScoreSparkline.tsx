import { HaHistoryPoint } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { scoreColor } from '../../lib/status';
import { useHaGrading } from '../../hooks/useHaGrading';

export interface ScoreSparklineProps {
  points: Array<Pick<HaHistoryPoint, 'day' | 'score'>>;
  width?: number;
  height?: number;
  /** Show the "from X to Y" caption under the line (default true). */
  caption?: boolean;
}

function formatScore(score: number) {
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/**
 * The daily score trend as a small SVG line (0-100 scale). Days without a score break the line;
 * a single day shows as a dot.
 */
export function ScoreSparkline(props: ScoreSparklineProps) {
  const { width = 220, height = 48, caption = true } = props;
  const theme = useTheme();
  const grading = useHaGrading();
  const points = [...props.points].sort((a, b) => a.day.localeCompare(b.day));
  const scored = points.filter(
    (p): p is { day: string; score: number } => typeof p.score === 'number',
  );

  if (scored.length === 0) {
    return (
      <Typography variant="caption" color="textSecondary">
        No score history yet.
      </Typography>
    );
  }

  const pad = 4;
  const x = (i: number) =>
    points.length === 1
      ? width / 2
      : pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (score: number) => pad + ((100 - score) * (height - 2 * pad)) / 100;

  // Segments of consecutive scored days.
  const segments: string[] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    if (typeof p.score === 'number') {
      current.push(`${x(i).toFixed(1)},${y(p.score).toFixed(1)}`);
    } else if (current.length) {
      segments.push(current.join(' '));
      current = [];
    }
  });
  if (current.length) segments.push(current.join(' '));

  const first = scored[0];
  const last = scored[scored.length - 1];
  const lastIndex = points.lastIndexOf(last);
  const delta = last.score - first.score;
  const label =
    scored.length === 1
      ? `Score ${formatScore(last.score)} on ${
          last.day
        }; the trend appears after a second day`
      : `Score trend over ${points.length} days: from ${formatScore(
          first.score,
        )} on ${first.day} to ${formatScore(last.score)} on ${last.day}`;

  return (
    <Box display="inline-flex" flexDirection="column" gridGap={2}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        style={{ overflow: 'visible' }}
      >
        <title>{label}</title>
        {[25, 50, 75].map(v => (
          <line
            key={v}
            x1={0}
            x2={width}
            y1={y(v)}
            y2={y(v)}
            stroke={theme.palette.divider}
            strokeDasharray="2 3"
          />
        ))}
        {segments.map((segment, i) => (
          <polyline
            key={i}
            points={segment}
            fill="none"
            stroke={theme.palette.primary.main}
            strokeWidth={2}
            strokeLinejoin="round"
            strokeLinecap="round"
          />
        ))}
        {points.map((p, i) =>
          typeof p.score === 'number' ? (
            <circle
              key={p.day}
              cx={x(i)}
              cy={y(p.score)}
              r={i === lastIndex ? 4 : 2}
              fill={
                i === lastIndex
                  ? scoreColor(theme, p.score, grading?.thresholds)
                  : theme.palette.primary.main
              }
            >
              <title>{`${p.day}: ${formatScore(p.score)}`}</title>
            </circle>
          ) : null,
        )}
      </svg>
      {caption && (
        <Typography variant="caption" color="textSecondary">
          {scored.length === 1
            ? `Since ${last.day}: trend after a second day`
            : `${
                delta === 0
                  ? '±0'
                  : `${delta > 0 ? '+' : '−'}${formatScore(Math.abs(delta))}`
              } since ${first.day}`}
        </Typography>
      )}
    </Box>
  );
}
