/** Turns builder objects into a ClusterView and runs one check the way the engine does. */
import { CheckOutcome, EntityCheck, HaCheck } from '../model/checks';
import { EntitySelector } from '../model/entity';
import { ResourceKey } from '../model/resources';
import {
  ClusterInfo,
  ClusterSnapshot,
  FetchState,
  FetchStatus,
  K8sObject,
  SnapshotMode,
} from '../model/snapshot';
import { ClusterView, Workload } from '../model/view';
import { buildClusterView } from '../engine/clusterView';
import { snapshotFromObjects } from '../engine/snapshotFromObjects';
import { workloadsOfEntity } from '../engine/entities';
import { defaultParams } from '../engine/config';
import { workloadTarget } from '../checks/util';
import { TEST_NOW } from './builders';

export interface ClusterFromOptions {
  /** Default `test`. */
  name?: string;
  /** Default: `dump` when any Node, or any Pod read back from a cluster (uid or status), is among the objects, else `manifests`. */
  mode?: SnapshotMode;
  /** The cluster clock; default TEST_NOW. */
  now?: string;
  /** Overrides fetch states, e.g. `{ 'poddisruptionbudgets.policy': 'forbidden' }`; objects of a non-ok type are dropped. */
  fetch?: Partial<Record<ResourceKey, FetchStatus | FetchState>>;
  /** Extra ClusterInfo (region, location, title). */
  cluster?: Partial<ClusterInfo>;
  version?: ClusterSnapshot['version'];
  servedGroupVersions?: string[];
  /**
   * Default true: test clusters describe every object they have, so a custom resource type
   * without objects is not installed (snapshotFromObjects infers it from the CRDs present).
   */
  crdsIncluded?: boolean;
}

/** The snapshot clusterFrom builds (for tests of evaluate()). */
export function snapshotFrom(
  objects: K8sObject[],
  options: ClusterFromOptions = {},
): ClusterSnapshot {
  const now = options.now ?? TEST_NOW;
  const { snapshot } = snapshotFromObjects(objects, {
    cluster: { name: options.name ?? 'test', ...options.cluster },
    mode: options.mode,
    now,
    fetchedAt: now,
    version: options.version,
    crdsIncluded: options.crdsIncluded ?? true,
  });
  if (options.servedGroupVersions)
    snapshot.servedGroupVersions = options.servedGroupVersions;
  for (const [key, override] of Object.entries(options.fetch ?? {})) {
    if (!override) continue;
    const state: FetchState =
      typeof override === 'string'
        ? {
            status: override,
            ...(override === 'ok' ? {} : { message: `simulated ${override}` }),
          }
        : override;
    snapshot.fetch[key] = state;
    if (state.status === 'ok')
      snapshot.objects[key] = snapshot.objects[key] ?? [];
    else delete snapshot.objects[key];
  }
  return snapshot;
}

/** A ClusterView of the objects (via snapshotFromObjects + buildClusterView). */
export function clusterFrom(
  objects: K8sObject[],
  options: ClusterFromOptions = {},
): ClusterView {
  return buildClusterView(snapshotFrom(objects, options));
}

/** Finds a workload by `name`, `Kind/name` or `Kind/namespace/name`; throws listing the candidates. */
export function findWorkload(view: ClusterView, ref: string): Workload {
  const parts = ref.split('/');
  // name | Kind/name | Kind/namespace/name
  const name = parts[parts.length - 1];
  const kind = parts.length > 1 ? parts[0] : undefined;
  const namespace = parts.length === 3 ? parts[1] : undefined;
  const found = view
    .workloads()
    .filter(
      w =>
        w.name === name &&
        (!kind || w.kind === kind) &&
        (!namespace || w.namespace === namespace),
    );
  if (found.length !== 1) {
    const all = view.workloads().map(w => `${w.kind}/${w.namespace}/${w.name}`);
    throw new Error(
      `${
        found.length === 0 ? 'No' : 'Ambiguous'
      } workload "${ref}" in [${all.join(', ')}]`,
    );
  }
  return found[0];
}

export interface EntityInput {
  entity: EntitySelector;
  views: ClusterView[];
}

export interface RunCheckOptions<P> {
  /** Workload checks: `name`, `Kind/name` or `Kind/namespace/name`; default every workload the check applies to. */
  workload?: string;
  params?: Partial<P>;
}

function asArray(outcome: CheckOutcome | CheckOutcome[]): CheckOutcome[] {
  return Array.isArray(outcome) ? outcome : [outcome];
}

/**
 * Runs a check as the engine would (defaults merged into params, appliesTo honoured) and returns
 * its outcomes. Cluster checks take a ClusterView; entity checks take `{ entity, views }`.
 * Workload outcomes without a target get the workload's target, so several workloads stay apart.
 */
export function runCheck<P>(
  check: HaCheck<P>,
  input: ClusterView | EntityInput,
  options: RunCheckOptions<P> = {},
): CheckOutcome[] {
  const params = { ...defaultParams(check), ...options.params } as P;
  if (check.scope === 'entity') {
    if (!('entity' in input))
      throw new Error(`${check.id} is an entity check: pass { entity, views }`);
    const entityCheck = check as EntityCheck<P>;
    const clusters = input.views.filter(
      v => !input.entity.cluster || v.name === input.entity.cluster,
    );
    return asArray(
      entityCheck.evaluate({
        entity: input.entity,
        workloads: workloadsOfEntity(input.entity, clusters),
        clusters,
        params,
      }),
    );
  }
  if ('entity' in input)
    throw new Error(
      `${check.id} is a ${check.scope} check: pass a ClusterView`,
    );
  if (check.scope === 'cluster')
    return asArray(check.evaluate({ cluster: input, params }));

  const applies = (w: Workload) =>
    !check.appliesTo || check.appliesTo.includes(w.kind);
  const targets = options.workload
    ? [findWorkload(input, options.workload)]
    : input.workloads();
  return targets.filter(applies).flatMap(workload =>
    asArray(check.evaluate({ cluster: input, workload, params })).map(o => ({
      ...o,
      target: o.target ?? workloadTarget(input, workload),
    })),
  );
}

/** runCheck for exactly one outcome (throws otherwise): `expect(runOne(check, view, { workload: 'web' }).status).toBe('pass')`. */
export function runOne<P>(
  check: HaCheck<P>,
  input: ClusterView | EntityInput,
  options: RunCheckOptions<P> = {},
): CheckOutcome {
  const outcomes = runCheck(check, input, options);
  if (outcomes.length !== 1) {
    throw new Error(
      `Expected 1 outcome of ${check.id}, got ${
        outcomes.length
      }: ${JSON.stringify(outcomes.map(o => o.message))}`,
    );
  }
  return outcomes[0];
}
