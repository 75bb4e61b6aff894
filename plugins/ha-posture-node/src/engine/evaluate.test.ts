import { HaCheck } from '../model';
import { K8sObject } from '../model/snapshot';
import {
  deployment,
  hpa,
  node,
  nodes,
  pdbFor,
  pod,
  podsFor,
  snapshotFrom,
  statefulSet,
  staticPod,
  apiServerLease,
  service,
  endpointSlice,
  daemonSet,
  TEST_NOW,
  gateway,
  gatewayClass,
  istioGateway,
  virtualService,
} from '../testing';
import { networkIngressController } from '../checks/network/network-ingress-controller';
import { gradeOf } from '@ha-posture/plugin-ha-posture-common';
import { evaluate, evaluationSteps } from './evaluate';

const replicasCheck: HaCheck<{ min: number }> = {
  id: 'test-replicas',
  title: 'Replicas',
  category: 'replicas',
  severity: 'critical',
  scope: 'workload',
  appliesTo: ['Deployment', 'StatefulSet'],
  rationale: 'r',
  remediation: 'Run more replicas.',
  parameters: { min: { default: 2, description: 'minimum' } },
  evaluate: ({ cluster, workload, params }) => {
    const { floor } = cluster.replicaFloor(workload);
    return floor >= params.min
      ? { status: 'pass', message: `${floor} replicas` }
      : { status: 'fail', message: `${floor} replica(s)`, evidence: { floor } };
  },
};

const zonesCheck: HaCheck = {
  id: 'test-zones',
  title: 'Zones',
  category: 'nodes',
  severity: 'high',
  scope: 'cluster',
  rationale: 'r',
  remediation: 'Add zones.',
  evaluate: ({ cluster }) =>
    cluster.zones.length >= 3
      ? { status: 'pass', message: 'ok' }
      : { status: 'warn', message: `${cluster.zones.length} zones` },
};

const nodeCheck: HaCheck = {
  id: 'test-node',
  title: 'Node',
  category: 'nodes',
  severity: 'low',
  scope: 'cluster',
  rationale: 'r',
  remediation: 'Fix node.',
  evaluate: ({ cluster }) =>
    cluster.list('nodes').map(n => ({
      status: cluster.isNodeReady(n) ? 'pass' : 'fail',
      message: n.metadata.name,
      target: { kind: 'Node', name: n.metadata.name },
    })),
};

const crashing: HaCheck = {
  id: 'test-crash',
  title: 'Crash',
  category: 'health',
  severity: 'medium',
  scope: 'workload',
  rationale: 'r',
  remediation: 'x',
  evaluate: () => {
    throw new Error('boom');
  },
};

const drCheck: HaCheck = {
  id: 'test-dr',
  title: 'DR',
  category: 'dr',
  severity: 'high',
  scope: 'entity',
  rationale: 'r',
  remediation: 'Run in two regions.',
  evaluate: ({ workloads }) => {
    const regions = new Set(workloads.map(w => w.cluster.region));
    return regions.size >= 2
      ? { status: 'pass', message: 'multi-region' }
      : { status: 'fail', message: `${regions.size} region(s)` };
  },
};

const today = new Date('2024-06-01T00:00:00Z');
const label = { 'backstage.io/kubernetes-id': 'shop' };

