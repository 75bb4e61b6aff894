import { HaCheck } from '../model';
import {
  apiServerLease,
  clusterFrom,
  daemonSet,
  deployment,
  endpointSlice,
  findWorkload,
  hpa,
  node,
  nodes,
  pdb,
  pdbFor,
  podsFor,
  pv,
  pvc,
  runCheck,
  runOne,
  service,
  snapshotFrom,
  statefulSet,
  storageClass,
} from '.';

const replicaCheck: HaCheck<{ min: number }> = {
  id: 'test-replicas',
  title: 'Test',
  category: 'replicas',
  severity: 'high',
  scope: 'workload',
  appliesTo: ['Deployment'],
  rationale: 'r',
  remediation: 'x',
  parameters: { min: { default: 2, description: 'minimum' } },
  evaluate: ({ cluster, workload, params }) =>
    cluster.replicaFloor(workload).floor >= params.min
      ? { status: 'pass', message: 'enough' }
      : {
          status: 'fail',
          message: `floor ${cluster.replicaFloor(workload).floor}`,
        },
};

describe('builders', () => {
  it('build pods that the view ties to their workloads', () => {
    const web = deployment('web', { namespace: 'shop', replicas: 3 });
    const objects = podsFor(web, ['a', 'b', 'c'], {
      ready: [true, false, true],
    });
    expect(objects.map(o => o.kind)).toEqual([
      'ReplicaSet',
      'Pod',
      'Pod',
      'Pod',
    ]);
    const view = clusterFrom([...nodes('n', 3), web, ...objects]);
    const pods = view.podsOf(findWorkload(view, 'web'));
    expect(pods.map(p => p.spec.nodeName)).toEqual(['a', 'b', 'c']);
    expect(pods.map(p => p.status.conditions[1].status)).toEqual([
      'True',
      'False',
      'True',
    ]);
    expect(new Set(pods.map(p => p.metadata.name)).size).toBe(3);
  });

  it('rebuild the same object with the same uid', () => {
    expect(deployment('x').metadata.uid).toBe(deployment('x').metadata.uid);
    expect(deployment('x').metadata.uid).not.toBe(
      deployment('x', { namespace: 'other' }).metadata.uid,
    );
  });

  it('give control-plane nodes the kubeadm taint unless told otherwise', () => {
    expect(node('cp', { roles: ['control-plane'] }).spec.taints).toHaveLength(
      1,
    );
    expect(
      node('cp', { roles: ['control-plane'], taints: [] }).spec.taints,
    ).toBeUndefined();
  });

  it('make PDB selectors from maps, selectors, null and {}', () => {
    expect(pdb('a', { selector: { app: 'x' } }).spec.selector).toEqual({
      matchLabels: { app: 'x' },
    });
    expect(
      pdb('a', { selector: { matchExpressions: [] } }).spec.selector,
    ).toEqual({ matchExpressions: [] });
    expect(pdb('a', { selector: {} }).spec.selector).toEqual({});
    expect(pdb('a', { selector: null }).spec.selector).toBeUndefined();
    expect(
      pdbFor(deployment('web', { labels: { app: 'web', tier: 't' } }), {
        maxUnavailable: 1,
      }).spec,
    ).toEqual({
      selector: { matchLabels: { app: 'web', tier: 't' } },
      maxUnavailable: 1,
    });
  });

  it('build StatefulSet pods with their claims', () => {
    const db = statefulSet('db', {
      replicas: 2,
      volumeClaimTemplates: [{ name: 'data', storageClassName: 'gp3' }],
    });
    const view = clusterFrom([
      node('n1'),
      db,
      ...podsFor(db, ['n1', 'n1']),
      pvc('data-db-0', { storageClassName: 'gp3', volumeName: 'pv-0' }),
      pv('pv-0', {
        csiDriver: 'ebs.csi.aws.com',
        zones: ['us-east-1a'],
        claim: 'default/data-db-0',
      }),
      storageClass('gp3', 'ebs.csi.aws.com', {
        volumeBindingMode: 'WaitForFirstConsumer',
      }),
    ]);
    const w = findWorkload(view, 'StatefulSet/db');
    expect(view.pvcsOf(w).map(p => p.metadata.name)).toEqual(['data-db-0']);
    expect(
      view.podsOf(w)[0].spec.volumes[0].persistentVolumeClaim.claimName,
    ).toBe('data-db-0');
    expect(
      view.get('persistentvolumes', undefined, 'pv-0')?.spec.nodeAffinity
        .required.nodeSelectorTerms[0].matchExpressions[0].values,
    ).toEqual(['us-east-1a']);
  });

  it('build services, slices, leases and daemonsets', () => {
    const svc = service('lb', { type: 'LoadBalancer', selector: { app: 'x' } });
    expect(svc.status.loadBalancer.ingress).toEqual([]);
    const slice = endpointSlice(svc, [
      { node: 'n1', zone: 'a' },
      { ready: null },
    ]);
    expect(slice.endpoints.map((e: any) => e.conditions)).toEqual([
      { ready: true },
      {},
    ]);
    expect(apiServerLease('cp-1').metadata.labels).toMatchObject({
      'apiserver.kubernetes.io/identity': 'kube-apiserver',
    });
    expect(daemonSet('ds', { desired: 3, ready: 2 }).status).toMatchObject({
      numberReady: 2,
      numberUnavailable: 1,
    });
  });
});

