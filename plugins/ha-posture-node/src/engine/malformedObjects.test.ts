/**
 * Robustness over malformed objects: the example clusters with one field, in every object that
 * has it, replaced by a value of another type (what a broken manifest, a CRD at another version
 * or a hand-edited dump gives). Either snapshotFromObjects rejects the object, naming the field,
 * or the engine evaluates it: then no check may crash (a crash becomes an `unknown` whose reason
 * is a JavaScript error, useless to a service owner), and no result may become a `pass` that the
 * intact cluster did not give. `null` (an empty YAML field) means unset, which may change
 * verdicts legitimately (`replicas: null` is 1 replica), so it is only checked for crashes.
 */
import { BUILTIN_CHECKS } from '../checks';
import type { HaResult } from '@ha-posture/plugin-ha-posture-common';
import {
  EXAMPLE_CLUSTERS,
  loadExampleCluster,
} from '../__testUtils__/exampleClusters';
import { evaluate } from './evaluate';
import { WRONG_VALUES, withField } from '../__testUtils__/wrongTypes';
import { snapshotFromObjects } from './snapshotFromObjects';

const today = new Date('2026-11-20T12:00:00Z');

/** Fields the checks read, as paths from the object root. */
const FIELDS = [
  'metadata.labels',
  'metadata.annotations',
  'metadata.ownerReferences',
  'metadata.creationTimestamp',
  'spec',
  'spec.replicas',
  'spec.selector',
  'spec.selector.matchLabels',
  'spec.template',
  'spec.template.metadata.labels',
  'spec.template.spec',
  'spec.template.spec.containers',
  'spec.template.spec.affinity',
  'spec.template.spec.topologySpreadConstraints',
  'spec.template.spec.volumes',
  'spec.containers',
  'spec.nodeName',
  'spec.taints',
  'spec.minAvailable',
  'spec.maxUnavailable',
  'spec.scaleTargetRef',
  'spec.minReplicas',
  'spec.strategy',
  'spec.ports',
  'spec.rules',
  // Routes: IngressRoute (spec.routes), HTTPRoute (spec.parentRefs, status.parents).
  'spec.routes',
  'spec.parentRefs',
  'status.parents',
  // Gateway listeners (allowedRoutes) and route hostnames, read where a route's status is silent.
  'spec.listeners',
  'spec.hostnames',
  'spec.groups',
  'spec.schedule',
  'spec.template.includedNamespaces',
  'spec.endpoints',
  'spec.namespaceSelector',
  'spec.serviceMonitorSelector',
  'spec.storageClassName',
  'spec.volumeName',
  'spec.claimRef',
  // Claims' access modes (storage-shared-claim); ResourceQuotas (replicas-quota-headroom).
  'spec.accessModes',
  'status.accessModes',
  'spec.scopes',
  'spec.scopeSelector',
  'status.hard',
  'status.used',
  'status',
  'status.conditions',
  'status.replicas',
  'status.availableReplicas',
  'status.readyReplicas',
  'status.phase',
  'status.containerStatuses',
  'status.loadBalancer',
  'status.lastBackup',
  'status.completionTimestamp',
  'endpoints',
  'provisioner',
  'parameters',
  'data',
];

const resultKey = (r: HaResult) =>
  `${r.checkId} ${r.target.cluster ?? ''}/${r.target.kind}/${
    r.target.namespace ?? ''
  }/${r.target.name}`;

function evaluated(
  objects: unknown[],
  name: string,
): { results: HaResult[]; rejected: string[] } {
  const { snapshot, invalid } = snapshotFromObjects(objects, {
    cluster: { name },
    mode: 'dump',
  });
  const evaluation = evaluate([snapshot], { checks: BUILTIN_CHECKS, today });
  return {
    results: [
      ...evaluation.clusters.flatMap(c => c.results),
      ...evaluation.workloads.flatMap(w => w.report.results),
    ],
    rejected: invalid.map(i => i.reason),
  };
}

describe.each(EXAMPLE_CLUSTERS)('malformed objects in %s', cluster => {
  const intact = loadExampleCluster(cluster);
  const intactRun = evaluated(intact, cluster);
  const intactStatus = new Map(
    intactRun.results.map(r => [resultKey(r), r.status]),
  );

  it('accepts every intact object', () => {
    expect(intactRun.rejected).toEqual([]);
  });

  it.each(FIELDS)('%s of the wrong type', field => {
    const problems: string[] = [];
    let changedAny = false;
    for (const [label, value] of WRONG_VALUES) {
      const { objects, changed } = withField(intact, field, value);
      if (changed === 0) continue;
      changedAny = true;
      let run: ReturnType<typeof evaluated>;
      try {
        run = evaluated(objects, cluster);
      } catch (error) {
        problems.push(`${label}: evaluate threw ${String(error)}`);
        continue;
      }
      if (run.rejected.length > 0) {
        // Rejected: the CLI stops with this reason (file and line); nothing is evaluated.
        const leaf = field.split('.').pop()!;
        for (const reason of run.rejected)
          if (!new RegExp(`${leaf}(\\[\\d+\\])? must be`).test(reason))
            problems.push(`${label}: rejected for another reason: ${reason}`);
        continue;
      }
      // Accepted: the engine must judge it without crashing or passing it.
      for (const r of run.results) {
        if (r.message.startsWith('check crashed'))
          problems.push(`${label}: ${resultKey(r)}: ${r.message}`);
        const before = intactStatus.get(resultKey(r));
        if (
          value !== null &&
          r.status === 'pass' &&
          before !== undefined &&
          before !== 'pass'
        )
          problems.push(
            `${label}: ${resultKey(r)} became pass (was ${before}): ${
              r.message
            }`,
          );
      }
    }
    // Fields no example object has are not tested in this cluster.
    if (!changedAny) return;
    expect(problems.slice(0, 20)).toEqual([]);
  });
});
