import {
  HA_CATEGORIES,
  HaCategory,
  HaCategorySummary,
  HaStatusCounts,
} from '@ha-posture/plugin-ha-posture-common';
import Box from '@material-ui/core/Box';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../lib/labels';
import { StatusChip } from '../StatusChip/StatusChip';

/** "2 fail · 1 warn" (problems first); "4 pass" when all is well; "n/a" when nothing applies. */
export function countsText(counts: Partial<HaStatusCounts>): string {
  const parts: string[] = [];
  for (const status of ['fail', 'warn', 'unknown'] as const) {
    if (counts[status]) parts.push(`${counts[status]} ${status}`);
  }
  if (parts.length === 0 && counts.pass) parts.push(`${counts.pass} pass`);
  if (counts.exempt) parts.push(`${counts.exempt} exempt`);
  return parts.length ? parts.join(' · ') : 'n/a';
}

function tooltip(category: HaCategory, summary: HaCategorySummary) {
  const counts = Object.entries(summary.counts)
    .filter(([, n]) => n > 0)
    .map(
      ([status, n]) =>
        `${n} ${STATUS_LABELS[status as keyof HaStatusCounts].toLowerCase()}`,
    )
    .join(', ');
  return (
    <>
      <strong>{CATEGORY_LABELS[category]}</strong>:{' '}
      {STATUS_LABELS[summary.status]}
      {summary.score !== null ? ` (score ${summary.score})` : ''}
      <br />
      {counts || 'no checks applied'}
    </>
  );
}

export interface CategoryChipsProps {
  categories: Partial<Record<HaCategory, HaCategorySummary>>;
  /** Only these categories (default: all twelve, in order). */
  only?: HaCategory[];
  selected?: HaCategory;
  /** Makes the chips filter toggles. */
  onSelect?: (category: HaCategory | undefined) => void;
}

/** The twelve HA categories, each a status chip with its counts, in the contract's order. */
export function CategoryChips(props: CategoryChipsProps) {
  const { categories, only, selected, onSelect } = props;
  const list = (only ?? HA_CATEGORIES).filter(c => categories[c]);
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="list"
      aria-label="HA categories"
    >
      {list.map(category => {
        const summary = categories[category]!;
        return (
          <div role="listitem" key={category} data-category={category}>
            <StatusChip
              status={summary.status}
              size="medium"
              label={
                <span>
                  <strong>{CATEGORY_LABELS[category]}</strong>
                  <span style={{ opacity: 0.8 }}>
                    {' '}
                    · {countsText(summary.counts)}
                  </span>
                </span>
              }
              tooltip={tooltip(category, summary)}
              selected={
                onSelect
                  ? selected === undefined || selected === category
                  : undefined
              }
              onClick={
                onSelect
                  ? () => onSelect(selected === category ? undefined : category)
                  : undefined
              }
            />
          </div>
        );
      })}
    </Box>
  );
}
