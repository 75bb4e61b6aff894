/**
 * The status report cluster-autoscaler writes to its ConfigMap (kube-system/cluster-autoscaler-status
 * by default, see model/clusterAutoscaler; data key `status`, on by default with
 * --write-status-configmap). Newer versions write YAML (`time`,
 * `autoscalerStatus`, `clusterWide`, `nodeGroups[]`), older ones a text report
 * (`Cluster-autoscaler status at <time>:`, `Cluster-wide:`, `NodeGroups:` with `Name:`, `Health:`,
 * `ScaleUp:` lines). Both are read into the same shape; anything unexpected is a problem, never
 * guessed around.
 */
import { parse as parseYaml } from 'yaml';

/** One node group as the autoscaler reports it. */
export interface AutoscalerNodeGroup {
  name: string;
  /** `Healthy` or `Unhealthy`. */
  health?: string;
  /** `Backoff`, `InProgress`, `NoActivity`, `NotNeeded`, `Needed`. */
  scaleUp?: string;
  /** The size the autoscaler asked the cloud for. */
  target?: number;
  minSize?: number;
  maxSize?: number;
}

export interface AutoscalerStatusReport {
  format: 'yaml' | 'text';
  /** When the autoscaler wrote the report; undefined when it carries no readable time. */
  time?: Date;
  /** `Running` or `Initializing` (YAML only; the text report says `Initializing` on a line of its own). */
  autoscalerStatus?: string;
  /** Cluster-wide health: `Healthy` or `Unhealthy`. */
  clusterHealth?: string;
  nodeGroups: AutoscalerNodeGroup[];
}

export type AutoscalerStatusParse =
  | { report: AutoscalerStatusReport }
  | { problem: string };

const TEXT_HEADER = /^\s*Cluster-autoscaler status at (.+?):?\s*$/m;

/**
 * Go's time.Time.String(): `2023-11-24 04:28:19.546750398 +0000 UTC`, possibly followed by a
 * monotonic clock reading (`m=+54.67`); RFC 3339 is accepted too.
 */
