import {
  backupDeadline,
  cronProblem,
  goDurationMs,
  longestGap,
  parseGoDuration,
} from './cron';

describe('backup schedule intervals', () => {
  const now = new Date('2024-06-01T12:00:00Z');

  it('rejects day-of-week 7, which robfig/cron (Velero) reads as out of range', () => {
    for (const cron of ['0 3 * * 7', '0 3 * * 1-7', '0 3 * * 0,7'])
      expect(cronProblem(cron)).toBe(`an invalid cron ${JSON.stringify(cron)}`);
    for (const cron of ['0 3 * * 0', '0 3 * * 1-5', '0 3 * * */7'])
      expect(cronProblem(cron)).toBeUndefined();
  });

  it('parses Go durations as used by @every', () => {
    expect(parseGoDuration('6h')).toBe(6 * 3_600_000);
    expect(parseGoDuration('1h30m')).toBe(90 * 60_000);
    expect(parseGoDuration('0s')).toBeUndefined();
    expect(parseGoDuration('six hours')).toBeUndefined();
  });

  it('reads zero Go durations too, as validation frequencies use them', () => {
    expect(goDurationMs('1m0s')).toBe(60_000);
    expect(goDurationMs('0s')).toBe(0);
    expect(goDurationMs('0')).toBe(0);
    expect(goDurationMs('1')).toBeUndefined();
    expect(goDurationMs('')).toBeUndefined();
  });

  it('reads Go durations as time.ParseDuration does: signs, bare points, both micro signs, no spaces', () => {
    expect(goDurationMs('+5m')).toBe(5 * 60_000);
    expect(goDurationMs('-1m')).toBe(-60_000);
    expect(goDurationMs('.5h')).toBe(30 * 60_000);
    expect(goDurationMs('1.h')).toBe(3_600_000);
    expect(goDurationMs('1\u00b5s')).toBe(1e-3);
    expect(goDurationMs('1\u03bcs')).toBe(1e-3);
    expect(goDurationMs('-0')).toBe(0);
    for (const malformed of [' 5m', '5m ', '.h', '+', '5 m', '1d'])
      expect(goDurationMs(malformed)).toBeUndefined();
  });

  it('anchors the deadline on the last run: factor × interval back', () => {
    expect(backupDeadline('0 2 * * *', now, 2)?.toISOString()).toBe(
      '2024-05-31T02:00:00.000Z',
    );
    // A run due exactly now has not produced a backup yet: the last run counted is 06:00.
    expect(backupDeadline('0 */6 * * *', now, 2)?.toISOString()).toBe(
      '2024-06-01T00:00:00.000Z',
    );
    expect(backupDeadline('@every 12h', now, 2)?.toISOString()).toBe(
      '2024-05-31T12:00:00.000Z',
    );
  });

  it('honours a CRON_TZ prefix', () => {
    // 02:00 in Tokyo is 17:00 UTC the day before.
    expect(
      backupDeadline('CRON_TZ=Asia/Tokyo 0 2 * * *', now, 1)?.toISOString(),
    ).toBe('2024-05-31T17:00:00.000Z');
  });

  it('returns undefined for schedules it cannot parse', () => {
    expect(backupDeadline('every day', now, 2)).toBeUndefined();
    expect(backupDeadline('@every soon', now, 2)).toBeUndefined();
    expect(backupDeadline('', now, 2)).toBeUndefined();
  });

  it('reads the descriptors robfig/cron knows, @midnight included', () => {
    expect(backupDeadline('@midnight', now, 2)?.toISOString()).toBe(
      '2024-05-31T00:00:00.000Z',
    );
  });

  it('says why Velero cannot run a schedule expression', () => {
    for (const valid of [
      '0 2 * * *',
      '*/15 * * * *',
      '0 2 * JUL WED',
      '@daily',
      '@midnight',
      '@every 6h',
      'CRON_TZ=Asia/Tokyo 0 2 * * *',
      'TZ=UTC @hourly',
    ])
      expect({ valid, problem: cronProblem(valid) }).toEqual({
        valid,
        problem: undefined,
      });
    for (const invalid of [
      'not a cron',
      '61 25 * * *',
      '',
      '   ',
      '0 0 2 * * *',
      '0 2 L * *',
      '0 2 * * 5#3',
      '@minutely',
      '@every soon',
      'CRON_TZ=Mars/Olympus 0 2 * * *',
    ])
      expect(cronProblem(invalid)).toBe(
        `an invalid cron ${JSON.stringify(invalid)}`,
      );
    expect(cronProblem(undefined)).toBe('no cron (spec.schedule)');
  });

  it('finds the longest time between two runs', () => {
    const hours = (schedule: string) =>
      (longestGap(schedule, now) ?? NaN) / 3_600_000;
    expect(hours('0 2 * * *')).toBe(24);
    expect(hours('0 2 * * 0')).toBe(168);
    // The weekend of a weekday schedule, the 31-day months of a monthly one.
    expect(hours('0 2 * * 1-5')).toBe(72);
    expect(hours('0 2 1 * *')).toBe(31 * 24);
    expect(hours('@every 90m')).toBe(1.5);
    expect(longestGap('not a cron', now)).toBeUndefined();
  });
});
