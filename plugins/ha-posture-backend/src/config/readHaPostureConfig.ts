import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  HA_SEVERITIES,
  readGradeCaps,
  readGradeThresholds,
} from '@ha-posture/plugin-ha-posture-common';
import { CheckOverride, EngineConfig, readExemptionRules } from '@ha-posture/plugin-ha-posture-node';
import { ConfiguredCluster } from '../sources/ConfigClusterSource';
import { CollectorOptions } from '../sources/types';

/** The `haPosture` config block, validated, with defaults applied. */
export interface HaPostureConfig {
  source: 'kubernetes' | 'config' | 'kubeconfig';
  /** `haPosture.kubeconfig`, for the `kubeconfig` source. */
  kubeconfig: { file?: string; contexts?: string[] };
  schedule: SchedulerServiceTaskScheduleDefinition;
  clusters: ConfiguredCluster[];
  clusterInfo: Record<string, { region?: string; location?: string }>;
  collector: CollectorOptions;
  engine: EngineConfig;
  historyRetentionDays: number;
}

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 4 },
  initialDelay: { seconds: 10 },
};

/** Reads `haPosture`; bad values throw an Error naming the key (the backend then fails to start). */
export function readHaPostureConfig(root: Config): HaPostureConfig {
  const config = root.getOptionalConfig('haPosture');
  const source = config?.getOptionalString('source') ?? 'kubernetes';
  if (source !== 'kubernetes' && source !== 'config' && source !== 'kubeconfig') {
    throw new Error(
      `Invalid haPosture.source '${source}': expected 'kubernetes', 'config' or 'kubeconfig'`,
    );
  }
  const contexts = config?.getOptionalStringArray('kubeconfig.contexts');
  if (contexts && contexts.length === 0) {
    throw new Error(
      'haPosture.kubeconfig.contexts is empty: list the contexts to read, or leave it out to read every context',
    );
  }
  const kubeconfig = {
    file: config?.getOptionalString('kubeconfig.file'),
    contexts: contexts && [...new Set(contexts)],
  };

  const clusters: ConfiguredCluster[] = (config?.getOptionalConfigArray('clusters') ?? []).map(
    c => ({
      name: c.getString('name'),
      title: c.getOptionalString('title'),
      url: c.getOptionalString('url'),
      serviceAccountToken: c.getOptionalString('serviceAccountToken'),
      kubeconfig: c.getOptionalString('kubeconfig'),
      context: c.getOptionalString('context'),
      skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
      caData: c.getOptionalString('caData'),
    }),
  );
  if (source === 'config' && clusters.length === 0) {
    throw new Error(`haPosture.source is 'config' but haPosture.clusters lists no cluster`);
  }
  for (const cluster of clusters) {
    if (!cluster.url && !cluster.kubeconfig) {
      throw new Error(`haPosture.clusters entry '${cluster.name}' needs 'url' or 'kubeconfig'`);
    }
  }

  const clusterInfo: HaPostureConfig['clusterInfo'] = {};
  const infoConfig = config?.getOptionalConfig('clusterInfo');
  for (const name of infoConfig?.keys() ?? []) {
    const entry = infoConfig!.getConfig(name);
    clusterInfo[name] = {
      region: entry.getOptionalString('region'),
      location: entry.getOptionalString('location'),
    };
  }

  const collector = config?.getOptionalConfig('collector');
  const positive = (key: string, fallback: number) => {
    const value = collector?.getOptionalNumber(key) ?? fallback;
    if (!Number.isFinite(value) || value < 0) {
      throw new Error(`Invalid haPosture.collector.${key}: must be a non-negative number`);
    }
    return value;
  };

  const checks: Record<string, CheckOverride> = {};
  const checksConfig = config?.getOptionalConfig('checks');
  for (const id of checksConfig?.keys() ?? []) {
    const entry = checksConfig!.getConfig(id);
    const severity = entry.getOptionalString('severity');
    if (severity && !(HA_SEVERITIES as readonly string[]).includes(severity)) {
      throw new Error(
        `Invalid haPosture.checks.${id}.severity '${severity}': expected one of ${HA_SEVERITIES.join(', ')}`,
      );
    }
    checks[id] = {
      enabled: entry.getOptionalBoolean('enabled'),
      severity: severity as CheckOverride['severity'],
      params: entry.getOptional('params') as Record<string, unknown> | undefined,
    };
  }

  const grades = readGradeThresholds(config?.getOptional('thresholds.grades'));
  if (grades.problems.length > 0) {
    throw new Error(`Invalid haPosture.thresholds.grades: ${grades.problems.join('; ')}`);
  }
  const gradeCaps = readGradeCaps(config?.getOptional('thresholds.gradeCaps'));
  if (gradeCaps.problems.length > 0) {
    throw new Error(`Invalid haPosture.thresholds.gradeCaps: ${gradeCaps.problems.join('; ')}`);
  }

  const exemptions = config?.getOptionalConfig('exemptions');
  const exemptionRules = readExemptionRules(exemptions?.getOptional('rules'));
  if (exemptionRules.problems.length > 0) {
    throw new Error(`Invalid haPosture.exemptions.${exemptionRules.problems.join('; ')}`);
  }
  const retentionDays = config?.getOptionalNumber('history.retentionDays') ?? 90;
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw new Error('Invalid haPosture.history.retentionDays: must be a positive integer');
  }

  return {
    source,
    kubeconfig,
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(config.getConfig('schedule'))
      : DEFAULT_SCHEDULE,
    clusters,
    clusterInfo,
    collector: {
      concurrency: Math.max(1, positive('concurrency', 4)),
      requestTimeoutMs: positive('requestTimeoutMs', 15_000),
      pageSize: Math.max(1, positive('pageSize', 500)),
      retries: positive('retries', 3),
    },
    engine: {
      checks,
      exemptions: exemptions && {
        allowEntityAnnotations: exemptions.getOptionalBoolean('allowEntityAnnotations'),
        allowObjectAnnotations: exemptions.getOptionalBoolean('allowObjectAnnotations'),
        requireExpiry: exemptions.getOptionalBoolean('requireExpiry'),
        maxDays: exemptions.getOptionalNumber('maxDays'),
        ...(exemptionRules.rules.length > 0 ? { rules: exemptionRules.rules } : {}),
      },
      thresholds: { grades: grades.thresholds, gradeCaps: gradeCaps.caps },
    },
    historyRetentionDays: retentionDays,
  };
}
