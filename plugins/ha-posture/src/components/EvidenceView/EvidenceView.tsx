import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import { useState } from 'react';

const useStyles = makeStyles(theme => ({
  list: {
    display: 'grid',
    gridTemplateColumns: 'minmax(100px, max-content) 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    fontSize: theme.typography.pxToRem(13),
  },
  key: {
    color: theme.palette.text.secondary,
    fontWeight: 500,
    wordBreak: 'break-word',
  },
  value: {
    margin: 0,
    minWidth: 0,
    wordBreak: 'break-word',
  },
  code: {
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    padding: '1px 4px',
    borderRadius: 3,
    backgroundColor: theme.palette.action.hover,
  },
  items: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: 4,
    alignItems: 'center',
  },
}));

const MAX_ITEMS = 8;

/** "minReplicas" / "ready_pods" → "Min replicas" / "Ready pods". */
const ACRONYMS = new Set([
  'pv',
  'pvc',
  'hpa',
  'pdb',
  'dns',
  'cni',
  'api',
  'qos',
  'ip',
  'id',
]);

export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map(word => (ACRONYMS.has(word) ? word.toUpperCase() : word))
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Scalar(props: { value: unknown }) {
  const classes = useStyles();
  const { value } = props;
  if (value === null || value === undefined) return <em>none</em>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (typeof value === 'number') return <>{value}</>;
  return <code className={classes.code}>{String(value)}</code>;
}

function ListValue(props: { items: unknown[]; depth: number }) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const { items, depth } = props;
  if (items.length === 0) return <em>none</em>;
  const shown = expanded ? items : items.slice(0, MAX_ITEMS);
  const allScalar = items.every(i => i === null || typeof i !== 'object');
  return (
    <div className={allScalar ? classes.items : undefined}>
      {shown.map((item, i) =>
        allScalar ? (
          <Scalar key={i} value={item} />
        ) : (
          <Box key={i} mb={0.5} pl={1} borderLeft={2} borderColor="divider">
            <Value value={item} depth={depth + 1} />
          </Box>
        ),
      )}
      {items.length > MAX_ITEMS && (
        <Button size="small" onClick={() => setExpanded(e => !e)}>
          {expanded ? 'Show fewer' : `Show all ${items.length}`}
        </Button>
      )}
    </div>
  );
}

function Value(props: { value: unknown; depth: number }) {
  const { value, depth } = props;
  if (Array.isArray(value)) return <ListValue items={value} depth={depth} />;
  if (value && typeof value === 'object') {
    // An empty map is a finding too (e.g. nothing excluded): say so, as for an empty list.
    if (Object.values(value).every(v => v === undefined)) return <em>none</em>;
    if (depth > 3) return <Scalar value={JSON.stringify(value)} />;
    return (
      <EvidenceView
        evidence={value as Record<string, unknown>}
        depth={depth + 1}
      />
    );
  }
  return <Scalar value={value} />;
}

/**
 * The evidence behind a result (what the check saw), as a readable definition list: nested
 * objects indent, short lists become inline values, long ones collapse.
 */
export function EvidenceView(props: {
  evidence: Record<string, unknown>;
  depth?: number;
}) {
  const classes = useStyles();
  const entries = Object.entries(props.evidence).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return null;
  return (
    <dl className={classes.list}>
      {entries.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt className={classes.key}>{humanizeKey(key)}</dt>
          <dd className={classes.value}>
            <Value value={value} depth={props.depth ?? 0} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
