/**
 * Exemption rules in configuration (`haPosture.exemptions.rules`): the platform team exempts
 * checks for whole groups of targets (a provider's add-ons in kube-system, a namespace of batch
 * jobs) without annotating every object, which for provider-managed objects is not even possible
 * (the provider reconciles the annotation away). A rule exempts a result when its check id and its
 * target (cluster, kind, namespace, name, and the target object's labels) match; the result stays
 * in the report as `exempt`, with the rule's reason, so nothing is hidden.
 */
import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import { ExemptionRule } from '../model/evaluation';
import { ExemptionCandidate, isValidDate, parseExemption } from './exemptions';

const RULE_KEYS = [
  'checks',
  'reason',
  'until',
  'clusters',
  'namespaces',
  'kinds',
  'names',
  'labels',
] as const;
const PATTERN_LISTS = ['clusters', 'namespaces', 'kinds', 'names'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isTextList = (value: unknown): value is string[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(v => typeof v === 'string' && v.trim() !== '');

/**
 * Validates `haPosture.exemptions.rules`. Each problem names the rule (`rules[2].until`); a rule
 * with a problem is left out, so a typo never exempts more than written. Given the check ids,
 * `unmatched` names each check pattern that matches none (a misspelt id would exempt nothing).
 * @public
 */
export function readExemptionRules(
  value: unknown,
  checkIds?: string[],
): {
  rules: ExemptionRule[];
  problems: string[];
  unmatched: string[];
} {
  const rules: ExemptionRule[] = [];
  const problems: string[] = [];
  const unmatched: string[] = [];
  if (value === undefined || value === null)
    return { rules, problems, unmatched };
  if (!Array.isArray(value))
    return {
      rules,
      problems: ['rules must be a list of { checks, reason, ... } mappings'],
      unmatched,
    };
  value.forEach((raw, i) => {
    const at = `rules[${i}]`;
    if (!isRecord(raw)) {
      problems.push(`${at} must be a mapping with checks and reason`);
      return;
    }
    const own: string[] = [];
    for (const key of Object.keys(raw))
      if (!(RULE_KEYS as readonly string[]).includes(key))
        own.push(
          `${at}: unknown key "${key}" (expected ${RULE_KEYS.join(', ')})`,
        );
    if (!isTextList(raw.checks))
      own.push(
        `${at}.checks must be a non-empty list of check ids (a * matches any characters, e.g. backup-*)`,
      );
    const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
    const parsed = parseExemption(reason);
    if (typeof raw.reason !== 'string' || parsed.invalid || parsed.until)
      own.push(
        `${at}.reason must be text saying why (the end date goes in until, not in the reason)`,
      );
    if (raw.until !== undefined) {
      if (typeof raw.until !== 'string' || !isValidDate(raw.until))
        own.push(`${at}.until must be a date written YYYY-MM-DD`);
    }
    for (const key of PATTERN_LISTS)
      if (raw[key] !== undefined && !isTextList(raw[key]))
        own.push(`${at}.${key} must be a non-empty list of names or patterns`);
    if (
      raw.labels !== undefined &&
      (!isRecord(raw.labels) ||
        Object.keys(raw.labels).length === 0 ||
        !Object.values(raw.labels).every(v => typeof v === 'string'))
    )
      own.push(`${at}.labels must be a mapping of label keys to values`);
    if (own.length > 0) {
      problems.push(...own);
      return;
    }
    for (const pattern of raw.checks as string[])
      if (checkIds && !checkIds.some(patternMatcher([pattern])))
        unmatched.push(`${at}.checks: "${pattern}" matches no check`);
    rules.push({
      checks: raw.checks as string[],
      reason,
      ...(typeof raw.until === 'string' ? { until: raw.until } : {}),
      ...Object.fromEntries(
        PATTERN_LISTS.filter(k => raw[k] !== undefined).map(k => [k, raw[k]]),
      ),
      ...(raw.labels ? { labels: raw.labels as Record<string, string> } : {}),
    });
  });
  return { rules, problems, unmatched };
}

/** `*` matches any run of characters; everything else is literal. */
function patternMatcher(patterns: string[]): (value: string) => boolean {
  const exact = new Set(patterns.filter(p => !p.includes('*')));
  const globs = patterns
    .filter(p => p.includes('*'))
    .map(
      p =>
        new RegExp(
          `^${p
            .split('*')
            .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ),
    );
  return value => exact.has(value) || globs.some(g => g.test(value));
}

/** A rule ready to match results. */
export interface CompiledExemptionRule {
  rule: ExemptionRule;
  /** The value an exemption annotation would hold: the reason and, if any, its end date. */
  candidate: ExemptionCandidate;
  matchesCheck(checkId: string): boolean;
  matchesCluster(cluster: string): boolean;
  /** Whether kind, namespace, name and labels match (a list left out matches anything). */
  matchesTarget(
    target: HaResult['target'],
    labels: Record<string, string> | undefined,
  ): boolean;
}

/** Compiles the rules once per evaluation. */
export function compileExemptionRules(
  rules: ExemptionRule[],
): CompiledExemptionRule[] {
  return rules.map(rule => {
    const matchesCheck = patternMatcher(rule.checks);
    const optional = (patterns: string[] | undefined) =>
      patterns ? patternMatcher(patterns) : () => true;
    const cluster = optional(rule.clusters);
    const kind = optional(rule.kinds);
    const namespace = optional(rule.namespaces);
    const name = optional(rule.names);
    const labels = Object.entries(rule.labels ?? {});
    const checkCache = new Map<string, boolean>();
    return {
      rule,
      candidate: {
        source: 'config' as const,
        value: rule.until ? `${rule.reason}; until=${rule.until}` : rule.reason,
      },
      matchesCheck(checkId: string) {
        let matches = checkCache.get(checkId);
        if (matches === undefined) {
          matches = matchesCheck(checkId);
          checkCache.set(checkId, matches);
        }
        return matches;
      },
      matchesCluster: cluster,
      matchesTarget(
        target: HaResult['target'],
        objectLabels: Record<string, string> | undefined,
      ) {
        // A namespaces list matches namespaced targets only: it never exempts a cluster's results.
        if (rule.namespaces && target.namespace === undefined) return false;
        return (
          kind(target.kind) &&
          (target.namespace === undefined || namespace(target.namespace)) &&
          name(target.name) &&
          labels.every(([key, value]) => objectLabels?.[key] === value)
        );
      },
    };
  });
}
