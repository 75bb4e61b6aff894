import { Theme } from '@material-ui/core/styles';
import {
  entityCheckout,
  entityLegacyReports,
  ownerCheck,
  techInsightsChecks,
  techInsightsRunCart,
  techInsightsRunCheckout,
} from '../__fixtures__';
import {
  DEFAULT_GRADE_THRESHOLDS,
  GradeThresholds,
  gradeOf,
} from '@ha-posture/plugin-ha-posture-common';
import { describeGradeCaps, gradeDescription } from './labels';
import { groupEntityResults } from './results';
import { achievedLevel, buildScorecard, isHaCheck, levelOf } from './scorecard';
import { compareStatus, scoreColor, worstStatus } from './status';
import { daysUntil, formatDuration, relativeTime } from './time';

describe('time', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it('formats relative times', () => {
    expect(relativeTime('2026-11-26T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-11-26T11:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-11-24T12:00:00Z', now)).toBe('2 days ago');
    expect(relativeTime(undefined, now)).toBe('never');
    expect(relativeTime('garbage', now)).toBe('unknown');
  });
  it('counts days to an expiry and formats durations', () => {
    expect(daysUntil('2026-11-30', now)).toBe(5);
    expect(daysUntil('2026-11-20', now)).toBeLessThan(0);
    expect(formatDuration(450)).toBe('450 ms');
    expect(formatDuration(15036)).toBe('15 s');
    expect(formatDuration(75_000)).toBe('1 min 15 s');
  });
});

describe('grade labels', () => {
  const configured = { A: 85, B: 70, C: 55, D: 30 };

  it('words each grade with the score range of the thresholds in force', () => {
    expect(gradeDescription('A', configured)).toBe(
      'Highly available (score 85 or more)',
    );
    expect(gradeDescription('B', configured)).toBe(
      'Mostly available (70 to under 85)',
    );
    expect(gradeDescription('C', configured)).toBe('Fragile (55 to under 70)');
    expect(gradeDescription('D', configured)).toBe('Weak (30 to under 55)');
    expect(gradeDescription('F', configured)).toBe(
      'Single points of failure (below 30)',
    );
    expect(gradeDescription('N/A', configured)).toBe(
      'Nothing could be evaluated',
    );
    expect(gradeDescription('B', DEFAULT_GRADE_THRESHOLDS)).toBe(
      'Mostly available (75 to under 90)',
    );
  });

  it('says "under": one-decimal scores just below a threshold keep the lower grade', () => {
    // 84.9 is a B with A at 85: "70 to 84" would leave it out.
    expect(gradeOf(84.9, configured)).toBe('B');
    expect(gradeOf(85, configured)).toBe('A');
    expect(gradeDescription(gradeOf(84.9, configured), configured)).toMatch(
      /under 85\)$/,
    );
  });

  it('gives the meaning alone without thresholds (loading, unavailable)', () => {
    expect(gradeDescription('A')).toBe('Highly available');
    expect(gradeDescription('F')).toBe('Single points of failure');
    expect(gradeDescription('N/A')).toBe('Nothing could be evaluated');
  });

  it('explains the configured caps in one sentence, most severe first', () => {
    expect(describeGradeCaps({ high: 'B', critical: 'D' })).toBe(
      'A failing critical check caps the grade at D, a failing high check at B.',
    );
    expect(describeGradeCaps({ medium: 'C' })).toBe(
      'A failing medium check caps the grade at C.',
    );
    expect(describeGradeCaps({})).toBeUndefined();
  });
});

describe('status', () => {
  it('orders statuses worst first', () => {
    expect(worstStatus(['pass', 'unknown', 'warn'])).toBe('warn');
    expect(worstStatus([])).toBe('skipped');
    expect(compareStatus('fail', 'warn')).toBeLessThan(0);
  });

  it('colours scores by the grade they get under the thresholds in force', () => {
    const theme = {
      palette: {
        status: { ok: 'ok', warning: 'warning', error: 'error' },
        warning: { dark: 'dark' },
        text: { disabled: 'grey' },
      },
    } as unknown as Theme;
    const colours = (thresholds?: GradeThresholds) =>
      [null, 80, 72, 59.9, 45, 10].map(s => scoreColor(theme, s, thresholds));
    expect(colours()).toEqual([
      'grey',
      'ok',
      'warning',
      'dark',
      'dark',
      'error',
    ]);
    expect(colours({ A: 85, B: 70, C: 55, D: 30 })).toEqual([
      'grey',
      'ok',
      'ok',
      'warning',
      'dark',
      'error',
    ]);
  });
});

describe('groupEntityResults', () => {
  it('puts each result under its workload and the DR checks at entity level', () => {
    const data = entityCheckout();
    const groups = groupEntityResults(data.report.results, data.workloads);
    expect(groups.entityLevel.map(r => r.checkId).sort()).toEqual([
      'dr-multi-cluster',
      'dr-multi-region',
    ]);
    expect(groups.byWorkload.map(r => r.length)).toEqual(
      data.workloads.map(w => w.report.results.length),
    );
  });

  it('keeps the entity exemptions the workload reports lack', () => {
    const data = entityLegacyReports();
    const groups = groupEntityResults(data.report.results, data.workloads);
    expect(
      groups.byWorkload[0].find(r => r.checkId === 'replicas-min-floor')!
        .status,
    ).toBe('exempt');
  });
});

describe('scorecard', () => {
  it('recognizes HA checks and their levels', () => {
    const checks = [...techInsightsChecks(), ownerCheck()];
    expect(checks.filter(isHaCheck)).toHaveLength(9);
    expect(
      isHaCheck({
        id: 'x',
        name: 'x',
        description: '',
        metadata: { haChecks: ['a'] },
      }),
    ).toBe(true);
    expect(levelOf(checks.find(c => c.id === 'ha-replicas')!)).toBe('bronze');
    expect(levelOf(ownerCheck())).toBe('other');
  });

  it('groups results by level and finds the level reached', () => {
    const checks = techInsightsChecks();
    const cart = buildScorecard(checks, techInsightsRunCart());
    expect(cart.map(l => [l.level, l.passed, l.rows.length])).toEqual([
      ['bronze', 2, 3],
      ['silver', 2, 3],
      ['gold', 2, 3],
    ]);
    expect(achievedLevel(cart)).toBeUndefined();
    expect(
      achievedLevel(buildScorecard(checks, techInsightsRunCheckout())),
    ).toBe('gold');
    const bronzeOnly = techInsightsRunCheckout().map(r =>
      r.check.id === 'ha-zone-spread' ? { ...r, result: false } : r,
    );
    expect(achievedLevel(buildScorecard(checks, bronzeOnly))).toBe('bronze');
  });
});
