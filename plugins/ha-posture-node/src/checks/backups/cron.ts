/**
 * How recent a scheduled backup must be. Velero schedules use robfig/cron syntax: standard 5-field
 * cron and descriptors (`@daily`), parsed with cron-parser, plus `@every <duration>` and a
 * `CRON_TZ=`/`TZ=` prefix, which cron-parser does not know and which are handled here.
 */
import { CronExpressionParser } from 'cron-parser';

const GO_DURATION_UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  // Go accepts both the micro sign (U+00B5) and the Greek mu (U+03BC).
  '\u00b5s': 1e-3,
  '\u03bcs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** One term of a Go duration: a number with digits on at least one side of its optional point, and a unit. */
const GO_DURATION_TERM =
  '(\\d+\\.?\\d*|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)';
const GO_DURATION = new RegExp(`^([-+]?)((?:${GO_DURATION_TERM})+)$`);

/**
 * A Go duration in ms as time.ParseDuration reads it (`1m0s`, `1h30m`, `+5m`, `.5h`, `-1m`, `0s`,
 * or `0` alone, signed or not; no spaces), or undefined when malformed.
 */
export function goDurationMs(text: string): number | undefined {
  const parsed = GO_DURATION.exec(text);
  if (!parsed) return /^[-+]?0$/.test(text) ? 0 : undefined;
  let total = 0;
  for (const [, amount, unit] of parsed[2].matchAll(
    new RegExp(GO_DURATION_TERM, 'g'),
  ))
    total += Number(amount) * GO_DURATION_UNIT_MS[unit];
  return parsed[1] === '-' ? -total : total;
}

/** Parses a Go duration (`6h`, `1h30m`, `90m`), as in `@every 6h`. Undefined when malformed or not positive. */
export function parseGoDuration(text: string): number | undefined {
  const ms = goDurationMs(text);
  return ms !== undefined && ms > 0 ? ms : undefined;
}

/** robfig/cron descriptors (what Velero accepts besides `@every`), as 5-field expressions. */
const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A Velero schedule expression, read: a fixed interval, a cron expression in a time zone, or why it is invalid. */
type ParsedSchedule =
  | { every: number }
  | { cron: string; tz: string }
  | { error: string };

function validTimeZone(tz: string): boolean {
  try {
    return Intl.DateTimeFormat('en-US', { timeZone: tz }) !== undefined;
  } catch {
    return false;
  }
}

const MAX_PARSED_SCHEDULES = 1000;
const parsedSchedules = new Map<string, ParsedSchedule>();

/**
 * Reads a schedule as Velero does (robfig/cron `ParseStandard`): exactly five fields, or a
 * descriptor, optionally after `CRON_TZ=`/`TZ=`. cron-parser's extensions that robfig rejects
 * (a seconds field, `L`, `W`, `#`) are rejected here too.
 */
function parseSchedule(schedule: unknown): ParsedSchedule {
  if (typeof schedule !== 'string') return { error: 'no cron (spec.schedule)' };
  // A fleet has a few distinct schedule expressions, judged for every workload they reach.
  let parsed = parsedSchedules.get(schedule);
  if (!parsed) {
    if (parsedSchedules.size >= MAX_PARSED_SCHEDULES) parsedSchedules.clear();
    parsed = readSchedule(schedule);
    parsedSchedules.set(schedule, parsed);
  }
  return parsed;
}

/** robfig/cron reads days of the week 0-6 (Sunday only as 0), where cron-parser also takes 7. */
function dayOfWeekOutOfRange(field: string): boolean {
  return field.split(',').some(item =>
    item
      .split('/')[0]
      .split('-')
      .some(value => /^\d+$/.test(value) && Number(value) > 6),
  );
}

function readSchedule(schedule: string): ParsedSchedule {
  const invalid = { error: `an invalid cron ${JSON.stringify(schedule)}` };
  let text = schedule.trim();
  let tz = 'UTC';
  const prefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(text);
  if (prefix) {
    if (!validTimeZone(prefix[1])) return invalid;
    tz = prefix[1];
    text = prefix[2].trim();
  }
  // cron-parser reads an empty expression as "every minute"; Velero rejects it.
  if (text === '') return invalid;
  const every = /^@every\s+(\S+)$/.exec(text);
  if (every) {
    const interval = parseGoDuration(every[1]);
    return interval === undefined ? invalid : { every: interval };
  }
  const cron = text.startsWith('@') ? DESCRIPTORS[text.toLowerCase()] : text;
  if (cron === undefined || cron.split(/\s+/).length !== 5) return invalid;
  if (dayOfWeekOutOfRange(cron.split(/\s+/)[4])) return invalid;
  if (/#|(^|[\s,])(\d*L|\d+W|LW)(?=$|[\s,])/i.test(cron)) return invalid;
  try {
    CronExpressionParser.parse(cron, { currentDate: new Date(0), tz }).next();
  } catch {
    return invalid;
  }
  return { cron, tz };
}

/**
 * Why Velero cannot run the schedule expression (`an invalid cron "not a cron"`, `no cron
 * (spec.schedule)`), or undefined when it can.
 */
export function cronProblem(schedule: unknown): string | undefined {
  const parsed = parseSchedule(schedule);
  return 'error' in parsed ? parsed.error : undefined;
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
  const parsed = parseSchedule(schedule);
  if ('error' in parsed) return undefined;
  if ('every' in parsed) return new Date(now.getTime() - factor * parsed.every);
  try {
    const runs = CronExpressionParser.parse(parsed.cron, {
      currentDate: now,
      tz: parsed.tz,
    });
    const last = runs.prev().toDate();
    const before = runs.prev().toDate();
    const interval = last.getTime() - before.getTime();
    return new Date(last.getTime() - (factor - 1) * interval);
  } catch {
    return undefined;
  }
}

/** How many runs longestGap looks at, and the span after which it stops earlier. */
const GAP_RUNS = 64;
const GAP_SPAN_MS = 400 * 86_400_000;

/**
 * The longest time between two consecutive runs of the schedule from `from` on, in ms: the
 * interval of `@every`, else the longest gap among the next runs (up to 64 of them, within about
 * a year), so a weekday schedule's weekend and a monthly schedule's 31-day months count.
 * Undefined when the schedule cannot be parsed.
 */
export function longestGap(schedule: string, from: Date): number | undefined {
  const parsed = parseSchedule(schedule);
  if ('error' in parsed) return undefined;
  if ('every' in parsed) return parsed.every;
  try {
    const runs = CronExpressionParser.parse(parsed.cron, {
      currentDate: from,
      tz: parsed.tz,
    });
    const first = runs.next().getTime();
    let previous = first;
    let longest = 0;
    for (let i = 1; i < GAP_RUNS && previous - first < GAP_SPAN_MS; i++) {
      const run = runs.next().getTime();
      longest = Math.max(longest, run - previous);
      previous = run;
    }
    return longest > 0 ? longest : undefined;
  } catch {
    return undefined;
  }
}
