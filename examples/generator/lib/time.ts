/**
 * Timestamps relative to a cluster's `capturedAt`. Durations are written like
 * '400d', '3h', '2h5m', '45s' (days, hours, minutes, seconds; summed).
 */
export type Duration = string | number;

export function seconds(d: Duration): number {
  if (typeof d === 'number') return d;
  const re = /(\d+)([dhms])/g;
  let total = 0;
  let matched = '';
  for (const m of d.matchAll(re)) {
    const n = Number(m[1]);
    total +=
      m[2] === 'd'
        ? n * 86400
        : m[2] === 'h'
        ? n * 3600
        : m[2] === 'm'
        ? n * 60
        : n;
    matched += m[0];
  }
  if (matched !== d) throw new Error(`bad duration '${d}'`);
  return total;
}

/** RFC3339 without fractional seconds (as the API server writes metav1.Time). */
export function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** RFC3339 with microseconds (metav1.MicroTime, used by Leases). */
export function isoMicro(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(
    6,
    '0',
  )}Z`;
}
