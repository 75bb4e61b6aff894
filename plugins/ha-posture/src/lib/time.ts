const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "5 minutes ago", "in 2 days"; "unknown" for a missing or invalid timestamp. */
export function relativeTime(
  iso: string | undefined,
  now = Date.now(),
): string {
  if (!iso) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 'unknown';
  const diff = time - now;
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') {
      if (unit === 'second' && Math.abs(diff) < 10_000) return 'just now';
      return format.format(Math.round(diff / ms), unit);
    }
  }
  return 'just now';
}

/** A full, local timestamp for tooltips. */
export function absoluteTime(iso: string | undefined): string {
  if (!iso) return 'never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time).toLocaleString('en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** Days until a YYYY-MM-DD date (inclusive end), negative once past. */
export function daysUntil(day: string, now = Date.now()): number | undefined {
  const time = Date.parse(`${day}T23:59:59Z`);
  if (Number.isNaN(time)) return undefined;
  return Math.ceil((time - now) / 86_400_000);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
