/**
 * Exemptions: `ha-posture.io/exempt-<checkId>: "<reason>[; until=YYYY-MM-DD]"` on a catalog entity
 * or on the Kubernetes object a result is about. An applied exemption turns a fail/warn/unknown
 * result into `exempt` (severity kept); an expired or rejected one leaves the real status and says why.
 */
import { HaExemption, HaResult } from '@ha-posture/plugin-ha-posture-common';
import { ExemptionPolicy } from '../model/evaluation';

/** @public */
export const EXEMPTION_ANNOTATION_PREFIX = 'ha-posture.io/exempt-';

// Looked up for every result: one string per check id.
const annotationByCheck = new Map<string, string>();

/** The annotation that exempts a check. @public */
export function exemptionAnnotation(checkId: string): string {
  let annotation = annotationByCheck.get(checkId);
  if (annotation === undefined) {
    annotation = `${EXEMPTION_ANNOTATION_PREFIX}${checkId}`;
    annotationByCheck.set(checkId, annotation);
  }
  return annotation;
}

/** @public */
export interface ParsedExemption {
  reason: string;
  until?: string;
  /** Why the annotation cannot be honoured (malformed), when it cannot. */
  invalid?: string;
}

/** Whether `value` is a real calendar date written YYYY-MM-DD. */
export function isValidDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
  );
}

// An expiry key anywhere in the value, in any case (`until=`, `Until =`, and the mistyped `until:`).
const UNTIL_KEY = /\buntil\s*[=:]/gi;

/** A reason says something: at least one letter or digit, not only separators and whitespace. */
function hasText(reason: string): boolean {
  return /[\p{L}\p{N}]/u.test(reason);
}

/**
 * Parses `"<reason>[; until=YYYY-MM-DD]"`. Strict, so a malformed value never exempts forever: an
 * `until` key anywhere (any case) must be the only one, come last after `;`, and hold exactly one
 * real calendar date; otherwise the exemption is `invalid`, with why.
 * @public
 */
export function parseExemption(value: string): ParsedExemption {
  if (typeof value !== 'string')
    return { reason: '', invalid: 'the annotation value is not text' };
  const text = value.trim();
  const keys = [...text.matchAll(UNTIL_KEY)];
  if (keys.length === 0) {
    return hasText(text)
      ? { reason: text }
      : { reason: text, invalid: 'an exemption needs a reason' };
  }
  const key = keys[0];
  const before = text.slice(0, key.index);
  const separator = /;\s*$/.exec(before);
  const reason = (separator ? before.slice(0, separator.index) : before).trim();
  if (!hasText(reason))
    return { reason, invalid: 'an exemption needs a reason' };
  if (keys.length > 1) {
    return {
      reason,
      invalid: `until= appears ${keys.length} times (expected a single "; until=YYYY-MM-DD" at the end)`,
    };
  }
  const until = text.slice(key.index! + key[0].length).trim();
  if (!separator) {
    return {
      reason,
      invalid: `"${key[0]}" must follow the reason after a semicolon (expected "<reason>; until=YYYY-MM-DD")`,
    };
  }
  if (key[0].endsWith(':')) {
    return {
      reason,
      invalid: `"${key[0]}" is not the expiry syntax (expected until=YYYY-MM-DD)`,
    };
  }
  const leadingDate = /^(\d{4}-\d{2}-\d{2})\s*(\S.*)$/s.exec(until);
  if (leadingDate && isValidDate(leadingDate[1])) {
    return {
      reason,
      invalid: `until=${leadingDate[1]} must end the annotation (found "${leadingDate[2]}" after it)`,
    };
  }
  if (!isValidDate(until)) {
    return {
      reason,
      invalid: `"${until}" is not a valid date (expected until=YYYY-MM-DD)`,
    };
  }
  return { reason, until };
}

/** An exemption annotation found for a result. @public */
export interface ExemptionCandidate {
  /** `config`: a rule in haPosture.exemptions.rules, which the allow* and expiry policies do not limit. */
  source: 'entity' | 'object' | 'config';
  value: string;
}

const WAIVABLE = new Set(['fail', 'warn', 'unknown']);
const DAY_MS = 86400000;

function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS,
  );
}

type Verdict =
  | { kind: 'applied'; exemption: HaExemption }
  | { kind: 'expired'; exemption: HaExemption }
  | { kind: 'rejected'; note: string };

function judge(
  candidate: ExemptionCandidate,
  policy: ExemptionPolicy,
  today: string,
): Verdict {
  const where = candidate.source === 'config' ? 'configured' : candidate.source;
  if (
    candidate.source === 'entity' &&
    policy.allowEntityAnnotations === false
  ) {
    return {
      kind: 'rejected',
      note: 'exemptions on catalog entities are disabled by policy',
    };
  }
  if (
    candidate.source === 'object' &&
    policy.allowObjectAnnotations === false
  ) {
    return {
      kind: 'rejected',
      note: 'exemptions on Kubernetes objects are disabled by policy',
    };
  }
  const parsed = parseExemption(candidate.value);
  if (parsed.invalid)
    return {
      kind: 'rejected',
      note: `${where} exemption not applied: ${parsed.invalid}`,
    };
  const exemption: HaExemption = {
    reason: parsed.reason,
    ...(parsed.until ? { until: parsed.until } : {}),
    source: candidate.source,
  };
  // The policy limits what teams declare on their entities and objects; the platform team's own
  // rules are configuration, like the policy itself.
  const limited = candidate.source !== 'config';
  if (!parsed.until) {
    return limited && policy.requireExpiry
      ? {
          kind: 'rejected',
          note: `${where} exemption not applied: an expiry (until=YYYY-MM-DD) is required by policy`,
        }
      : { kind: 'applied', exemption };
  }
  if (parsed.until < today)
    return { kind: 'expired', exemption: { ...exemption, expired: true } };
  if (
    limited &&
    policy.maxDays !== undefined &&
    daysBetween(today, parsed.until) > policy.maxDays
  ) {
    return {
      kind: 'rejected',
      note: `${where} exemption not applied: until=${parsed.until} is more than ${policy.maxDays} days away (policy maxDays)`,
    };
  }
  return { kind: 'applied', exemption };
}

/**
 * Applies the first honoured exemption among the candidates to a result. Only fail, warn and
 * unknown results are waived (a pass or skip needs no exemption). `today` is `YYYY-MM-DD`; `until`
 * is inclusive.
 * @public
 */
export function applyExemption(
  result: HaResult,
  candidates: ExemptionCandidate[],
  policy: ExemptionPolicy,
  today: string,
): HaResult {
  if (!WAIVABLE.has(result.status) || candidates.length === 0) return result;
  const verdicts = candidates.map(c => judge(c, policy, today));
  const applied = verdicts.find(v => v.kind === 'applied');
  if (applied && applied.kind === 'applied') {
    return { ...result, status: 'exempt', exemption: applied.exemption };
  }
  const expired = verdicts.find(v => v.kind === 'expired');
  const notes = verdicts.flatMap(v => {
    if (v.kind === 'rejected') return [v.note];
    return v.kind === 'expired'
      ? [`exemption expired on ${v.exemption.until}: ${v.exemption.reason}`]
      : [];
  });
  return {
    ...result,
    message: `${result.message} (${notes.join('; ')})`,
    ...(expired && expired.kind === 'expired'
      ? { exemption: expired.exemption }
      : {}),
  };
}

/** Today's date as `YYYY-MM-DD` (UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
