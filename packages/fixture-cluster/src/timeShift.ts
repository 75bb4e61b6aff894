/**
 * Time shifting: dumps are static, but served data must look live (leases
 * renewed seconds ago, backups hours ago). Every RFC3339 timestamp string in an
 * object is moved by the same whole-second delta (now − capturedAt), and so is
 * every timestamp in Go's time.Time.String() form (`2026-11-20 09:59:40.5 +0000
 * UTC`), even inside a string: Go programs write that form into the status
 * reports they keep in ConfigMaps (cluster-autoscaler-status), whose age checks
 * judge. RFC3339 text inside a string (kubectl's last-applied-configuration) is
 * left alone: it records what was applied, not when.
 *
 * To keep this cheap, an object's JSON is compiled once into a template (the
 * text between timestamps plus each timestamp's epoch seconds and fraction);
 * rendering for a delta only formats the timestamps and joins the pieces.
 */

/**
 * A complete JSON string value that is an RFC3339 timestamp (quotes included),
 * or Go's time.Time.String() anywhere (zone offset, then its abbreviation).
 */
const TIMESTAMP =
  /"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})"|(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})? ([+-]\d{2})(\d{2}) [A-Z]{3,5}\b/g;

export type ShiftTemplate = {
  /** Text around the timestamps; `parts.length === seconds.length + 1`. */
  parts: string[];
  /** Each timestamp as whole epoch seconds (UTC). */
  seconds: number[];
  /** Each timestamp's fractional part as written ('' or '.123456'), kept verbatim. */
  fractions: string[];
  /** Each timestamp's form: a JSON string in RFC3339, or Go's String() inside text. */
  forms: Array<'rfc3339' | 'go'>;
};

export function compileTemplate(json: string): ShiftTemplate {
  const parts: string[] = [];
  const seconds: number[] = [];
  const fractions: string[] = [];
  const forms: ShiftTemplate['forms'] = [];
  let last = 0;
  for (const m of json.matchAll(TIMESTAMP)) {
    const go = m[4] !== undefined;
    const ms = go
      ? Date.parse(`${m[4]}T${m[5]}${m[7]}:${m[8]}`)
      : Date.parse(`${m[1]}${m[3]}`);
    if (Number.isNaN(ms)) continue;
    parts.push(json.slice(last, m.index));
    seconds.push(Math.floor(ms / 1000));
    fractions.push((go ? m[6] : m[2]) ?? '');
    forms.push(go ? 'go' : 'rfc3339');
    last = m.index! + m[0].length;
  }
  parts.push(json.slice(last));
  return { parts, seconds, fractions, forms };
}

/**
 * Shifted seconds → 'YYYY-MM-DDTHH:MM:SS'. Objects share many timestamps, and
 * formatting dates dominates rendering, so formats are memoized per delta.
 */
const formatted = { delta: NaN, bySecond: new Map<number, string>() };
const MAX_MEMO = 100_000;

function formatSecond(seconds: number, deltaSeconds: number): string {
  if (formatted.delta !== deltaSeconds || formatted.bySecond.size > MAX_MEMO) {
    formatted.delta = deltaSeconds;
    formatted.bySecond.clear();
  }
  let s = formatted.bySecond.get(seconds);
  if (s === undefined) {
    s = new Date((seconds + deltaSeconds) * 1000).toISOString().slice(0, 19);
    formatted.bySecond.set(seconds, s);
  }
  return s;
}

/** Renders the template with every timestamp moved by `deltaSeconds` (output in UTC, in the form it was written). */
export function renderTemplate(t: ShiftTemplate, deltaSeconds: number): string {
  let out = t.parts[0];
  for (let i = 0; i < t.seconds.length; i++) {
    const at = formatSecond(t.seconds[i], deltaSeconds);
    out +=
      t.forms[i] === 'go'
        ? `${at.replace('T', ' ')}${t.fractions[i]} +0000 UTC`
        : `"${at}${t.fractions[i]}Z"`;
    out += t.parts[i + 1];
  }
  return out;
}

/**
 * The shift to apply at `nowMs`, in whole seconds; 0 when shifting is off or
 * the capture time is unknown.
 */
export function shiftSeconds(
  capturedAtMs: number | undefined,
  nowMs: number,
): number {
  if (capturedAtMs === undefined) return 0;
  return Math.floor(nowMs / 1000) - Math.floor(capturedAtMs / 1000);
}

/**
 * An object's serialized JSON, shifted and cached per delta: repeated requests
 * within the same second reuse the string.
 */
export class ShiftedJson {
  private readonly template: ShiftTemplate;
  private cachedDelta = 0;
  private cached = '';

  constructor(private readonly json: string) {
    this.template = compileTemplate(json);
  }

  /** Delta 0 (no shift) returns the original text untouched. */
  render(deltaSeconds: number): string {
    if (deltaSeconds === 0 || this.template.seconds.length === 0) {
      return this.json;
    }
    if (deltaSeconds !== this.cachedDelta) {
      this.cached = renderTemplate(this.template, deltaSeconds);
      this.cachedDelta = deltaSeconds;
    }
    return this.cached;
  }
}