export function parseGoTime(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const go =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(
      text.trim(),
    );
  if (!go) return undefined;
  const [, date, time, fraction = '', zone = 'Z'] = go;
  const offset =
    zone === 'Z' || zone.includes(':')
      ? zone
      : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = new Date(`${date}T${time}${fraction.slice(0, 4)}${offset}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : undefined;

const word = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

function parseYamlReport(text: string): AutoscalerStatusParse {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    return {
      problem: `not valid YAML (${(e as Error).message.split('\n')[0]})`,
    };
  }
  if (!isRecord(doc)) return { problem: 'the YAML report is not a mapping' };
  if (!('autoscalerStatus' in doc) && !('nodeGroups' in doc))
    return {
      problem: 'the YAML report has neither autoscalerStatus nor nodeGroups',
    };
  if (doc.nodeGroups !== undefined && !Array.isArray(doc.nodeGroups))
    return { problem: 'nodeGroups is not a list' };
  const nodeGroups: AutoscalerNodeGroup[] = [];
  for (const group of doc.nodeGroups ?? []) {
    const name = isRecord(group) ? word(group.name) : undefined;
    if (!name) return { problem: 'a node group has no name' };
    const health = isRecord(group.health) ? group.health : {};
    nodeGroups.push({
      name,
      health: word(health.status),
      scaleUp: isRecord(group.scaleUp) ? word(group.scaleUp.status) : undefined,
      target: count(health.cloudProviderTarget),
      minSize: count(health.minSize),
      maxSize: count(health.maxSize),
    });
  }
  const clusterWide = isRecord(doc.clusterWide) ? doc.clusterWide : {};
  return {
    report: {
      format: 'yaml',
      time: parseGoTime(doc.time),
      autoscalerStatus: word(doc.autoscalerStatus),
      clusterHealth: isRecord(clusterWide.health)
        ? word(clusterWide.health.status)
        : undefined,
      nodeGroups,
    },
  };
}

/** `ready=3 ... cloudProviderTarget=3 (minSize=1, maxSize=5)` → the number after `key=`. */
function textNumber(line: string, key: string): number | undefined {
  const match = new RegExp(`\\b${key}=(\\d+)`).exec(line);
  return match ? Number(match[1]) : undefined;
}

/** `Healthy (ready=3 ...)` → `Healthy`. */
const firstWord = (rest: string): string | undefined =>
  /^\s*([A-Za-z]+)/.exec(rest)?.[1];

/** The older text report; indentation varies between copies of it, so only the keys are read. */
function parseTextReport(text: string): AutoscalerStatusParse {
  const header = TEXT_HEADER.exec(text);
  if (!header)
    return {
      problem: 'neither YAML nor a "Cluster-autoscaler status at" report',
    };
  let clusterHealth: string | undefined;
  let inNodeGroups = false;
  let initializing = false;
  const nodeGroups: AutoscalerNodeGroup[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === 'Initializing') initializing = true;
    if (line === 'NodeGroups:') {
      inNodeGroups = true;
      continue;
    }
    const field = /^(Name|Health|ScaleUp):\s*(.*)$/.exec(line);
    if (!field) continue;
    const [, key, rest] = field;
    if (!inNodeGroups) {
      if (key === 'Health') clusterHealth = firstWord(rest);
      continue;
    }
    if (key === 'Name') {
      if (!rest.trim()) return { problem: 'a node group has no name' };
      nodeGroups.push({ name: rest.trim() });
      continue;
    }
    const group = nodeGroups[nodeGroups.length - 1];
    if (!group)
      return { problem: `a ${key} line comes before any node group Name` };
    if (key === 'ScaleUp') group.scaleUp = firstWord(rest);
    else {
      group.health = firstWord(rest);
      group.target = textNumber(rest, 'cloudProviderTarget');
      group.minSize = textNumber(rest, 'minSize');
      group.maxSize = textNumber(rest, 'maxSize');
    }
  }
  return {
    report: {
      format: 'text',
      time: parseGoTime(header[1]),
      ...(initializing ? { autoscalerStatus: 'Initializing' } : {}),
      clusterHealth,
      nodeGroups,
    },
  };
}

/** Reads the `status` data of cluster-autoscaler-status, in either format. */
export function parseAutoscalerStatus(status: unknown): AutoscalerStatusParse {
  if (typeof status !== 'string' || !status.trim())
    return { problem: 'the ConfigMap has no status report' };
  return TEXT_HEADER.test(status)
    ? parseTextReport(status)
    : parseYamlReport(status);
}

/** A report older than this says more about an autoscaler that stopped than about today. */
export const STATUS_MAX_AGE_MS = 10 * 60 * 1000;

export type AutoscalerStatusJudgment =
  /** Some node group can add a node: `groups` names them. */
  | { verdict: 'can-grow'; groups: string[] }
  /** No node group can add a node: why, per group (or cluster-wide). */
  | { verdict: 'blocked'; reasons: string[] }
  /** The report says nothing reliable now: why. */
  | { verdict: 'unusable'; reason: string };

/** Why a node group cannot add a node, if it cannot; undefined when it can or its sizes are not reported. */
function groupBlocked(group: AutoscalerNodeGroup): string | undefined {
  if (group.health !== 'Healthy')
    return `${group.name} (${group.health ?? 'health not reported'})`;
  if (group.scaleUp === 'Backoff') return `${group.name} (in scale-up backoff)`;
  if (
    group.target !== undefined &&
    group.maxSize !== undefined &&
    group.target >= group.maxSize
  )
    return `${group.name} (at its maximum of ${group.maxSize})`;
  return undefined;
}

/**
 * Whether the autoscaler of this report can add a node now: some node group Healthy, not in
 * scale-up backoff, and below its maximum. A report without a time, older than STATUS_MAX_AGE_MS
 * before `now`, still initializing, or with groups whose sizes are missing is not judged.
 */
export function judgeAutoscalerStatus(
  report: AutoscalerStatusReport,
  now: Date,
): AutoscalerStatusJudgment {
  if (!report.time)
    return { verdict: 'unusable', reason: 'the report carries no time' };
  const age = now.getTime() - report.time.getTime();
  if (age > STATUS_MAX_AGE_MS)
    return {
      verdict: 'unusable',
      reason: `the report is stale (written ${Math.round(
        age / 60_000,
      )} min before the snapshot; the autoscaler may have stopped)`,
    };
  if (report.autoscalerStatus === 'Initializing')
    return {
      verdict: 'unusable',
      reason: 'the autoscaler is still initializing',
    };
  if (report.clusterHealth === 'Unhealthy')
    return {
      verdict: 'blocked',
      reasons: ['cluster-wide health Unhealthy (it does not scale up)'],
    };
  if (report.nodeGroups.length === 0)
    return {
      verdict: 'blocked',
      reasons: ['no node group is configured or discovered'],
    };
  const reasons: string[] = [];
  const canGrow: string[] = [];
  const unsized: string[] = [];
  for (const group of report.nodeGroups) {
    const blocked = groupBlocked(group);
    if (blocked) reasons.push(blocked);
    else if (group.target === undefined || group.maxSize === undefined)
      unsized.push(group.name);
    else canGrow.push(group.name);
  }
  if (canGrow.length > 0) return { verdict: 'can-grow', groups: canGrow };
  if (unsized.length > 0)
    return {
      verdict: 'unusable',
      reason: `node groups without a reported target or maximum: ${unsized.join(
        ', ',
      )}`,
    };
  return { verdict: 'blocked', reasons };
}
