import { Link } from '@backstage/core-components';
import {
  HA_CATEGORIES,
  describeParameterAccepts,
  HaCheckInfo,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import InputAdornment from '@material-ui/core/InputAdornment';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import LinkIcon from '@material-ui/icons/Link';
import SearchIcon from '@material-ui/icons/Search';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useHaChecks } from '../../hooks/useHaClusters';
import { CATEGORY_LABELS, plural } from '../../lib/labels';
import { ErrorWithRetry } from '../ErrorWithRetry/ErrorWithRetry';
import { GradingSummary } from '../GradingSummary/GradingSummary';
import { HaSkeleton } from '../HaSkeleton/HaSkeleton';
import { InlineText } from '../InlineText/InlineText';
import { SeverityLabel } from '../SeverityLabel/SeverityLabel';

const useStyles = makeStyles(theme => ({
  check: {
    padding: theme.spacing(2),
    scrollMarginTop: '80px',
  },
  targeted: {
    borderColor: theme.palette.primary.main,
    boxShadow: `0 0 0 2px ${alpha(theme.palette.primary.main, 0.4)}`,
  },
  category: {
    scrollMarginTop: '80px',
  },
  id: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(13),
    color: theme.palette.text.secondary,
  },
  anchor: {
    color: theme.palette.text.secondary,
    display: 'inline-flex',
    verticalAlign: 'middle',
  },
  label: {
    fontSize: theme.typography.pxToRem(11),
    fontWeight: 700,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    color: theme.palette.text.secondary,
    marginTop: theme.spacing(1.5),
  },
  code: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
  },
  // Parameter names and defaults are identifiers: never broken mid-word, the description wraps instead.
  noWrap: {
    whiteSpace: 'nowrap',
  },
}));

function formatDefault(value: unknown): string {
  if (value === undefined) return '–';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function CheckEntry(props: { check: HaCheckInfo; targeted: boolean }) {
  const { check, targeted } = props;
  const classes = useStyles();
  return (
    <Paper
      variant="outlined"
      id={check.id}
      className={`${classes.check} ${targeted ? classes.targeted : ''}`}
      data-testid={`check-${check.id}`}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <Typography variant="h6" component="h3">
          {check.title}
        </Typography>
        <a
          href={`#${check.id}`}
          className={classes.anchor}
          aria-label={`Link to ${check.id}`}
        >
          <LinkIcon fontSize="small" />
        </a>
        <Box flex={1} />
        <SeverityLabel severity={check.configuredSeverity ?? check.severity} />
        {check.configuredSeverity && (
          <Chip
            size="small"
            variant="outlined"
            label={`default ${check.severity}`}
          />
        )}
        <Chip size="small" variant="outlined" label={`${check.scope} scope`} />
        {check.enabled === false && (
          <Chip size="small" label="disabled in config" />
        )}
      </Box>
      <div className={classes.id}>{check.id}</div>
      {check.appliesTo && check.appliesTo.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          Applies to {check.appliesTo.join(', ')}
        </Typography>
      )}
      <div className={classes.label}>Why it matters</div>
      <Typography variant="body2">
        <InlineText text={check.rationale} />
      </Typography>
      <div className={classes.label}>Remediation</div>
      <Typography variant="body2" style={{ whiteSpace: 'pre-wrap' }}>
        <InlineText text={check.remediation} />
      </Typography>
      {check.parameters.length > 0 && (
        <>
          <div className={classes.label}>Parameters</div>
          <Table size="small" aria-label={`Parameters of ${check.id}`}>
            <TableHead>
              <TableRow>
                <TableCell className={classes.noWrap}>Name</TableCell>
                <TableCell className={classes.noWrap}>Default</TableCell>
                <TableCell className={classes.noWrap}>Accepts</TableCell>
                <TableCell>Description</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {check.parameters.map(p => (
                <TableRow key={p.name}>
                  <TableCell className={`${classes.code} ${classes.noWrap}`}>
                    {p.name}
                  </TableCell>
                  <TableCell className={`${classes.code} ${classes.noWrap}`}>
                    {formatDefault(p.default)}
                  </TableCell>
                  <TableCell className={classes.noWrap}>
                    {describeParameterAccepts(p)}
                  </TableCell>
                  <TableCell>
                    <InlineText text={p.description} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {check.references.length > 0 && (
        <>
          <div className={classes.label}>References</div>
          <ul style={{ margin: 0, paddingLeft: 20 }}>
            {check.references.map(ref => (
              <li key={ref}>
                <Typography variant="body2">
                  <Link to={ref}>{ref}</Link>
                </Typography>
              </li>
            ))}
          </ul>
        </>
      )}
    </Paper>
  );
}

function matches(check: HaCheckInfo, query: string) {
  if (!query) return true;
  const q = query.toLocaleLowerCase('en-US');
  return [
    check.id,
    check.title,
    check.category,
    check.rationale,
    check.remediation,
  ].some(text => text.toLocaleLowerCase('en-US').includes(q));
}

/**
 * The check catalog: every check by category with rationale, remediation, parameters and
 * references. Each check has the anchor `#<check-id>`, each category `#<category>`.
 */
export function CheckCatalog() {
  const classes = useStyles();
  const { value, error, retry } = useHaChecks();
  const { hash } = useLocation();
  const [query, setQuery] = useState('');
  const target = decodeURIComponent(hash.replace(/^#/, ''));

  useEffect(() => {
    if (!value || !target) return;
    document.getElementById(target)?.scrollIntoView?.({ block: 'start' });
  }, [value, target]);

  const byCategory = useMemo(() => {
    const checks = (value?.items ?? []).filter(c => matches(c, query));
    return HA_CATEGORIES.map(category => ({
      category,
      checks: checks.filter(c => c.category === category),
    })).filter(g => g.checks.length > 0);
  }, [value, query]);

  if (error)
    return (
      <ErrorWithRetry
        error={error}
        onRetry={retry}
        title="Could not load the check catalog"
      />
    );
  if (!value) return <HaSkeleton variant="table" rows={6} />;

  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={16}>
        <TextField
          size="small"
          variant="outlined"
          placeholder="Search checks"
          value={query}
          onChange={e => setQuery(e.target.value)}
          inputProps={{ 'aria-label': 'Search checks' }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
        <Typography variant="body2" color="textSecondary">
          {plural(value.items.length, 'check')} in {HA_CATEGORIES.length}{' '}
          categories:{' '}
          {HA_CATEGORIES.map((c, i) => (
            <span key={c}>
              {i > 0 && ' · '}
              <a href={`#${c}`}>{CATEGORY_LABELS[c]}</a>
            </span>
          ))}
        </Typography>
      </Box>
      {query === '' && <GradingSummary />}
      {byCategory.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No check matches “{query}”.
        </Typography>
      )}
      {byCategory.map(({ category, checks }) => (
        <section
          key={category}
          id={category}
          className={classes.category}
          aria-label={CATEGORY_LABELS[category]}
        >
          <Typography variant="h5" component="h2" gutterBottom>
            {CATEGORY_LABELS[category]}{' '}
            <Typography component="span" variant="body2" color="textSecondary">
              ({category}, {plural(checks.length, 'check')})
            </Typography>
          </Typography>
          <Box display="flex" flexDirection="column" gridGap={12}>
            {checks.map(check => (
              <CheckEntry
                key={check.id}
                check={check}
                targeted={check.id === target}
              />
            ))}
          </Box>
        </section>
      ))}
    </Box>
  );
}
