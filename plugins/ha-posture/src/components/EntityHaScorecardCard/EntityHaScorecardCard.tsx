import { InfoCard, Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import { useHaLinks } from '../../hooks/useHaLinks';
import { useHaScorecard } from '../../hooks/useHaScorecard';
import {
  achievedLevel,
  haChecksOf,
  Level,
  ScorecardLevel,
  ScorecardRow,
} from '../../lib/scorecard';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { StatusIcon } from '../StatusChip/StatusIcon';

const LEVEL_COLORS: Record<Level, string> = {
  bronze: '#b0793c',
  silver: '#9aa3ad',
  gold: '#d4a017',
  other: '#7a7a7a',
};
const LEVEL_TITLES: Record<Level, string> = {
  bronze: 'Bronze',
  silver: 'Silver',
  gold: 'Gold',
  other: 'Other',
};

const useStyles = makeStyles(theme => ({
  level: {
    marginTop: theme.spacing(2),
  },
  medal: {
    width: 12,
    height: 12,
    borderRadius: '50%',
    display: 'inline-block',
  },
  row: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    padding: theme.spacing(1, 0),
    borderTop: `1px solid ${theme.palette.divider}`,
  },
  links: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1.5),
    fontSize: theme.typography.pxToRem(12),
    marginTop: 2,
  },
  code: {
    fontFamily: 'monospace',
  },
}));

function CheckRow(props: { row: ScorecardRow }) {
  const { check, outcome } = props.row;
  const classes = useStyles();
  const links = useHaLinks();
  return (
    <div
      className={classes.row}
      data-testid={`scorecard-${check.id}`}
      data-outcome={outcome}
    >
      <StatusIcon status={outcome} fontSize="small" style={{ marginTop: 2 }} />
      <Box minWidth={0}>
        <Typography variant="body2" style={{ fontWeight: 500 }}>
          {check.name}
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {check.description}
        </Typography>
        {outcome === 'unknown' && (
          <Typography variant="caption" color="textSecondary" component="div">
            Not evaluated: Tech Insights has no facts for this entity yet (fact
            retrievers run on their own schedule).
          </Typography>
        )}
        <div className={classes.links}>
          {(check.links ?? []).map(link => (
            <Link key={link.url} to={link.url}>
              {link.title}
            </Link>
          ))}
          {haChecksOf(check).map(id => (
            <Link key={id} to={links.check(id)} className={classes.code}>
              {id}
            </Link>
          ))}
        </div>
      </Box>
    </div>
  );
}

function LevelSection(props: { level: ScorecardLevel }) {
  const { level } = props;
  const classes = useStyles();
  return (
    <section
      className={classes.level}
      aria-label={`${LEVEL_TITLES[level.level]} checks`}
    >
      <Box display="flex" alignItems="center" gridGap={8}>
        <span
          className={classes.medal}
          style={{ backgroundColor: LEVEL_COLORS[level.level] }}
        />
        <Typography variant="subtitle2">{LEVEL_TITLES[level.level]}</Typography>
        <Typography variant="body2" color="textSecondary">
          {level.passed} of {level.rows.length} passed
        </Typography>
      </Box>
      {level.rows.map(row => (
        <CheckRow key={row.check.id} row={row} />
      ))}
    </section>
  );
}

function Headline(props: { levels: ScorecardLevel[] }) {
  const theme = useTheme();
  const achieved = achievedLevel(props.levels);
  const total = props.levels.reduce((n, l) => n + l.rows.length, 0);
  const passed = props.levels.reduce((n, l) => n + l.passed, 0);
  const unevaluated = props.levels.reduce(
    (n, l) => n + l.rows.filter(r => r.outcome === 'unknown').length,
    0,
  );
  // Before the fact retriever's first run nothing is evaluated: that is not a failed level.
  if (unevaluated === total) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not evaluated yet: Tech Insights has no HA facts for this entity (its
        fact retriever runs on its own schedule).
      </Typography>
    );
  }
  return (
    <Box display="flex" alignItems="center" gridGap={12} flexWrap="wrap">
      <Box
        px={1.5}
        py={0.5}
        borderRadius={16}
        style={{
          backgroundColor: achieved
            ? LEVEL_COLORS[achieved]
            : theme.palette.action.selected,
          color: achieved ? '#fff' : theme.palette.text.primary,
          fontWeight: 600,
        }}
      >
        {achieved
          ? `${LEVEL_TITLES[achieved]} level reached`
          : 'Bronze level not reached yet'}
      </Box>
      <Typography variant="body2" color="textSecondary">
        {passed} of {total} checks pass
        {unevaluated > 0 ? ` (${unevaluated} not evaluated)` : ''}
      </Typography>
    </Box>
  );
}

/**
 * The entity's HA scorecard from Tech Insights: the HA checks (bronze, silver, gold) run for the
 * entity, each with pass/fail, description and links.
 */
export function EntityHaScorecardCard(props: { title?: string }) {
  const { entity } = useEntity();
  const [all, setAll] = useState(false);
  const { value, error, retry } = useHaScorecard(entity, all);

  let content: JSX.Element;
  if (error) {
    content = (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title="Could not run the Tech Insights checks"
      />
    );
  } else if (!value) {
    content = <HaSkeleton variant="table" rows={3} bare />;
  } else if (value.checks.length === 0) {
    content = (
      <Typography variant="body2" color="textSecondary">
        {all
          ? 'Tech Insights has no checks configured.'
          : 'Tech Insights has no HA checks: include the HA checks file of the HA Posture Tech Insights module under techInsights.factChecker.checks.'}
      </Typography>
    );
  } else {
    content = (
      <>
        <Headline levels={value.levels} />
        {value.levels.map(level => (
          <LevelSection key={level.level} level={level} />
        ))}
      </>
    );
  }
  return (
    <InfoCard
      title={props.title ?? 'HA scorecard'}
      subheader="Tech Insights checks"
      action={
        <FormControlLabel
          control={
            <Switch
              size="small"
              checked={all}
              onChange={(_, checked) => setAll(checked)}
            />
          }
          label={<Typography variant="caption">All checks</Typography>}
        />
      }
    >
      {content}
    </InfoCard>
  );
}