function eastSnapshot() {
  const web = deployment('web', {
    namespace: 'shop',
    replicas: 3,
    labels: { app: 'web', ...label },
  });
  const single = deployment('single', {
    namespace: 'shop',
    labels: { app: 'single', ...label },
    annotations: {
      'ha-posture.io/exempt-test-replicas':
        'singleton by design; until=2024-12-31',
    },
  });
  return snapshotFrom(
    [
      ...nodes('e', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c']),
      node('e-down', { zone: 'us-east-1a', ready: false }),
      web,
      ...podsFor(web, ['e-1', 'e-2', 'e-3']),
      single,
      ...podsFor(single, ['e-1']),
      pod('bare', { namespace: 'shop', node: 'e-2' }),
    ],
    { name: 'east', version: { gitVersion: 'v1.30.2' } },
  );
}

function westSnapshot(extra: K8sObject[] = []) {
  const web = deployment('web', {
    namespace: 'shop',
    replicas: 1,
    labels: { app: 'web', ...label },
  });
  return snapshotFrom(
    [
      ...nodes('w', 2, ['us-west-2a', 'us-west-2b']),
      web,
      ...podsFor(web, ['w-1']),
      ...extra,
    ],
    { name: 'west' },
  );
}

describe('evaluate', () => {
  const checks = [replicasCheck, zonesCheck, nodeCheck, crashing, drCheck];
  const entity = { entityRef: 'component:default/shop', kubernetesId: 'shop' };
  const result = evaluate([eastSnapshot(), westSnapshot()], {
    checks,
    entities: [entity],
    today,
  });

  it('reports each cluster with a summary and cluster-scope results', () => {
    const east = result.clusters.find(c => c.cluster.name === 'east')!;
    expect(east.cluster).toEqual({
      name: 'east',
      flavor: 'generic',
      managedControlPlane: false,
      region: 'us-east-1',
      zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
      nodes: { total: 4, ready: 3, usableWorkers: 3, controlPlane: 0 },
      version: 'v1.30.2',
    });
    expect(
      east.results.map(
        r => `${r.checkId}:${r.status}:${r.target.kind}/${r.target.name}`,
      ),
    ).toEqual([
      'test-node:fail:Node/e-down',
      'test-zones:pass:Cluster/east',
      'test-node:pass:Node/e-1',
      'test-node:pass:Node/e-2',
      'test-node:pass:Node/e-3',
    ]);
    expect(east.results.every(r => r.target.cluster === 'east')).toBe(true);
    expect(east.results[0].remediation).toBe('Fix node.');
    expect(east.results[1].remediation).toBeUndefined();
    expect(east.sources).toEqual([
      { cluster: 'east', fetchedAt: TEST_NOW, stale: false, errors: [] },
    ]);
    expect(
      result.clusters.find(c => c.cluster.name === 'west')!.categories.nodes
        .status,
    ).toBe('warn');
  });

  it('reports workloads with placement, replicas and applicable checks only', () => {
    const web = result.workloads.find(
      w => w.cluster === 'east' && w.name === 'web',
    )!;
    expect(web.entityRefs).toEqual(['component:default/shop']);
    expect(web.replicas).toEqual({
      floor: 3,
      source: 'spec',
      available: 3,
      desired: 3,
    });
    expect(web.placement.map(p => `${p.node}/${p.zone}/${p.ready}`)).toEqual([
      'e-1/us-east-1a/true',
      'e-2/us-east-1b/true',
      'e-3/us-east-1c/true',
    ]);
    expect(web.report.results.map(r => `${r.checkId}:${r.status}`)).toEqual([
      'test-crash:unknown',
      'test-replicas:pass',
    ]);
    const bare = result.workloads.find(w => w.name === 'bare')!;
    expect(bare.entityRefs).toEqual([]);
    expect(bare.report.results.map(r => r.checkId)).toEqual(['test-crash']);
  });

  it('turns a crashing check into unknown with the reason', () => {
    const crash = result.overall.results.find(r => r.checkId === 'test-crash')!;
    expect(crash).toMatchObject({
      status: 'unknown',
      message: 'check crashed: boom',
      severity: 'medium',
      category: 'health',
    });
  });

  it('applies object exemptions', () => {
    const single = result.workloads
      .find(w => w.name === 'single')!
      .report.results.find(r => r.checkId === 'test-replicas')!;
    expect(single).toMatchObject({
      status: 'exempt',
      severity: 'critical',
      exemption: {
        reason: 'singleton by design',
        until: '2024-12-31',
        source: 'object',
      },
    });
  });

  it('builds entity reports across clusters with entity checks', () => {
    const [report] = result.entities;
    expect(report.entityRef).toBe('component:default/shop');
    expect(report.clusters).toEqual(['east', 'west']);
    expect(report.workloads.map(w => `${w.cluster}/${w.name}`)).toEqual([
      'east/web',
      'east/single',
      'west/web',
    ]);
    expect(report.results.find(r => r.checkId === 'test-dr')).toMatchObject({
      status: 'pass',
      target: { kind: 'Entity', name: 'component:default/shop' },
    });
    expect(
      report.results
        .filter(r => r.checkId === 'test-replicas')
        .map(r => `${r.target.cluster}/${r.target.name}:${r.status}`),
    ).toEqual(['west/web:fail', 'east/web:pass', 'east/single:exempt']);
    expect(report.sources.map(s => s.cluster)).toEqual(['east', 'west']);
  });

  it("evaluates only the entities' workloads when asked, with the same entity and cluster reports", () => {
    for (const catalog of [checks, undefined]) {
      const options = { checks: catalog, entities: [entity], today };
      const everything = evaluate([eastSnapshot(), westSnapshot()], options);
      const scoped = evaluate([eastSnapshot(), westSnapshot()], {
        ...options,
        workloads: 'entities',
      });
      expect(
        scoped.workloads.map(w => `${w.cluster}/${w.kind}/${w.name}`),
      ).toEqual([
        'east/Deployment/web',
        'east/Deployment/single',
        'west/Deployment/web',
      ]);
      expect(scoped.workloads).toEqual(
        everything.workloads.filter(w => w.entityRefs.length > 0),
      );
      expect(everything.workloads.length).toBeGreaterThan(
        scoped.workloads.length,
      );
      expect(scoped.entities).toEqual(everything.entities);
      expect(scoped.clusters).toEqual(everything.clusters);
    }
  });

  it('runs a check over many workloads in steps of 100', () => {
    const many = snapshotFrom([
      ...nodes('w', 3, ['a', 'b', 'c']),
      ...Array.from({ length: 250 }, (_, i) => deployment(`app-${i}`)),
    ]);
    const stepsWith = (extraChecks: HaCheck[]) => {
      const steps = evaluationSteps([many], { checks: extraChecks, today });
      let count = 0;
      while (!steps.next().done) count++;
      return count;
    };
    // One workload check over 250 workloads adds three steps of up to 100 workloads.
    expect(stepsWith([replicasCheck]) - stepsWith([])).toBe(3);
  });

  it("runs a cluster check's own steps, and turns a crash in them into unknown", () => {
    const stepped = (fail: boolean): HaCheck => ({
      ...nodeCheck,
      id: fail ? 'test-stepped-crash' : 'test-stepped',
      evaluate: () => ({ status: 'pass' as const, message: 'at once' }),
      *evaluateSteps() {
        yield;
        yield;
        if (fail) throw new Error('step broke');
        return { status: 'pass' as const, message: 'in steps' };
      },
    });
    const one = snapshotFrom(nodes('w', 1));
    const countSteps = (extraChecks: HaCheck[]) => {
      const steps = evaluationSteps([one], { checks: extraChecks, today });
      let count = 0;
      while (!steps.next().done) count++;
      return count;
    };
    // Two yields of its own, then the step after every cluster check.
    expect(countSteps([stepped(false)]) - countSteps([])).toBe(3);
    const results = evaluate([one], {
      checks: [stepped(false), stepped(true)],
      today,
    }).overall.results.map(r => `${r.checkId}: ${r.status} ${r.message}`);
    expect(results).toEqual([
      'test-stepped-crash: unknown check crashed: step broke',
      'test-stepped: pass in steps',
    ]);
  });

  it('evaluates no workload in entities mode without entities', () => {
    const scoped = evaluate([eastSnapshot()], {
      checks,
      today,
      workloads: 'entities',
    });
    expect(scoped.workloads).toEqual([]);
    expect(scoped.clusters).toHaveLength(1);
    expect(
      scoped.overall.results.every(r => r.target.kind !== 'Deployment'),
    ).toBe(true);
  });

  it('sorts results worst first and scores the overall report', () => {
    const statuses = result.overall.results.map(r => r.status);
    expect(statuses.indexOf('fail')).toBeLessThan(statuses.indexOf('pass'));
    expect(result.overall.score).not.toBeNull();
    expect(result.overall.results.some(r => r.checkId === 'test-dr')).toBe(
      false,
    );
    expect(result.overall.generatedAt).toBe(today.toISOString());
    expect(result.warnings).toBeUndefined();
  });

  it('builds the overall report once, on first read, and serializes it in place', () => {
    const fresh = evaluate([westSnapshot()], { checks, today });
    const first = fresh.overall;
    expect(fresh.overall).toBe(first);
    expect(first.results).toHaveLength(
      fresh.clusters[0].results.length +
        fresh.workloads.reduce((n, w) => n + w.report.results.length, 0),
    );
    const json = JSON.parse(JSON.stringify(fresh));
    expect(Object.keys(json)).toEqual([
      'clusters',
      'workloads',
      'entities',
      'overall',
    ]);
    expect(json.overall.results).toHaveLength(first.results.length);
  });

  it('applies entity exemptions in entity reports only', () => {
    const exempted = evaluate([westSnapshot()], {
      checks,
      today,
      entities: [
        {
          ...entity,
          annotations: {
            'ha-posture.io/exempt-test-replicas': 'migrating; until=2024-07-01',
          },
        },
      ],
    });
    expect(
      exempted.entities[0].results.find(r => r.checkId === 'test-replicas'),
    ).toMatchObject({
      status: 'exempt',
      exemption: { source: 'entity', reason: 'migrating' },
    });
    expect(
      exempted.workloads[0].report.results.find(
        r => r.checkId === 'test-replicas',
      )!.status,
    ).toBe('fail');
  });

  it('applies config: disabled checks, severity and params, with warnings', () => {
    const configured = evaluate([eastSnapshot()], {
      checks,
      today,
      config: {
        checks: {
          'test-crash': { enabled: false },
          'test-replicas': { severity: 'low', params: { min: 5 } },
          missing: { enabled: true },
        },
      },
    });
    expect(
      configured.overall.results.some(r => r.checkId === 'test-crash'),
    ).toBe(false);
    const web = configured.workloads.find(w => w.name === 'web')!.report
      .results[0];
    expect(web).toMatchObject({
      checkId: 'test-replicas',
      status: 'fail',
      severity: 'low',
    });
    expect(configured.warnings).toEqual([
      'haPosture.checks.missing: unknown check id (ignored)',
    ]);
  });

  it('grades every report with the configured thresholds, and warns about unusable ones', () => {
    const reports = (r: ReturnType<typeof evaluate>) => [
      r.overall,
      ...r.clusters,
      ...r.workloads.map(w => w.report),
      ...r.entities,
    ];
    const grades = { A: 40, B: 30, C: 20, D: 10 };
    const lenient = evaluate([eastSnapshot(), westSnapshot()], {
      checks,
      today,
      entities: [entity],
      config: { thresholds: { grades } },
    });
    expect(reports(lenient).map(r => r.score)).toEqual(
      reports(result).map(r => r.score),
    );
    expect(reports(lenient).map(r => r.grade)).toEqual(
      reports(result).map(r => gradeOf(r.score, grades)),
    );
    // The thresholds made a difference somewhere.
    expect(reports(lenient).map(r => r.grade)).not.toEqual(
      reports(result).map(r => r.grade),
    );

    const unusable = evaluate([eastSnapshot()], {
      checks,
      today,
      config: { thresholds: { grades: { B: 95 } } },
    });
    expect(unusable.warnings).toEqual([
      'haPosture.thresholds.grades: A (90) must be above B (95) (default grades used)',
    ]);
  });

  it('caps the grade of every report in which a result of a capped severity fails, and says so', () => {
    const reports = (r: ReturnType<typeof evaluate>) => [
      r.overall,
      ...r.clusters,
      ...r.workloads.map(w => w.report),
      ...r.entities,
    ];
    const plain = evaluate([eastSnapshot(), westSnapshot()], {
      checks,
      today,
      entities: [entity],
    });
    const capped = evaluate([eastSnapshot(), westSnapshot()], {
      checks,
      today,
      entities: [entity],
      // Any failing result makes the grade F; a tie names the highest failing severity.
      config: {
        thresholds: {
          gradeCaps: { critical: 'F', high: 'F', medium: 'F', low: 'F' },
        },
      },
    });
    expect(capped.warnings ?? []).toEqual([]);
    const pairs = reports(plain).map((report, i) => ({
      report,
      capped: reports(capped)[i],
    }));
    for (const { report, capped: other } of pairs) {
      const failing = report.results.filter(r => r.status === 'fail');
      const severity = (['critical', 'high', 'medium', 'low'] as const).find(
        s => failing.some(r => r.severity === s),
      );
      const lowered = severity !== undefined && report.grade !== 'F';
      expect({
        score: other.score,
        grade: other.grade,
        gradeCap: other.gradeCap,
      }).toEqual({
        score: report.score,
        grade: lowered ? 'F' : report.grade,
        gradeCap: lowered
          ? {
              severity,
              failing: failing.filter(r => r.severity === severity).length,
              scoreGrade: report.grade,
            }
          : undefined,
      });
    }
    // The cap made a difference somewhere, and left some report alone.
    expect(pairs.some(p => p.capped.gradeCap)).toBe(true);
    expect(pairs.some(p => !p.capped.gradeCap)).toBe(true);
  });

  it('marks stale snapshots and their errors in sources', () => {
    const stale = {
      ...westSnapshot(),
      stale: true,
      errors: ['connect ECONNREFUSED'],
    };
    const evaluation = evaluate([stale], { checks, today });
    expect(evaluation.clusters[0].sources).toEqual([
      {
        cluster: 'west',
        fetchedAt: TEST_NOW,
        stale: true,
        errors: ['connect ECONNREFUSED'],
      },
    ]);
  });

  it('reports malformed entity selectors as warnings', () => {
    const evaluation = evaluate([westSnapshot()], {
      checks,
      today,
      entities: [
        { entityRef: 'component:default/bad', labelSelector: 'app in (' },
      ],
    });
    expect(evaluation.warnings?.[0]).toMatch(
      /^component:default\/bad: Invalid label selector/,
    );
    expect(evaluation.entities[0].workloads).toEqual([]);
  });

  it('turns invalid outcomes into unknown and warns about duplicate ids', () => {
    const invalid: HaCheck = {
      ...zonesCheck,
      id: 'test-invalid',
      evaluate: () => ({ status: 'great' } as any),
    };
    const evaluation = evaluate([westSnapshot()], {
      checks: [invalid, invalid],
      today,
    });
    expect(evaluation.clusters[0].results).toHaveLength(1);
    expect(evaluation.clusters[0].results[0]).toMatchObject({
      status: 'unknown',
      message: expect.stringMatching(/^check returned an invalid outcome/),
    });
    expect(evaluation.warnings).toEqual([
      'check id "test-invalid" is defined more than once; the first definition is used',
    ]);
  });

  it('survives a snapshot that cannot be read', () => {
    const broken = {
      cluster: { name: 'broken' },
      objects: { nodes: [null] },
      fetch: {},
    } as any;
    const evaluation = evaluate([broken, westSnapshot()], { checks, today });
    expect(evaluation.clusters.map(c => c.cluster.name)).toEqual([
      'broken',
      'west',
    ]);
    const brokenReport = evaluation.clusters[0];
    expect(brokenReport.results.every(r => r.status === 'unknown')).toBe(true);
  });
});

describe('evaluate with the built-in checks', () => {
  it('never crashes a check on a realistic cluster, and never passes without data', () => {
    const web = deployment('web', {
      namespace: 'shop',
      replicas: 3,
      labels: { app: 'web', ...label },
    });
    const db = statefulSet('db', {
      namespace: 'shop',
      replicas: 1,
      volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
    });
    const svc = service('web', { namespace: 'shop', selector: { app: 'web' } });
    const cni = daemonSet('calico-node', {
      namespace: 'kube-system',
      desired: 6,
    });
    const objects = [
      ...['cp-1', 'cp-2', 'cp-3'].map((n, i) =>
        node(n, { roles: ['control-plane'], zone: `us-east-1${'abc'[i]}` }),
      ),
      ...nodes('w', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c']),
      ...['cp-1', 'cp-2', 'cp-3'].flatMap(n => [
        staticPod('etcd', n),
        staticPod('kube-apiserver', n),
        apiServerLease(n),
      ]),
      web,
      ...podsFor(web, ['w-1', 'w-2', 'w-3']),
      hpa(web, 3, 6),
      pdbFor(web, { maxUnavailable: 1 }),
      svc,
      endpointSlice(svc, [
        { node: 'w-1', zone: 'us-east-1a' },
        { node: 'w-2', zone: 'us-east-1b' },
      ]),
      db,
      ...podsFor(db, ['w-1']),
      cni,
      ...podsFor(cni, ['cp-1', 'cp-2', 'cp-3', 'w-1', 'w-2', 'w-3']),
      pod('bare', { namespace: 'shop', node: 'w-3' }),
    ];
    const evaluation = evaluate([snapshotFrom(objects, { name: 'prod' })], {
      today,
      entities: [{ entityRef: 'component:default/shop', kubernetesId: 'shop' }],
    });
    const all = [
      ...evaluation.overall.results,
      ...evaluation.entities.flatMap(e => e.results),
    ];
    expect(
      all
        .filter(r => r.message.startsWith('check crashed'))
        .map(r => `${r.checkId}: ${r.message}`),
    ).toEqual([]);
    expect(
      all
        .filter(r => r.status === 'unknown' || r.status === 'skipped')
        .every(r => r.message.length > 0),
    ).toBe(true);
  });

  it('does not crash on a manifests scan', () => {
    const web = deployment('web', { replicas: 2 });
    const evaluation = evaluate(
      [snapshotFrom([web, hpa(web, 2, 4)], { name: 'manifests' })],
      { today },
    );
    const crashed = evaluation.overall.results.filter(r =>
      r.message.startsWith('check crashed'),
    );
    expect(crashed.map(r => `${r.checkId}: ${r.message}`)).toEqual([]);
  });
});

describe('evaluate with exemption rules in configuration', () => {
  const checks = [replicasCheck, zonesCheck, nodeCheck];
  /** West: web runs 1 replica (fail) and a Deployment labelled as a GKE add-on, also 1 replica. */
  function addonSnapshot() {
    const addon = deployment('kube-dns-autoscaler', {
      namespace: 'kube-system',
      labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
      replicas: 1,
    });
    return westSnapshot([addon, ...podsFor(addon, ['w-2'])]);
  }
  const run = (rules: unknown, extra: Record<string, unknown> = {}) =>
    evaluate([eastSnapshot(), addonSnapshot()], {
      checks,
      today,
      config: { exemptions: { rules: rules as any, ...extra } },
    });
  const statusOf = (
    result: ReturnType<typeof evaluate>,
    cluster: string,
    name: string,
  ) =>
    result.workloads
      .find(w => w.cluster === cluster && w.name === name)!
      .report.results.find(r => r.checkId === 'test-replicas')!;

  it('exempts the results whose check and target match, by labels on the object', () => {
    const result = run([
      {
        checks: ['test-*'],
        labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
        reason: 'GKE add-on: Google reconciles it',
      },
    ]);
    expect(statusOf(result, 'west', 'kube-dns-autoscaler')).toMatchObject({
      status: 'exempt',
      severity: 'critical',
      exemption: {
        reason: 'GKE add-on: Google reconciles it',
        source: 'config',
      },
    });
    expect(statusOf(result, 'west', 'web').status).toBe('fail');
    expect(result.warnings).toBeUndefined();
  });

  it('matches cluster results by kind and name, and leaves other clusters alone', () => {
    const result = run([
      {
        checks: ['test-zones'],
        clusters: ['west'],
        kinds: ['Cluster'],
        reason: 'two zones is all the region has',
      },
      {
        checks: ['test-replicas'],
        clusters: ['we*'],
        namespaces: ['shop'],
        names: ['web'],
        reason: 'being replaced',
        until: '2024-06-30',
      },
    ]);
    const west = result.clusters.find(c => c.cluster.name === 'west')!;
    expect(west.results.find(r => r.checkId === 'test-zones')!.status).toBe(
      'exempt',
    );
    expect(statusOf(result, 'west', 'web').exemption).toEqual({
      reason: 'being replaced',
      until: '2024-06-30',
      source: 'config',
    });
    // The rules name west: the same failures in east are judged as before.
    const east = result.clusters.find(c => c.cluster.name === 'east')!;
    expect(east.results.some(r => r.status === 'exempt')).toBe(false);
    expect(statusOf(result, 'east', 'single').exemption?.source).toBe('object');
  });

  it('prefers the object annotation, stops applying an expired rule, ignores the annotation policies', () => {
    const result = run(
      [
        { checks: ['test-replicas'], reason: 'old rule', until: '2024-05-31' },
        { checks: ['test-replicas'], names: ['single'], reason: 'rule' },
      ],
      { requireExpiry: true },
    );
    // single: its annotation has an expiry, so the policy lets it apply before the rule.
    expect(statusOf(result, 'east', 'single').exemption?.reason).toBe(
      'singleton by design',
    );
    const web = statusOf(result, 'west', 'web');
    expect(web.status).toBe('fail');
    expect(web.message).toBe(
      '1 replica(s) (exemption expired on 2024-05-31: old rule)',
    );
  });

  it('applies no rule with a problem, and says so', () => {
    const result = run([
      { checks: ['test-replicas'], reason: 'x', namespace: ['shop'] },
      { checks: ['test-replicaz'], reason: 'typo' },
    ]);
    expect(statusOf(result, 'west', 'web').status).toBe('fail');
    expect(result.warnings).toEqual([
      'haPosture.exemptions.rules[0]: unknown key "namespace" (expected checks, reason, until, clusters, namespaces, kinds, names, labels) (rule not applied)',
      'haPosture.exemptions.rules[1].checks: "test-replicaz" matches no check',
    ]);
  });
});

describe('evaluate: exemptions on custom resources', () => {
  it("reads the annotation of the target's own kind: an Istio Gateway, not a Gateway API Gateway of the same name", () => {
    const gw = deployment('istio-ingressgateway', {
      namespace: 'istio-system',
      labels: { istio: 'ingressgateway' },
      replicas: 1,
    });
    const exempted = istioGateway('public', 'istio-system');
    exempted.metadata.annotations = {
      'ha-posture.io/exempt-network-ingress-controller':
        'staging gateway, one replica on purpose',
    };
    const result = evaluate(
      [
        snapshotFrom([
          ...nodes('w', 2, ['eu-1a', 'eu-1b']),
          gw,
          ...podsFor(gw, ['w-1']),
          exempted,
          virtualService('shop', 'shop', ['istio-system/public'], ['shop']),
          gatewayClass('eg', 'gateway.envoyproxy.io/gatewayclass-controller'),
          gateway('public', 'eg', { namespace: 'istio-system' }),
        ]),
      ],
      { checks: [networkIngressController], today },
    );
    expect(
      result.clusters[0].results.map(r => [
        r.target.apiGroup,
        r.target.name,
        r.status,
        r.exemption?.reason,
      ]),
    ).toEqual([
      [
        'networking.istio.io',
        'public',
        'exempt',
        'staging gateway, one replica on purpose',
      ],
    ]);
  });
});
