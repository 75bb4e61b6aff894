/**
 * How recent a scheduled backup must be. Velero schedules use robfig/cron syntax: standard 5-field
 * cron and descriptors (`@daily`), parsed with cron-parser, plus `@every <duration>` and a
 * `CRON_TZ=`/`TZ=` prefix, which cron-parser does not know and which are handled here.
 */
import { CronExpressionParser } from 'cron-parser';

const GO_DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Parses a Go duration (`6h`, `1h30m`, `90m`), as in `@every 6h`. Undefined when malformed or not positive. */
export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of trimmed.matchAll(
    /(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g,
  )) {
    total += Number(amount) * GO_DURATION_UNIT_MS[unit];
  }
  return total > 0 ? total : undefined;
}

/**
 * The oldest a backup may be at `now` before it counts as missed: `factor` schedule intervals
 * before now, anchored on the schedule's own runs so irregular schedules are fair. For cron
 * schedules that is the last run before now minus (factor - 1) times the gap to the run before
 * it: a weekday schedule judged on Monday before its run does not count the weekend as missed runs.
 * Undefined when the schedule cannot be parsed.
 */
export function backupDeadline(
  schedule: string,
  now: Date,
  factor: number,
): Date | undefined {
  const text = schedule.trim();
  // cron-parser reads an empty expression as "every minute"; Velero rejects it.
  if (text === '') return undefined;
  const every = /^@every\s+(\S+)$/.exec(text);
  if (every) {
    const interval = parseGoDuration(every[1]);
    return interval === undefined
      ? undefined
      : new Date(now.getTime() - factor * interval);
  }
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  try {
    const runs = CronExpressionParser.parse(tz ? tz[2] : text, {
      currentDate: now,
      tz: tz ? tz[1] : 'UTC',
    });
    const last = runs.prev().toDate();
    const before = runs.prev().toDate();
    const interval = last.getTime() - before.getTime();
    return new Date(last.getTime() - (factor - 1) * interval);
  } catch {
    return undefined;
  }
}
