/**
 * `--config FILE`: the backend's `haPosture` block in a YAML file, either bare or under a
 * top-level `haPosture:` key (so an app-config.yaml works as is). The CLI uses `checks`,
 * `exemptions`, `thresholds` and `clusterInfo`; the backend-only keys are accepted and ignored. Any problem
 * is a UsageError (exit 2): in CI a typo must not silently fall back to defaults.
 */
import { isNode } from 'yaml';
import {
  HaCheck,
  EngineConfig,
  ClusterInfo,
  readExemptionRules,
  resolveConfig,
} from '@ha-posture/plugin-ha-posture-node';
import {
  readGradeCaps,
  readGradeThresholds,
} from '@ha-posture/plugin-ha-posture-common';
import { UsageError } from './exitCodes';
import { readYamlFile } from './input/yamlFile';

/** @public */
export interface CliConfig {
  engine: EngineConfig;
  /** `clusterInfo.<name>`: facts the API cannot show; they override clusters.yaml. */
  clusterInfo: Record<string, Pick<ClusterInfo, 'region' | 'location'>>;
}

const BACKEND_ONLY_KEYS = [
  'source',
  'schedule',
  'clusters',
  'collector',
  'history',
];
const EXEMPTION_FLAGS = [
  'allowEntityAnnotations',
  'allowObjectAnnotations',
  'requireExpiry',
];

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Mappings without their null values, at every depth. An empty key (`params:` with nothing under
 * it) reads as null; Backstage's config reader treats null as unset, so the CLI does too, or the
 * same block would mean one thing in app-config.yaml and be refused by `--config`.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isRecord(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value))
    if (item !== null) kept[key] = withoutNulls(item);
  return kept;
}

/** Validates the parsed block; `fail(path, message)` throws with the line of `path`. */
function validate(
  block: Record<string, any>,
  fail: (keyPath: string[], message: string) => never,
): CliConfig {
  for (const key of Object.keys(block)) {
    if (
      ![
        'checks',
        'exemptions',
        'thresholds',
        'clusterInfo',
        ...BACKEND_ONLY_KEYS,
      ].includes(key)
    ) {
      fail(
        [key],
        `unknown key "${key}" (expected checks, exemptions, thresholds, clusterInfo)`,
      );
    }
  }
  const checks = block.checks ?? {};
  const exemptions = block.exemptions ?? {};
  const clusterInfo = block.clusterInfo ?? {};
  const thresholds = block.thresholds ?? {};
  if (!isRecord(checks))
    fail(
      ['checks'],
      'checks must be a mapping of check id to { enabled, severity, params }',
    );
  for (const [id, override] of Object.entries(checks)) {
    if (!isRecord(override))
      fail(
        ['checks', id],
        `checks.${id} must be a mapping with enabled, severity or params`,
      );
    for (const key of Object.keys(override)) {
      if (!['enabled', 'severity', 'params'].includes(key))
        fail(['checks', id, key], `checks.${id}: unknown key "${key}"`);
    }
    if (override.params !== undefined && !isRecord(override.params))
      fail(['checks', id, 'params'], `checks.${id}.params must be a mapping`);
  }
  if (!isRecord(exemptions))
    fail(['exemptions'], 'exemptions must be a mapping');
  for (const [key, value] of Object.entries(exemptions)) {
    if (EXEMPTION_FLAGS.includes(key)) {
      if (typeof value !== 'boolean')
        fail(['exemptions', key], `exemptions.${key} must be true or false`);
    } else if (key === 'rules') {
      const { problems } = readExemptionRules(value);
      if (problems.length > 0) {
        // `rules[2].until must be …` → the line of exemptions.rules[2].until.
        const at = /^rules\[(\d+)\](?:\.(\w+))?/.exec(problems[0]);
        fail(
          [
            'exemptions',
            'rules',
            ...(at ? [at[1], ...(at[2] ? [at[2]] : [])] : []),
          ],
          `exemptions.${problems[0]}`,
        );
      }
    } else if (key === 'maxDays') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
        fail(
          ['exemptions', key],
          'exemptions.maxDays must be a whole number of days',
        );
    } else {
      fail(['exemptions', key], `exemptions: unknown key "${key}"`);
    }
  }
  if (!isRecord(thresholds))
    fail(
      ['thresholds'],
      'thresholds must be a mapping with grades or gradeCaps',
    );
  for (const key of Object.keys(thresholds))
    if (key !== 'grades' && key !== 'gradeCaps')
      fail(
        ['thresholds', key],
        `thresholds: unknown key "${key}" (expected grades, gradeCaps)`,
      );
  const grades = readGradeThresholds(thresholds.grades);
  if (grades.problems.length > 0)
    fail(
      ['thresholds', 'grades'],
      `thresholds.grades: ${grades.problems.join('; ')}`,
    );
  const gradeCaps = readGradeCaps(thresholds.gradeCaps);
  if (gradeCaps.problems.length > 0)
    fail(
      ['thresholds', 'gradeCaps'],
      `thresholds.gradeCaps: ${gradeCaps.problems.join('; ')}`,
    );
  if (!isRecord(clusterInfo))
    fail(
      ['clusterInfo'],
      'clusterInfo must be a mapping of cluster name to { region, location }',
    );
  for (const [name, info] of Object.entries(clusterInfo)) {
    if (!isRecord(info))
      fail(
        ['clusterInfo', name],
        `clusterInfo.${name} must be a mapping with region or location`,
      );
    for (const [key, value] of Object.entries(info)) {
      if (!['region', 'location'].includes(key))
        fail(
          ['clusterInfo', name, key],
          `clusterInfo.${name}: unknown key "${key}"`,
        );
      if (typeof value !== 'string' || value === '')
        fail(
          ['clusterInfo', name, key],
          `clusterInfo.${name}.${key} must be a non-empty string`,
        );
    }
  }
  return {
    engine: {
      checks,
      exemptions,
      ...(Object.keys(thresholds).length > 0
        ? {
            thresholds: {
              grades: grades.thresholds,
              gradeCaps: gradeCaps.caps,
            },
          }
        : {}),
    },
    clusterInfo,
  };
}

