import { compareResults, HaResult } from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useMemo, useState } from 'react';
import { plural } from '../../lib/labels';
import { FindingItem } from '../FindingItem/FindingItem';

const QUIET = new Set(['pass', 'skipped']);
const EXPAND_ALL_UP_TO = 4;

export interface FindingListProps {
  results: HaResult[];
  showTarget?: boolean;
  /** Shown when there are no results at all. */
  emptyText?: string;
}

/**
 * Results worst first (fail, warn, unknown, then exempt) with severity as the tie-breaker;
 * passing and not-applicable checks fold behind a button so problems stay on top. With no
 * problem among the results (nothing wrong, or a filter that asked for passes) they are shown.
 */
export function FindingList(props: FindingListProps) {
  const {
    results,
    showTarget,
    emptyText = 'No results match the filters.',
  } = props;
  const [showQuietChoice, setShowQuiet] = useState(false);
  const sorted = useMemo(() => [...results].sort(compareResults), [results]);
  const loud = sorted.filter(r => !QUIET.has(r.status));
  const quiet = sorted.filter(r => QUIET.has(r.status));
  const passed = quiet.filter(r => r.status === 'pass').length;
  // Short lists show every detail; long ones keep warnings folded until opened.
  const expandAll = loud.length <= EXPAND_ALL_UP_TO;
  const skipped = quiet.length - passed;
  // Folding keeps problems on top; with none, it would only hide what there is to see.
  const foldQuiet = loud.length > 0;
  const showQuiet = !foldQuiet || showQuietChoice;

  if (results.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  const quietLabel = [
    passed ? plural(passed, 'passed check') : '',
    skipped ? `${skipped} not applicable` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      {loud.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          No problems found here.
        </Typography>
      )}
      {loud.map((result, i) => (
        <FindingItem
          key={`${result.checkId}-${i}`}
          result={result}
          showTarget={showTarget}
          defaultExpanded={
            expandAll || result.status === 'fail' || result.status === 'unknown'
          }
        />
      ))}
      {quiet.length > 0 && (
        <>
          {foldQuiet && (
            <Box>
              <Button
                size="small"
                onClick={() => setShowQuiet(s => !s)}
                aria-expanded={showQuiet}
              >
                {showQuiet ? `Hide ${quietLabel}` : `Show ${quietLabel}`}
              </Button>
            </Box>
          )}
          {showQuiet &&
            quiet.map((result, i) => (
              <FindingItem
                key={`${result.checkId}-q${i}`}
                result={result}
                showTarget={showTarget}
              />
            ))}
        </>
      )}
    </Box>
  );
}
