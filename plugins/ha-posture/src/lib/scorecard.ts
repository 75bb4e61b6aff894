import {
  TechInsightsCheck,
  TechInsightsCheckResult,
} from '../api/TechInsightsApi';

export const LEVELS = ['bronze', 'silver', 'gold'] as const;
export type Level = (typeof LEVELS)[number] | 'other';

/** An HA check: id prefix `ha-`, or HA metadata (`haChecks` or `level`). */
export function isHaCheck(check: TechInsightsCheck): boolean {
  const metadata = check.metadata ?? {};
  return (
    check.id.startsWith('ha-') || 'haChecks' in metadata || 'level' in metadata
  );
}

export function levelOf(check: TechInsightsCheck): Level {
  const level = String(check.metadata?.level ?? '').toLocaleLowerCase('en-US');
  return (LEVELS as readonly string[]).includes(level)
    ? (level as Level)
    : 'other';
}

export function haChecksOf(check: TechInsightsCheck): string[] {
  const ids = check.metadata?.haChecks;
  return Array.isArray(ids)
    ? ids.filter((id): id is string => typeof id === 'string')
    : [];
}

/** A check with its outcome: `pass`, `fail`, or `unknown` when it did not run (no facts yet). */
export interface ScorecardRow {
  check: TechInsightsCheck;
  outcome: 'pass' | 'fail' | 'unknown';
}

export interface ScorecardLevel {
  level: Level;
  rows: ScorecardRow[];
  passed: number;
}

/** Groups the checks by level (bronze, silver, gold, then others), results matched by check id. */
export function buildScorecard(
  checks: TechInsightsCheck[],
  results: TechInsightsCheckResult[],
): ScorecardLevel[] {
  const byId = new Map(results.map(r => [r.check.id, r]));
  const rows: ScorecardRow[] = checks.map(check => {
    const result = byId.get(check.id);
    if (!result) return { check, outcome: 'unknown' };
    // Prefer the run's check (its metadata/links may carry success/failure metadata).
    return {
      check: { ...check, ...result.check },
      outcome: result.result === true ? 'pass' : 'fail',
    };
  });
  return ([...LEVELS, 'other'] as Level[])
    .map(level => {
      const inLevel = rows.filter(r => levelOf(r.check) === level);
      return {
        level,
        rows: inLevel,
        passed: inLevel.filter(r => r.outcome === 'pass').length,
      };
    })
    .filter(l => l.rows.length > 0);
}

/** The highest level whose checks, and those of every lower level, all pass. */
export function achievedLevel(levels: ScorecardLevel[]): Level | undefined {
  let achieved: Level | undefined;
  for (const level of LEVELS) {
    const entry = levels.find(l => l.level === level);
    if (!entry) continue;
    if (entry.passed !== entry.rows.length) break;
    achieved = level;
  }
  return achieved;
}
