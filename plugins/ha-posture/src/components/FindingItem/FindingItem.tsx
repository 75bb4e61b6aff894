import { Link } from '@backstage/core-components';
import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles, useTheme } from '@material-ui/core/styles';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState } from 'react';
import { useHaLinks } from '../../hooks/useHaLinks';
import { categoryLabel } from '../../lib/labels';
import { statusColor } from '../../lib/status';
import { daysUntil } from '../../lib/time';
import { EvidenceView } from '../EvidenceView/EvidenceView';
import { InlineText } from '../InlineText/InlineText';
import { SeverityLabel } from '../SeverityLabel/SeverityLabel';
import { StatusIcon } from '../StatusChip/StatusIcon';

const useStyles = makeStyles(theme => ({
  root: (props: { color: string }) => ({
    borderLeft: `4px solid ${props.color}`,
    borderRadius: theme.shape.borderRadius,
    backgroundColor: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 4,
    borderLeftColor: props.color,
    padding: theme.spacing(1, 1.5),
  }),
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
  },
  message: {
    flex: 1,
    minWidth: 0,
    fontWeight: 500,
    wordBreak: 'break-word',
  },
  meta: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: 2,
    color: theme.palette.text.secondary,
    fontSize: theme.typography.pxToRem(12),
  },
  checkId: {
    fontFamily: 'monospace',
  },
  section: {
    marginTop: theme.spacing(1),
  },
  sectionTitle: {
    fontSize: theme.typography.pxToRem(11),
    fontWeight: 700,
    textTransform: 'uppercase',
    letterSpacing: 0.5,
    color: theme.palette.text.secondary,
    marginBottom: 2,
  },
  note: (props: { color: string }) => ({
    padding: theme.spacing(0.75, 1),
    borderRadius: theme.shape.borderRadius,
    backgroundColor: alpha(props.color, 0.1),
    fontSize: theme.typography.pxToRem(13),
  }),
  remediation: {
    fontSize: theme.typography.pxToRem(13),
    whiteSpace: 'pre-wrap',
  },
}));

const EXEMPTION_SOURCES: Record<string, string> = {
  object: 'annotation on the Kubernetes object',
  entity: 'annotation on the catalog entity',
  config: 'rule in haPosture.exemptions.rules',
};

function expiryText(exemption: NonNullable<HaResult['exemption']>): string {
  if (!exemption.until) return 'no expiry';
  if (exemption.expired) {
    return `expired on ${exemption.until}: the exemption no longer applies`;
  }
  const days = daysUntil(exemption.until);
  if (days === undefined) return `until ${exemption.until}`;
  return `until ${exemption.until} (${
    days <= 0 ? 'ends today' : `${days} days left`
  })`;
}

function ExemptionNote(props: { result: HaResult }) {
  const { exemption } = props.result;
  if (!exemption) return null;
  const expiry = expiryText(exemption);
  const where = exemption.source
    ? EXEMPTION_SOURCES[exemption.source]
    : undefined;
  return (
    <>
      <strong>{exemption.expired ? 'Expired exemption' : 'Exempt'}:</strong>{' '}
      {exemption.reason}{' '}
      <em>
        ({expiry}
        {where ? `; ${where}` : ''})
      </em>
    </>
  );
}

export interface FindingItemProps {
  result: HaResult;
  /** Show remediation and evidence without a click (default: for fail, warn and unknown). */
  defaultExpanded?: boolean;
  /** Also show the target (cluster / kind / name), for lists that mix targets. */
  showTarget?: boolean;
}

/**
 * One check result: status, message, severity and check id; then why (unknown), the exemption,
 * the remediation, the evidence, and a link to the check's documentation.
 */