/**
 * Reads and validates the config file against the check catalog (unknown check ids, unknown
 * parameters and wrong value types are errors).
 * @public
 */
export function loadConfig(file: string, checks: HaCheck[]): CliConfig {
  const {
    document: doc,
    lineCounter,
    value,
  } = readYamlFile(file, file, 'config');
  if (value !== null && value !== undefined && !isRecord(value))
    throw new UsageError(
      `${file}: expected a mapping (the haPosture config block)`,
    );
  // An app-config's `haPosture:` left empty still marks the file as an app-config.
  const wrapped = isRecord(value) && 'haPosture' in value;
  const content = (withoutNulls(value) ?? {}) as Record<string, unknown>;
  const block = wrapped ? content.haPosture ?? {} : content;
  if (!isRecord(block))
    throw new UsageError(`${file}: haPosture must be a mapping`);
  const prefix = wrapped ? ['haPosture'] : [];

  const lineOf = (keyPath: string[]): string => {
    const node = doc.getIn([...prefix, ...keyPath], true);
    return isNode(node) && node.range
      ? `:${lineCounter.linePos(node.range[0]).line}`
      : '';
  };
  const config = validate(block, (keyPath, message) => {
    throw new UsageError(`${file}${lineOf(keyPath)}: ${message}`);
  });

  // Ids, parameter names and value types are known only to the catalog.
  const [warning, ...more] = resolveConfig(checks, config.engine).warnings;
  if (warning) {
    const keyPath = warning.split(':')[0].split('.').slice(1);
    const others =
      more.length > 0
        ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})`
        : '';
    // The engine keeps defaults and says so; the CLI refuses instead, so that note is dropped.
    const problem = warning
      .replace(/^haPosture\./, '')
      .replace(/ \((ignored|default .* used|check stays enabled)\)$/, '');
    throw new UsageError(`${file}${lineOf(keyPath)}: ${problem}${others}`);
  }
  return config;
}
