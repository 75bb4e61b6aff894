import {
  entityCheckout,
  entityLegacyReports,
  ownerCheck,
  techInsightsChecks,
  techInsightsRunCart,
  techInsightsRunCheckout,
} from '../__fixtures__';
import { groupEntityResults } from './results';
import { achievedLevel, buildScorecard, isHaCheck, levelOf } from './scorecard';
import { compareStatus, worstStatus } from './status';
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

describe('status', () => {
  it('orders statuses worst first', () => {
    expect(worstStatus(['pass', 'unknown', 'warn'])).toBe('warn');
    expect(worstStatus([])).toBe('skipped');
    expect(compareStatus('fail', 'warn')).toBeLessThan(0);
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