export function FindingItem(props: FindingItemProps) {
  const { result, showTarget } = props;
  const links = useHaLinks();
  const attention = ['fail', 'warn', 'unknown'].includes(result.status);
  const [expanded, setExpanded] = useState(props.defaultExpanded ?? attention);
  const color = statusColor(useTheme(), result.status);
  const classes = useStyles({ color });
  const hasEvidence =
    result.evidence && Object.keys(result.evidence).length > 0;
  const hasDetails = Boolean(result.remediation || hasEvidence);
  const target = result.target;

  return (
    <Box
      className={classes.root}
      data-testid={`finding-${result.checkId}`}
      data-status={result.status}
    >
      <div className={classes.header}>
        <StatusIcon
          status={result.status}
          fontSize="small"
          style={{ marginTop: 2 }}
        />
        <div className={classes.message}>
          <Typography
            variant="body2"
            component="div"
            className={classes.message}
          >
            {result.message}
          </Typography>
          <div className={classes.meta}>
            <SeverityLabel severity={result.severity} />
            <Link
              to={links.check(result.checkId)}
              className={classes.checkId}
              title="About this check"
            >
              {result.checkId}
            </Link>
            <span>{categoryLabel(result.category)}</span>
            {showTarget && (
              <span>
                {[
                  target.cluster,
                  target.apiGroup
                    ? `${target.kind} (${target.apiGroup})`
                    : target.kind,
                  target.namespace
                    ? `${target.namespace}/${target.name}`
                    : target.name,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            )}
          </div>
        </div>
        {hasDetails && (
          <IconButton
            size="small"
            onClick={() => setExpanded(e => !e)}
            aria-expanded={expanded}
            aria-label={expanded ? 'Hide details' : 'Show details'}
          >
            {expanded ? (
              <ExpandLessIcon fontSize="small" />
            ) : (
              <ExpandMoreIcon fontSize="small" />
            )}
          </IconButton>
        )}
      </div>

      {result.status === 'unknown' && (
        <div className={`${classes.section} ${classes.note}`}>
          <strong>Why unknown:</strong> this check could not be evaluated, so it
          is not scored. {unknownReason(result)}
        </div>
      )}
      {result.exemption && (
        <div className={`${classes.section} ${classes.note}`}>
          <ExemptionNote result={result} />
        </div>
      )}

      <Collapse in={expanded && hasDetails} unmountOnExit>
        {result.remediation && (
          <div className={classes.section}>
            <div className={classes.sectionTitle}>Remediation</div>
            <Typography
              variant="body2"
              component="div"
              className={classes.remediation}
            >
              <InlineText text={result.remediation} />
            </Typography>
          </div>
        )}
        {hasEvidence && (
          <div className={classes.section}>
            <div className={classes.sectionTitle}>Evidence</div>
            <EvidenceView evidence={result.evidence!} />
          </div>
        )}
        <div className={classes.section}>
          <Link to={links.check(result.checkId)} style={{ fontSize: 13 }}>
            About the {result.checkId} check: rationale, parameters and
            references
          </Link>
        </div>
      </Collapse>
    </Box>
  );
}

const FETCH_EXPLANATIONS: Record<string, (resource: string) => string> = {
  forbidden: resource =>
    `The collector is not allowed to list ${resource} (HTTP 403): grant it read access, e.g. with the ha-posture-reader ClusterRole.`,
  'not-installed': resource =>
    `This cluster does not serve ${resource}: the API or CRD is not installed.`,
  unreachable: () =>
    'The cluster did not answer (timeout, network error or server error). The next refresh retries.',
  error: resource =>
    `The cluster's answer for ${resource} could not be used (malformed objects or an unexpected response; the message says which). Nothing from it is trusted.`,
};

/** Why a result is unknown, beyond its message (from the evidence's fetch state). */
export function unknownReason(result: HaResult): string {
  const evidence = result.evidence ?? {};
  const fetch = typeof evidence.fetch === 'string' ? evidence.fetch : undefined;
  const resource =
    typeof evidence.resource === 'string' ? evidence.resource : 'this resource';
  const explain = fetch ? FETCH_EXPLANATIONS[fetch] : undefined;
  return explain ? explain(resource) : '';
}
