/**
 * The engine's entry point: snapshots + entities + config → cluster, workload and entity reports.
 * Pure (no I/O). Every index is built once per cluster, so the cost grows with objects × checks,
 * never with entities × objects. The work is a generator of steps (one check over a cluster, a
 * batch of reports, ...): `evaluate` runs them all at once, `evaluateAsync` between event-loop turns.
 */
import {
  compareResults,
  Grading,
  HaReport,
  HaResult,
  HaSource,
  HaTarget,
  HA_STATUSES,
  summarizeResults,
} from '@ha-posture/plugin-ha-posture-common';
import { CheckOutcome, EntityWorkload, HaCheck } from '../model/checks';
import { EntitySelector } from '../model/entity';
import {
  ClusterReport,
  ClusterSummary,
  EntityReport,
  Evaluate,
  EvaluateOptions,
  EvaluationResult,
  ExemptionPolicy,
  WorkloadReport,
} from '../model/evaluation';
import { RESOURCE_TYPES, ResourceKey } from '../model/resources';
import { ClusterSnapshot, K8sObject } from '../model/snapshot';
import { ClusterView, Workload } from '../model/view';
import { BUILTIN_CHECKS } from '../checks';
import {
  placementOf,
  podIsActive,
  podIsReady,
  workloadKind,
  workloadTarget,
} from '../checks/util';
import { clusterViewSteps } from './clusterView';
import { resolveConfig, ResolvedCheck } from './config';
import {
  entityLabelSelector,
  entityLooksIn,
  WorkloadMatcher,
} from './entities';
import {
  applyExemption,
  EXEMPTION_ANNOTATION_PREFIX,
  ExemptionCandidate,
  exemptionAnnotation,
  isoDay,
} from './exemptions';
import {
  CompiledExemptionRule,
  compileExemptionRules,
  readExemptionRules,
} from './exemptionRules';
import { LabelSelector } from './labels';
import { runSteps } from './steps';

const OUTCOME_STATUSES = new Set<string>(
  HA_STATUSES.filter(s => s !== 'exempt'),
);

