/**
 * Fault injection: rules that make matching requests fail the way real API
 * servers and networks do (RBAC denials, throttling, outages, slow or cut
 * connections, garbage bodies), so clients' error handling can be tested over
 * real HTTP. Rules come from a YAML/JSON file, `PUT /_fixture/faults`, or code.
 */
import { FixtureConfigError } from './errors';
import { STATUS_REASONS } from './status';
import { readYamlFile } from './yamlFiles';

export type FaultRule = {
  /** Only this cluster (all clusters when absent). */
  cluster?: string;
  /** `plural` (any group) or `plural.group`, e.g. `poddisruptionbudgets`, `schedules.velero.io`. */
  resource?: string;
  /** A regular expression tested against the request path and query string. */
  path?: string;
  /** Answer with this HTTP status and a matching Kubernetes Status body. */
  status?: number;
  /** Wait this long before answering. */
  latencyMs?: number;
  /** Destroy the connection without answering. */
  drop?: boolean;
  /** Announce the full Content-Length, send half the body, then cut the connection. */
  truncate?: boolean;
  /** Answer 200 with a body that is not valid JSON. */
  malformed?: boolean;
  /** Send nothing for this long, then cut the connection (past any sane client timeout). */
  hangMs?: number;
  /** Apply to the first N matching requests only (default: every one). */
  times?: number;
  /** Retry-After header (and Status details) for 429/503; 429 defaults to 1. */
  retryAfterSeconds?: number;
};

export type FaultRuleState = FaultRule & { matched: number };

const KEYS: Record<keyof FaultRule, 'string' | 'number' | 'boolean'> = {
  cluster: 'string',
  resource: 'string',
  path: 'string',
  status: 'number',
  latencyMs: 'number',
  drop: 'boolean',
  truncate: 'boolean',
  malformed: 'boolean',
  hangMs: 'number',
  times: 'number',
  retryAfterSeconds: 'number',
};

const EFFECTS: Array<keyof FaultRule> = [
  'status',
  'latencyMs',
  'drop',
  'truncate',
  'malformed',
  'hangMs',
];

function compilePath(path: string, where: string): RegExp {
  try {
    return new RegExp(path);
  } catch {
    throw new FixtureConfigError(
      `${where}.path is not a valid regular expression`,
    );
  }
}

/** Accepts `{ faults: [...] }` or a bare list; throws FixtureConfigError on anything off. */
export function validateFaultRules(
  input: unknown,
  source = 'faults',
): FaultRule[] {
  const list =
    input &&
    typeof input === 'object' &&
    !Array.isArray(input) &&
    'faults' in input
      ? (input as { faults: unknown }).faults
      : input;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new FixtureConfigError(
      `${source}: expected 'faults:' to be a list of rules`,
    );
  }
  return list.map((rule, i) => {
    const where = `${source}: faults[${i}]`;
    if (!rule || typeof rule !== 'object' || Array.isArray(rule)) {
      throw new FixtureConfigError(`${where} is not a mapping`);
    }
    for (const [key, value] of Object.entries(rule)) {
      const type = KEYS[key as keyof FaultRule];
      if (!type) {
        throw new FixtureConfigError(
          `${where}: unknown key '${key}' (allowed: ${Object.keys(KEYS).join(
            ', ',
          )})`,
        );
      }
      if (typeof value !== type) {
        throw new FixtureConfigError(`${where}.${key} must be a ${type}`);
      }
      if (
        type === 'number' &&
        (!Number.isFinite(value) || (value as number) < 0)
      ) {
        throw new FixtureConfigError(
          `${where}.${key} must be a non-negative number`,
        );
      }
    }
    const r = rule as FaultRule;
    if (r.status !== undefined && !STATUS_REASONS[r.status]) {
      throw new FixtureConfigError(
        `${where}.status ${r.status} is not supported (use one of ${Object.keys(
          STATUS_REASONS,
        ).join(', ')})`,
      );
    }
    if (r.path !== undefined) compilePath(r.path, where);
    if (!EFFECTS.some(k => r[k] !== undefined && r[k] !== false)) {
      throw new FixtureConfigError(
        `${where} has no effect (set one of ${EFFECTS.join(', ')})`,
      );
    }
    return { ...r };
  });
}

export function loadFaultsFile(file: string): FaultRule[] {
  return validateFaultRules(readYamlFile(file), file);
}

/** What a request is, as far as rules care. */
export type FaultTarget = {
  cluster: string;
  /** Path and query string as received. */
  url: string;
  resource?: { group: string; plural: string };
};

type ActiveRule = { rule: FaultRule; regex?: RegExp; matched: number };

/** The fleet's rules with their match counters (for `times`). The first matching rule applies. */
export class FaultSet {
  private rules: ActiveRule[] = [];

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces every rule and resets the counters. */
  set(rules: FaultRule[]): void {
    this.rules = validateFaultRules(rules).map(rule => ({
      rule,
      regex:
        rule.path !== undefined ? compilePath(rule.path, 'faults') : undefined,
      matched: 0,
    }));
  }

  list(): FaultRuleState[] {
    return this.rules.map(r => ({ ...r.rule, matched: r.matched }));
  }

  /** The rule to apply to this request, counting it as a use. */
  take(target: FaultTarget): FaultRule | undefined {
    const found = this.rules.find(r => {
      const { rule } = r;
      if (rule.times !== undefined && r.matched >= rule.times) return false;
      if (rule.cluster !== undefined && rule.cluster !== target.cluster)
        return false;
      if (rule.path !== undefined && !r.regex!.test(target.url)) return false;
      if (rule.resource !== undefined) {
        const res = target.resource;
        if (!res) return false;
        const full = res.group ? `${res.plural}.${res.group}` : res.plural;
        if (rule.resource !== res.plural && rule.resource !== full)
          return false;
      }
      return true;
    });
    if (!found) return undefined;
    found.matched++;
    return found.rule;
  }
}
