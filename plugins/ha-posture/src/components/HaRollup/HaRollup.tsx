import { Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { HaSummaryGroup } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import { useHaLinks } from '../../hooks/useHaLinks';
import { useHaSummary } from '../../hooks/useHaSummary';
import { scoreColor } from '../../lib/status';
import { useHaGrading } from '../../hooks/useHaGrading';
import { BigFigure } from '../BigFigure/BigFigure';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { GradeBadge } from '../GradeBadge/GradeBadge';
import { GradeDistribution } from '../GradeDistribution/GradeDistribution';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'grid',
    gridTemplateColumns: '28px minmax(0, 1fr) 150px 88px',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(0.75, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  bar: {
    height: 8,
    borderRadius: 4,
    backgroundColor: theme.palette.action.hover,
    overflow: 'hidden',
  },
}));

const SHOWN = 8;

function ScoreBar(props: { score: number | null }) {
  const classes = useStyles();
  const theme = useTheme();
  const grading = useHaGrading();
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <div className={classes.bar} style={{ flex: 1 }} aria-hidden>
        <div
          style={{
            width: `${props.score ?? 0}%`,
            height: '100%',
            backgroundColor: scoreColor(
              theme,
              props.score,
              grading?.thresholds,
            ),
          }}
        />
      </div>
      <Typography variant="body2" style={{ minWidth: 32, textAlign: 'right' }}>
        {props.score ?? '–'}
      </Typography>
    </Box>
  );
}

function RollupBody(props: { group: HaSummaryGroup }) {
  const { group } = props;
  const classes = useStyles();
  const links = useHaLinks();
  const [all, setAll] = useState(false);
  const shown = all ? group.entities : group.entities.slice(0, SHOWN);
  return (
    <Box display="flex" flexDirection="column" gridGap={12}>
      <Box display="flex" gridGap={24} flexWrap="wrap" alignItems="baseline">
        <BigFigure
          value={group.averageScore ?? 'N/A'}
          caption="average score"
        />
        <BigFigure value={group.worstScore ?? 'N/A'} caption="worst score" />
        <BigFigure
          value={group.count}
          caption={group.count === 1 ? 'entity' : 'entities'}
        />
      </Box>
      <GradeDistribution grades={group.grades} />
      <div role="list" aria-label="Entities, worst first by grade">
        {shown.map(e => (
          <div className={classes.row} role="listitem" key={e.entityRef}>
            <GradeBadge grade={e.grade} cap={e.gradeCap} size="small" />
            <Box
              minWidth={0}
              overflow="hidden"
              textOverflow="ellipsis"
              whiteSpace="nowrap"
            >
              <EntityRefLink entityRef={e.entityRef} defaultKind="component" />
            </Box>
            <ScoreBar score={e.score} />
            <Typography
              variant="body2"
              color={e.failing ? 'error' : 'textSecondary'}
              style={{ whiteSpace: 'nowrap' }}
            >
              {e.failing ? `${e.failing} failing` : 'none failing'}
            </Typography>
          </div>
        ))}
      </div>
      {group.entities.length > SHOWN && (
        <Box>
          <Button size="small" onClick={() => setAll(a => !a)}>
            {all ? 'Show the worst only' : `Show all ${group.entities.length}`}
          </Button>
        </Box>
      )}
      {group.failingChecks.length > 0 && (
        <div>
          <Typography variant="subtitle2" gutterBottom>
            Most frequent failing checks
          </Typography>
          <Box display="flex" flexWrap="wrap" gridGap={6}>
            {group.failingChecks.slice(0, 6).map(c => (
              <Link
                key={c.checkId}
                to={links.check(c.checkId)}
                underline="none"
              >
                <Chip
                  size="small"
                  variant="outlined"
                  clickable
                  label={`${c.checkId} × ${c.count}`}
                />
              </Link>
            ))}
          </Box>
        </div>
      )}
    </Box>
  );
}

/**
 * The HA roll-up of one group of `GET /summary` (an owner, a system or a cluster): average and
 * worst score, grade distribution, entities worst first, most frequent failing checks.
 */
export function HaRollup(props: {
  groupBy: 'owner' | 'system' | 'cluster';
  groupKey: string;
  /** What the entities have in common, for the empty state: `owned by this group`. */
  what: string;
}) {
  const { value, error, retry, loading } = useHaSummary(
    props.groupBy,
    props.groupKey,
  );
  if (error) {
    return (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title="Could not load the HA roll-up"
      />
    );
  }
  if (loading && value === undefined) {
    return <HaSkeleton variant="table" rows={4} bare />;
  }
  if (!value || value.entities.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No entities {props.what} have an HA report yet. Entities need the
        backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector
        annotation, and show up after the next refresh.
      </Typography>
    );
  }
  return <RollupBody group={value} />;
}
