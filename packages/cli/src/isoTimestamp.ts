/**
 * Strict ISO 8601 timestamps for `--now` and `capturedAt` in clusters.yaml. `Date.parse` alone
 * accepts far too much ("5", "March 3", "2025-02-30", local times): a typo would silently move
 * the clock every age is measured against.
 */

/**
 * A calendar date, optionally with a time of day, which then needs `Z` or an offset (a time
 * without a zone means a different instant on every machine). Seconds and up to 9 fraction
 * digits (what Kubernetes writes) are optional.
 */
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why `value` is not a strict ISO 8601 timestamp, or the instant it names (ISO 8601, UTC). */
export type IsoTimestampReading =
  | { iso: string; problem?: undefined }
  | { iso?: undefined; problem: string };

/**
 * Reads `2025-01-15T10:00:00Z`, `2025-01-15T10:00:00.123+02:00`, `2025-01-15T10:00Z` or a date
 * alone (`2025-01-15`, midnight UTC); anything else is a problem saying why.
 */
export function readIsoTimestamp(value: string): IsoTimestampReading {
  const match = ISO_TIMESTAMP.exec(value);
  if (!match)
    return {
      problem:
        'write it as 2025-01-15T10:00:00Z (a time with Z or an offset) or 2025-01-15',
    };
  const [, year, month, day, hour, minute, second, , zone] = match;
  if (hour !== undefined && zone === undefined)
    return {
      problem:
        'a time without a zone is ambiguous: add Z (UTC) or an offset such as +02:00',
    };
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
    return { problem: `${year}-${month}-${day} is not a calendar date` };
  if (
    Number(hour ?? 0) > 23 ||
    Number(minute ?? 0) > 59 ||
    Number(second ?? 0) > 59
  )
    return { problem: 'the time of day is out of range' };
  if (zone && zone !== 'Z') {
    const [offsetHours, offsetMinutes] = zone.slice(1).split(':').map(Number);
    if (offsetHours > 23 || offsetMinutes > 59)
      return { problem: `the offset ${zone} is out of range` };
  }
  const time = Date.parse(value);
  // Defensive: every value that passed the checks above is one Date.parse reads.
  if (Number.isNaN(time)) return { problem: 'not a representable time' };
  return { iso: new Date(time).toISOString() };
}
