import { InfoCard, Link } from '@backstage/core-components';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  compareResults,
  HA_CATEGORIES,
  HaEntityResponse,
  HaResult,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useEntityHaTabLink } from '../../hooks/useEntityHaTabLink';
import { useHaEntity } from '../../hooks/useHaEntity';
import { useHaLinks } from '../../hooks/useHaLinks';
import { HA_POSTURE_ANNOTATIONS, isHaPostureAvailable } from '../../lib/entity';
import { CATEGORY_LABELS } from '../../lib/labels';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { ScoreGauge } from '../ScoreGauge/ScoreGauge';
import { StatusChip } from '../StatusChip/StatusChip';
import { StatusIcon } from '../StatusChip/StatusIcon';

const useStyles = makeStyles(theme => ({
  finding: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(0.75, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  message: {
    display: '-webkit-box',
    WebkitLineClamp: 2,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  meta: {
    fontSize: theme.typography.pxToRem(12),
    color: theme.palette.text.secondary,
  },
}));

const WORST_COUNT = 3;

/** The worst findings: failing first, then warnings and unknowns, by severity. */
export function worstFindings(
  results: HaResult[],
  count = WORST_COUNT,
): HaResult[] {
  return results
    .filter(
      r => r.status === 'fail' || r.status === 'warn' || r.status === 'unknown',
    )
    .sort(compareResults)
    .slice(0, count);
}

function SummaryBody(props: { data: HaEntityResponse }) {
  const classes = useStyles();
  const links = useHaLinks();
  const { report } = props.data;
  const attention = HA_CATEGORIES.filter(c =>
    ['fail', 'warn', 'unknown'].includes(report.categories[c]?.status),
  );
  const worst = worstFindings(report.results);
  return (
    <Box display="flex" flexDirection="column" gridGap={12}>
      <ScoreGauge
        score={report.score}
        grade={report.grade}
        gradeCap={report.gradeCap}
        size="small"
      />
      {attention.length > 0 ? (
        <Box
          display="flex"
          flexWrap="wrap"
          gridGap={6}
          aria-label="Categories that need attention"
        >
          {attention.map(c => (
            <StatusChip
              key={c}
              status={report.categories[c].status}
              label={CATEGORY_LABELS[c]}
            />
          ))}
        </Box>
      ) : (
        <Typography variant="body2" color="textSecondary">
          Every category that applies passes.
        </Typography>
      )}
      <div>
        <Typography variant="subtitle2" gutterBottom>
          Worst findings
        </Typography>
        {worst.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            No failing, warning or unknown checks.
          </Typography>
        ) : (
          worst.map((r, i) => (
            <div className={classes.finding} key={`${r.checkId}-${i}`}>
              <StatusIcon status={r.status} fontSize="small" />
              <div>
                <Typography
                  variant="body2"
                  className={classes.message}
                  title={r.message}
                >
                  {r.message}
                </Typography>
                <div className={classes.meta}>
                  <Link to={links.check(r.checkId)}>{r.checkId}</Link> ·{' '}
                  {r.severity}
                  {r.target.kind !== 'Entity'
                    ? ` · ${r.target.cluster ? `${r.target.cluster} ` : ''}${
                        r.target.kind
                      } ${r.target.name}`
                    : ''}
                </div>
              </div>
            </div>
          ))
        )}
      </div>
    </Box>
  );
}

/** Overview card: score gauge, grade, the categories needing attention, the worst three findings. */
export function EntityHaSummaryCard() {
  const { entity } = useEntity();
  const available = isHaPostureAvailable(entity);
  const tabLink = useEntityHaTabLink(entity);
  if (!available) {
    return (
      <InfoCard title="HA posture">
        <MissingAnnotationEmptyState annotation={HA_POSTURE_ANNOTATIONS} />
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title="HA posture"
      deepLink={{ title: 'View HA details', link: tabLink }}
    >
      <SummaryContent />
    </InfoCard>
  );
}

function SummaryContent() {
  const { entity } = useEntity();
  const { value, error, retry } = useHaEntity(entity);
  if (error)
    return (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title="Could not load the HA report"
      />
    );
  if (!value) return <HaSkeleton variant="card" />;
  if (value.workloads.length === 0 && value.report.results.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No workloads of this entity were found in any cluster, so there is
        nothing to score yet.
      </Typography>
    );
  }
  return <SummaryBody data={value} />;
}