/** Resource key of a result target's kind, to find the object that may carry an exemption. */
// Targets name a kind, and a custom resource's target also its API group (Istio's Gateway is not
// the Gateway API's).
const KEY_BY_KIND = new Map<string, ResourceKey>();
const KEY_BY_GROUP_KIND = new Map<string, ResourceKey>();
for (const type of RESOURCE_TYPES) {
  if (!KEY_BY_KIND.has(type.kind)) KEY_BY_KIND.set(type.kind, type.key);
  KEY_BY_GROUP_KIND.set(`${type.group}/${type.kind}`, type.key);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A malformed outcome (not an object, unknown status, no message) as `unknown`, saying what it was. */
function validOutcome(o: CheckOutcome): CheckOutcome {
  return o && OUTCOME_STATUSES.has(o.status) && typeof o.message === 'string'
    ? o
    : {
        status: 'unknown',
        message: `check returned an invalid outcome: ${JSON.stringify(o)?.slice(
          0,
          200,
        )}`,
      };
}

function crashOutcome(error: unknown): CheckOutcome {
  return {
    status: 'unknown',
    message: `check crashed: ${errorMessage(error)}`,
  };
}

/** Runs a check, turning a crash or a malformed outcome into `unknown` instead of failing the evaluation. */
function safeOutcomes(
  run: () => CheckOutcome | CheckOutcome[],
): CheckOutcome[] {
  let value: CheckOutcome | CheckOutcome[];
  try {
    value = run();
  } catch (error) {
    return [crashOutcome(error)];
  }
  return Array.isArray(value) ? value.map(validOutcome) : [validOutcome(value)];
}

/**
 * Runs a check's steps; a crash in any of them becomes the check's outcome (as in safeOutcomes),
 * and the evaluation goes on.
 */
function* safeSteps(
  steps: Generator<void, CheckOutcome | CheckOutcome[], void>,
): Generator<void, CheckOutcome | CheckOutcome[], void> {
  try {
    return yield* steps;
  } catch (error) {
    return crashOutcome(error);
  }
}

/** Whether annotations include any exemption: most objects and entities have none, and skip the per-result lookups. */
function hasExemptionAnnotation(annotations: unknown): boolean {
  if (!annotations || typeof annotations !== 'object') return false;
  for (const key of Object.keys(annotations))
    if (key.startsWith(EXEMPTION_ANNOTATION_PREFIX)) return true;
  return false;
}

function toResult(
  resolved: ResolvedCheck,
  outcome: CheckOutcome,
  defaultTarget: HaTarget,
  cluster?: string,
): HaResult {
  const { check, severity } = resolved;
  // Targets are shared, not copied (a workload's results all point at one): reports are read-only data.
  let target = outcome.target ?? defaultTarget;
  if (!target.cluster && cluster) target = { ...target, cluster };
  const remediation =
    outcome.remediation ??
    (outcome.status === 'fail' || outcome.status === 'warn'
      ? check.remediation
      : undefined);
  const { status, message, evidence } = outcome;
  const { id: checkId, category } = check;
  // One literal per shape (not spreads): keys stay in contract order and allocation stays minimal.
  if (remediation) {
    return evidence
      ? {
          checkId,
          category,
          status,
          severity,
          message,
          remediation,
          target,
          evidence,
        }
      : { checkId, category, status, severity, message, remediation, target };
  }
  return evidence
    ? { checkId, category, status, severity, message, target, evidence }
    : { checkId, category, status, severity, message, target };
}

function report(
  results: HaResult[],
  generatedAt: string,
  sources: HaSource[],
  grading: Grading,
): HaReport {
  const sorted = [...results].sort(compareResults);
  const { score, grade, gradeCap, categories } = summarizeResults(
    sorted,
    grading,
  );
  return gradeCap
    ? {
        score,
        grade,
        gradeCap,
        categories,
        results: sorted,
        generatedAt,
        sources,
      }
    : { score, grade, categories, results: sorted, generatedAt, sources };
}

function sourceOf(snapshot: ClusterSnapshot): HaSource {
  return {
    cluster: snapshot.cluster.name,
    fetchedAt: snapshot.fetchedAt,
    stale: snapshot.stale === true,
    errors: [...(snapshot.errors ?? [])],
  };
}

function clusterSummary(view: ClusterView): ClusterSummary {
  const nodes = view.list('nodes');
  const { cluster, version } = view.snapshot;
  return {
    name: view.name,
    ...(cluster.title ? { title: cluster.title } : {}),
    flavor: view.flavor,
    managedControlPlane: view.managedControlPlane,
    ...(view.region ? { region: view.region } : {}),
    zones: view.zones,
    nodes: {
      total: nodes.length,
      ready: nodes.filter(n => view.isNodeReady(n)).length,
      usableWorkers: view.usableWorkers().length,
      controlPlane: view.controlPlaneNodes().length,
    },
    ...(version?.gitVersion ? { version: version.gitVersion } : {}),
  };
}

function replicaSummary(
  view: ClusterView,
  w: Workload,
): WorkloadReport['replicas'] {
  const { floor, source } = view.replicaFloor(w);
  // An Operated workload's custom resource is not read: its Ready pods are the available replicas.
  if (w.kind === 'Operated') {
    const ready = view
      .podsOf(w)
      .filter(pod => podIsActive(pod) && podIsReady(pod)).length;
    return { floor, source, available: ready, desired: floor };
  }
  const status = w.object.status ?? {};
  const numberOr = (value: unknown) =>
    typeof value === 'number' ? value : undefined;
  // A bare pod has no replica status; its readiness shows in the placement.
  let available: number | undefined;
  if (w.kind === 'DaemonSet') available = numberOr(status.numberAvailable);
  else if (w.kind !== 'Pod') available = numberOr(status.availableReplicas);
  const desired =
    w.kind === 'DaemonSet'
      ? numberOr(status.desiredNumberScheduled)
      : w.specReplicas;
  return {
    floor,
    source,
    ...(available !== undefined ? { available } : {}),
    ...(desired !== undefined ? { desired } : {}),
  };
}

interface ClusterRun {
  view: ClusterView;
  source: HaSource;
  clusterResults: HaResult[];
  /** The evaluated workloads (all of the cluster's, or those of the entities) and their results. */
  workloadResults: Map<Workload, HaResult[]>;
}

/** A cluster whose view is built, before its checks run. */
interface PreparedCluster {
  /** Position of its snapshot, and of its report. */
  index: number;
  snapshot: ClusterSnapshot;
  view: ClusterView;
  matcher: WorkloadMatcher;
}

/** The clusters an entity is looked for in (in snapshot order) and the workloads it selects there. */
interface EntityMatch {
  entity: EntitySelector;
  workloads: Map<PreparedCluster, Workload[]>;
}

/** The object a result is about (its annotations and labels decide exemptions), if in the snapshot. */
function targetObject(
  view: ClusterView,
  result: HaResult,
  workload?: Workload,
): K8sObject | undefined {
  const t = result.target;
  if (
    workload &&
    t.kind === workloadKind(workload) &&
    t.name === workload.name &&
    t.namespace === workload.namespace
  )
    return workload.object;
  const key =
    t.apiGroup === undefined
      ? KEY_BY_KIND.get(t.kind)
      : KEY_BY_GROUP_KIND.get(`${t.apiGroup}/${t.kind}`);
  return key ? view.get(key, t.namespace, t.name) : undefined;
}

/**
 * The exemptions that may apply to a result about `obj`: its annotation first, then the
 * configured rules that match the check and the target, in the order they are configured.
 */
function exemptionCandidates(
  result: HaResult,
  obj: K8sObject | undefined,
  rules: CompiledExemptionRule[],
): ExemptionCandidate[] {
  const value =
    obj?.metadata?.annotations?.[exemptionAnnotation(result.checkId)];
  const candidates: ExemptionCandidate[] =
    typeof value === 'string' ? [{ source: 'object', value }] : [];
  for (const rule of rules)
    if (
      rule.matchesCheck(result.checkId) &&
      rule.matchesTarget(result.target, obj?.metadata?.labels)
    )
      candidates.push(rule.candidate);
  return candidates;
}

function entityCandidates(
  entity: EntitySelector,
  checkId: string,
): ExemptionCandidate[] {
  const value = entity.annotations?.[exemptionAnnotation(checkId)];
  return typeof value === 'string' ? [{ source: 'entity', value }] : [];
}

/** Workloads one check runs on between two steps. */
const WORKLOADS_PER_STEP = 100;

/** One workload check over the workloads (the hot loop: no closure or array per check call). */
function* runWorkloadCheck(
  resolved: ResolvedCheck,
  view: ClusterView,
  workloads: Workload[],
  add: (i: number, resolved: ResolvedCheck, outcome: CheckOutcome) => void,
): Generator<void, void, void> {
  const check = resolved.check;
  if (check.scope !== 'workload') return;
  for (let i = 0; i < workloads.length; i++) {
    if (i > 0 && i % WORKLOADS_PER_STEP === 0) yield;
    const workload = workloads[i];
    if (check.appliesTo && !check.appliesTo.includes(workload.kind)) continue;
    let value: CheckOutcome | CheckOutcome[];
    try {
      value = check.evaluate({
        cluster: view,
        workload,
        params: resolved.params,
      });
    } catch (error) {
      value = crashOutcome(error);
    }
    if (Array.isArray(value)) for (const o of value) add(i, resolved, o);
    else add(i, resolved, value);
  }
}

/** The checks of one cluster, one step per check. */
function* runClusterSteps(
  view: ClusterView,
  workloads: Workload[],
  clusterChecks: ResolvedCheck[],
  workloadChecks: ResolvedCheck[],
  policy: ExemptionPolicy,
  exemptionRules: CompiledExemptionRule[],
  today: string,
): Generator<void, ClusterRun, void> {
  const clusterTarget: HaTarget = {
    cluster: view.name,
    kind: 'Cluster',
    name: view.name,
  };
  const rules = exemptionRules.filter(r => r.matchesCluster(view.name));
  const exempt = (result: HaResult, workload?: Workload) =>
    applyExemption(
      result,
      exemptionCandidates(result, targetObject(view, result, workload), rules),
      policy,
      today,
    );

  const clusterResults: HaResult[] = [];
  for (const resolved of clusterChecks) {
    const check = resolved.check;
    if (check.scope !== 'cluster') continue;
    const ctx = { cluster: view, params: resolved.params };
    let outcomes: CheckOutcome[];
    if (check.evaluateSteps) {
      const value = yield* safeSteps(check.evaluateSteps(ctx));
      outcomes = safeOutcomes(() => value);
    } else outcomes = safeOutcomes(() => check.evaluate(ctx));
    for (const o of outcomes) {
      clusterResults.push(
        exempt(toResult(resolved, o, clusterTarget, view.name)),
      );
    }
    yield;
  }

  // Checks × workloads, check by check so that each check's code and indexes stay warm.
  const targets = workloads.map(w => workloadTarget(view, w));
  // Workloads whose own results may be exempt: by an annotation, or by a rule for their target.
  const exemptible = workloads.map(
    (w, i) =>
      hasExemptionAnnotation(w.object.metadata?.annotations) ||
      rules.some(r => r.matchesTarget(targets[i], w.object.metadata?.labels)),
  );
  const resultLists: HaResult[][] = workloads.map(() => []);
  const add = (
    i: number,
    resolved: ResolvedCheck,
    outcome: CheckOutcome,
  ): void => {
    const target = targets[i];
    const result = toResult(resolved, validOutcome(outcome), target, view.name);
    // A result about the workload itself needs the exemption lookup only when one may apply.
    resultLists[i].push(
      exemptible[i] || result.target !== target
        ? exempt(result, workloads[i])
        : result,
    );
  };
  for (const resolved of workloadChecks) {
    yield* runWorkloadCheck(resolved, view, workloads, add);
    yield;
  }
  const workloadResults = new Map(
    workloads.map((w, i) => [w, resultLists[i]] as const),
  );
  return {
    view,
    source: sourceOf(view.snapshot),
    clusterResults,
    workloadResults,
  };
}

/** A cluster that could not be evaluated: every cluster check is `unknown` with the reason. */
function brokenClusterReport(
  snapshot: ClusterSnapshot,
  error: unknown,
  clusterChecks: ResolvedCheck[],
  generatedAt: string,
  grading: Grading,
): ClusterReport {
  const name = snapshot.cluster?.name ?? 'unknown';
  const target: HaTarget = { cluster: name, kind: 'Cluster', name };
  const results = clusterChecks.map(resolved =>
    toResult(
      resolved,
      {
        status: 'unknown',
        message: `cluster snapshot could not be read: ${errorMessage(error)}`,
      },
      target,
      name,
    ),
  );
  const source = {
    ...sourceOf(snapshot),
    errors: [...(snapshot.errors ?? []), errorMessage(error)],
  };
  return {
    ...report(results, generatedAt, [source], grading),
    cluster: {
      name,
      flavor: 'generic',
      managedControlPlane: false,
      zones: [],
      nodes: { total: 0, ready: 0, usableWorkers: 0, controlPlane: 0 },
    },
  };
}

/** Workload reports built between two steps. */
const REPORTS_PER_STEP = 200;

/**
 * The whole evaluation as steps: each `next()` runs one step (part of a view, one check over up to
 * 100 of a cluster's workloads, a batch of reports, an entity) and the last one returns the result.
 */
export function* evaluationSteps(
  snapshots: ClusterSnapshot[],
  options: EvaluateOptions = {},
): Generator<void, EvaluationResult, void> {
  const now = options.today ?? new Date();
  const generatedAt = now.toISOString();
  const today = isoDay(now);
  const policy = options.config?.exemptions ?? {};
  const checks = options.checks ?? BUILTIN_CHECKS;

  const warnings: string[] = [];
  const seen = new Set<string>();
  const unique: HaCheck[] = [];
  for (const check of checks) {
    if (seen.has(check.id))
      warnings.push(
        `check id "${check.id}" is defined more than once; the first definition is used`,
      );
    else unique.push(check);
    seen.add(check.id);
  }
  const config = resolveConfig(unique, options.config);
  warnings.push(...config.warnings);
  const ruleInput = readExemptionRules(
    policy.rules,
    unique.map(c => c.id),
  );
  for (const problem of ruleInput.problems)
    warnings.push(`haPosture.exemptions.${problem} (rule not applied)`);
  for (const pattern of ruleInput.unmatched)
    warnings.push(`haPosture.exemptions.${pattern}`);
  const exemptionRules = compileExemptionRules(ruleInput.rules);
  const { grading } = config;
  const enabled = config.checks.filter(c => c.enabled);
  const byScope = (scope: HaCheck['scope']) =>
    enabled.filter(c => c.check.scope === scope);
  const [clusterChecks, workloadChecks, entityChecks] = [
    byScope('cluster'),
    byScope('workload'),
    byScope('entity'),
  ];

  // 1. Views. A cluster whose view cannot be built gets a report of `unknown` cluster results.
  const clusterReports: Array<ClusterReport | undefined> = [];
  const prepared: PreparedCluster[] = [];
  for (const [index, snapshot] of snapshots.entries()) {
    yield;
    try {
      const view = yield* clusterViewSteps(snapshot);
      prepared.push({
        index,
        snapshot,
        view,
        matcher: new WorkloadMatcher(view),
      });
      clusterReports.push(undefined);
    } catch (error) {
      clusterReports.push(
        brokenClusterReport(
          snapshot,
          error,
          clusterChecks,
          generatedAt,
          grading,
        ),
      );
    }
  }

  // 2. Entities to workloads, before any check runs, so that `workloads: 'entities'` evaluates
  // only the workloads some entity selects.
  const matches: EntityMatch[] = [];
  for (const entity of options.entities ?? []) {
    let selector: LabelSelector | undefined;
    try {
      selector = entityLabelSelector(entity);
    } catch (error) {
      warnings.push(`${entity.entityRef}: ${errorMessage(error)}`);
    }
    const workloads = new Map<PreparedCluster, Workload[]>();
    for (const cluster of prepared)
      if (entityLooksIn(entity, cluster.view))
        workloads.set(cluster, cluster.matcher.workloadsOf(entity, selector));
    matches.push({ entity, workloads });
  }
  const selected = new Set<Workload>();
  if (options.workloads === 'entities')
    for (const match of matches)
      for (const list of match.workloads.values())
        for (const workload of list) selected.add(workload);

  // 3. Checks, cluster by cluster.
  const runs = new Map<PreparedCluster, ClusterRun>();
  for (const cluster of prepared) {
    const { index, snapshot, view } = cluster;
    let run: ClusterRun;
    try {
      const all = view.workloads();
      run = yield* runClusterSteps(
        view,
        options.workloads === 'entities'
          ? all.filter(w => selected.has(w))
          : all,
        clusterChecks,
        workloadChecks,
        policy,
        exemptionRules,
        today,
      );
    } catch (error) {
      clusterReports[index] = brokenClusterReport(
        snapshot,
        error,
        clusterChecks,
        generatedAt,
        grading,
      );
      continue;
    }
    runs.set(cluster, run);
    clusterReports[index] = {
      ...report(run.clusterResults, generatedAt, [run.source], grading),
      cluster: clusterSummary(view),
    };
  }

  const clusters = clusterReports.filter(
    (r): r is ClusterReport => r !== undefined,
  );

  // Workload reports first: entities then gather already sorted result lists, which the entity
  // report's sort merges as runs instead of sorting from scratch.
  const reportByWorkload = new Map<Workload, HaReport>();
  for (const run of runs.values()) {
    const sources = [run.source];
    for (const [workload, results] of run.workloadResults) {
      reportByWorkload.set(
        workload,
        report(results, generatedAt, sources, grading),
      );
      if (reportByWorkload.size % REPORTS_PER_STEP === 0) yield;
    }
  }

  // 4. Entities: their workloads in each cluster they are looked for in, plus entity-scope checks.
  // Workload objects are unique per cluster view, so they key these maps directly.
  const entityRefsByWorkload = new Map<Workload, string[]>();
  const entityReports: EntityReport[] = [];
  for (const match of matches) {
    yield;
    const { entity } = match;
    const looked = [...match.workloads.keys()].filter(c => runs.has(c));
    const workloads: EntityWorkload[] = [];
    const results: HaResult[] = [];
    const entityAnnotated = hasExemptionAnnotation(entity.annotations);
    const exemptForEntity = (r: HaResult) =>
      entityAnnotated
        ? applyExemption(r, entityCandidates(entity, r.checkId), policy, today)
        : r;
    for (const cluster of looked) {
      for (const workload of match.workloads.get(cluster) ?? []) {
        workloads.push({ cluster: cluster.view, workload });
        const refs = entityRefsByWorkload.get(workload);
        if (refs) refs.push(entity.entityRef);
        else entityRefsByWorkload.set(workload, [entity.entityRef]);
        for (const result of reportByWorkload.get(workload)?.results ?? [])
          results.push(exemptForEntity(result));
      }
    }
    const views = looked.map(c => c.view);
    const entityTarget: HaTarget = { kind: 'Entity', name: entity.entityRef };
    for (const resolved of entityChecks) {
      const check = resolved.check;
      if (check.scope !== 'entity') continue;
      const outcomes = safeOutcomes(() =>
        check.evaluate({
          entity,
          workloads,
          clusters: views,
          params: resolved.params,
        }),
      );
      results.push(
        ...outcomes.map(o =>
          exemptForEntity(toResult(resolved, o, entityTarget)),
        ),
      );
    }
    entityReports.push({
      ...report(
        results,
        generatedAt,
        looked.map(c => runs.get(c)!.source),
        grading,
      ),
      entityRef: entity.entityRef,
      clusters: [...new Set(workloads.map(w => w.cluster.name))],
      workloads: workloads.map(({ cluster, workload }) => ({
        cluster: cluster.name,
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
        ...(workload.operatedBy ? { operatedBy: workload.operatedBy } : {}),
      })),
    });
  }

  const workloadReports: WorkloadReport[] = [];
  for (const run of runs.values()) {
    for (const workload of run.workloadResults.keys()) {
      workloadReports.push({
        cluster: run.view.name,
        kind: workload.kind,
        namespace: workload.namespace,
        name: workload.name,
        ...(workload.operatedBy ? { operatedBy: workload.operatedBy } : {}),
        entityRefs: entityRefsByWorkload.get(workload) ?? [],
        replicas: replicaSummary(run.view, workload),
        placement: placementOf(run.view, run.view.podsOf(workload)),
        report: reportByWorkload.get(workload)!,
      });
      if (workloadReports.length % REPORTS_PER_STEP === 0) yield;
    }
  }

  const evaluation: EvaluationResult = {
    clusters,
    workloads: workloadReports,
    entities: entityReports,
    overall: undefined as unknown as HaReport,
    ...(warnings.length ? { warnings } : {}),
  };
  // The one report over everything (CLI output) sorts every result of the fleet; it is built on
  // first read, so a caller that stores per-cluster/entity reports (the backend) does not pay for it.
  let overall: HaReport | undefined;
  Object.defineProperty(evaluation, 'overall', {
    enumerable: true,
    get: () =>
      (overall ??= report(
        [
          ...clusters.flatMap(r => r.results),
          ...workloadReports.flatMap(w => w.report.results),
        ],
        generatedAt,
        clusters.flatMap(r => r.sources),
        grading,
      )),
  });
  return evaluation;
}

/**
 * Evaluates snapshots of clusters against the checks (default: the built-in catalog), for the
 * clusters, their workloads and the catalog entities, in one go (see `evaluateAsync` for a server).
 * @public
 */
export const evaluate: Evaluate = (snapshots, options) =>
  runSteps(evaluationSteps(snapshots, options));