describe('harness', () => {
  const good = deployment('good', { replicas: 3 });
  const single = deployment('single');
  const view = clusterFrom([
    node('n1'),
    good,
    single,
    hpa(good, 2, 5),
    daemonSet('ds', { desired: 1 }),
  ]);

  it('runs a workload check on one workload with default params', () => {
    expect(runOne(replicaCheck, view, { workload: 'good' }).status).toBe(
      'pass',
    );
    expect(
      runOne(replicaCheck, view, { workload: 'Deployment/default/single' }),
    ).toMatchObject({ status: 'fail', message: 'floor 1' });
  });

  it('merges params', () => {
    expect(
      runOne(replicaCheck, view, { workload: 'good', params: { min: 3 } })
        .status,
    ).toBe('fail');
  });

  it('runs on every applicable workload, with targets', () => {
    const outcomes = runCheck(replicaCheck, view);
    expect(outcomes.map(o => o.target?.name).sort()).toEqual([
      'good',
      'single',
    ]);
    expect(runCheck(replicaCheck, view, { workload: 'ds' })).toEqual([]);
  });

  it('throws on unknown workloads', () => {
    expect(() => runCheck(replicaCheck, view, { workload: 'nope' })).toThrow(
      /No workload "nope"/,
    );
  });

  it('runs entity checks across views', () => {
    const entityCheck: HaCheck = {
      id: 'test-entity',
      title: 't',
      category: 'dr',
      severity: 'medium',
      scope: 'entity',
      rationale: 'r',
      remediation: 'x',
      evaluate: ({ workloads, clusters }) => ({
        status: 'pass',
        message: `${workloads.length} in ${clusters.length}`,
      }),
    };
    const labelled = deployment('api', {
      labels: { app: 'api', 'backstage.io/kubernetes-id': 'api' },
    });
    const east = clusterFrom([node('n'), labelled], { name: 'east' });
    const west = clusterFrom([node('n'), labelled], { name: 'west' });
    expect(
      runOne(entityCheck, {
        entity: { entityRef: 'component:default/api', kubernetesId: 'api' },
        views: [east, west],
      }).message,
    ).toBe('2 in 2');
    expect(
      runOne(entityCheck, {
        entity: {
          entityRef: 'component:default/api',
          kubernetesId: 'api',
          cluster: 'west',
        },
        views: [east, west],
      }).message,
    ).toBe('1 in 1');
  });

  it('simulates fetch failures', () => {
    const snapshot = snapshotFrom([node('n1'), pdb('x')], {
      fetch: { 'poddisruptionbudgets.policy': 'forbidden' },
    });
    expect(snapshot.objects['poddisruptionbudgets.policy']).toBeUndefined();
    expect(snapshot.fetch['poddisruptionbudgets.policy']).toEqual({
      status: 'forbidden',
      message: 'simulated forbidden',
    });
  });
});
