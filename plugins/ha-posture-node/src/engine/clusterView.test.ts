import {
  clusterFrom,
  configMap,
  daemonSet,
  deployment,
  endpointSlice,
  hpa,
  node,
  nodes,
  operatedPods,
  pdb,
  pod,
  podsFor,
  pvc,
  replicaSet,
  rollout,
  service,
  staticPod,
  statefulSet,
  TEST_NOW,
  k8sObject,
  snapshotFrom,
} from '../testing';
import { describeFloorSource } from '../checks/workloads';
import { buildClusterView, clusterViewSteps, workloadKey } from './clusterView';

describe('buildClusterView', () => {
  const web = deployment('web', { namespace: 'shop', replicas: 3 });
  const db = statefulSet('db', {
    namespace: 'shop',
    replicas: 2,
    volumeClaimTemplates: [{ name: 'data' }],
  });
  const agent = daemonSet('agent', { namespace: 'kube-system', desired: 3 });
  const objects = [
    ...nodes('worker', 3, ['us-east-1a', 'us-east-1b', 'us-east-1c']),
    node('cp-1', { roles: ['control-plane'], zone: 'us-east-1a' }),
    web,
    ...podsFor(web, ['worker-1', 'worker-2', undefined]),
    db,
    ...podsFor(db, ['worker-1', 'worker-2']),
    pvc('data-db-0', { namespace: 'shop' }),
    pvc('data-db-1', { namespace: 'shop' }),
    agent,
    ...podsFor(agent, ['worker-1', 'worker-2', 'worker-3']),
    pod('debug', { namespace: 'shop', node: 'worker-3' }),
    staticPod('etcd', 'cp-1'),
  ];
  const view = clusterFrom(objects);

  it('lists workloads of every kind, excluding owned ReplicaSets and mirror pods', () => {
    expect(view.workloads().map(workloadKey).sort()).toEqual([
      'DaemonSet/kube-system/agent',
      'Deployment/shop/web',
      'Pod/shop/debug',
      'StatefulSet/shop/db',
    ]);
  });

  it('resolves pods through ReplicaSets to their workload', () => {
    const w = view.workloads().find(x => x.name === 'web')!;
    const pods = view.podsOf(w);
    expect(pods).toHaveLength(3);
    expect(pods.every(p => view.workloadOfPod(p) === w)).toBe(true);
    expect(
      view
        .podsOf(view.workloads().find(x => x.name === 'db')!)
        .map(p => p.metadata.name),
    ).toEqual(['db-0', 'db-1']);
  });

  it('computes zones, region and node sets', () => {
    expect(view.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(view.region).toBe('us-east-1');
    expect(view.hasZoneLabels).toBe(true);
    expect(view.usableWorkers().map(n => n.metadata.name)).toEqual([
      'worker-1',
      'worker-2',
      'worker-3',
    ]);
    expect(view.controlPlaneNodes().map(n => n.metadata.name)).toEqual([
      'cp-1',
    ]);
    expect(view.zoneOfNode('worker-2')).toBe('us-east-1b');
    expect(view.zoneOfNode(undefined)).toBeUndefined();
    expect(view.flavor).toBe('kubeadm');
    expect(view.managedControlPlane).toBe(false);
    expect(view.now.toISOString()).toBe(TEST_NOW);
  });

  it('finds StatefulSet PVCs from volumeClaimTemplates', () => {
    expect(
      view
        .pvcsOf(view.workloads().find(x => x.name === 'db')!)
        .map(p => p.metadata.name),
    ).toEqual(['data-db-0', 'data-db-1']);
  });

  it('reports fetch states and reasons', () => {
    expect(view.fetchState('pods')).toEqual({ status: 'ok' });
    expect(view.fetchState('schedules.velero.io').status).toBe('not-installed');
    expect(view.unavailable('pods', 'schedules.velero.io')).toBe(
      "schedules.velero.io not installed on cluster test: no Schedule in the dump and no CRD for it among the dump's CRDs: not installed",
    );
    expect(view.unavailable('pods')).toBeUndefined();
    const forbidden = clusterFrom(objects, {
      name: 'prod',
      fetch: {
        'poddisruptionbudgets.policy': {
          status: 'forbidden',
          message: '403 Forbidden',
        },
      },
    });
    expect(forbidden.unavailable('poddisruptionbudgets.policy')).toBe(
      'poddisruptionbudgets.policy forbidden on cluster prod: 403 Forbidden',
    );
    expect(forbidden.fetchState('made-up.example.com')).toEqual({
      status: 'error',
      message: 'made-up.example.com was not read',
    });
    expect(forbidden.unavailable('made-up.example.com')).toBe(
      'made-up.example.com was not read (cluster prod)',
    );
  });
});

describe('replica floors', () => {
  const web = deployment('web', { replicas: 3 });
  it('uses HPA minReplicas, defaulting to 1', () => {
    const view = clusterFrom([web, hpa(web, undefined, 10)]);
    const w = view.workloads()[0];
    expect(view.replicaFloor(w)).toMatchObject({ floor: 1, source: 'hpa' });
    expect(view.hpaFor(w)?.metadata.name).toBe('web');
  });
  it('takes the lowest minReplicas when several HPAs target one workload, and names the others', () => {
    const view = clusterFrom([
      web,
      hpa(web, 3, 10, { name: 'web-cpu' }),
      hpa(web, 1, 10, { name: 'web-queue' }),
      hpa(web, 2, 10, { name: 'web-mem' }),
    ]);
    const w = view.workloads()[0];
    expect(view.replicaFloor(w)).toMatchObject({
      floor: 1,
      source: 'hpa',
      otherHpas: ['web-cpu', 'web-mem'],
    });
    expect(view.hpaFor(w)?.metadata.name).toBe('web-queue');
    expect(describeFloorSource(view.replicaFloor(w))).toBe(
      'HPA web-queue minReplicas 1, the lowest of the HPAs that target it (also web-cpu, web-mem: several HPAs on one workload fight over its replicas)',
    );
  });
  it('uses spec.replicas without HPA, and ignores HPAs of other kinds or namespaces', () => {
    const other = k8sObject('autoscaling/v2', 'HorizontalPodAutoscaler', 'x', {
      namespace: 'default',
      spec: {
        scaleTargetRef: { kind: 'StatefulSet', name: 'web' },
        minReplicas: 5,
        maxReplicas: 6,
      },
    });
    const view = clusterFrom([web, other]);
    expect(view.replicaFloor(view.workloads()[0])).toEqual({
      floor: 3,
      source: 'spec',
    });
  });
  it('treats replicas 0 as switched off even with an HPA', () => {
    const off = deployment('off', { replicas: 0 });
    const view = clusterFrom([off, hpa(off, 3, 10)]);
    expect(view.replicaFloor(view.workloads()[0])).toEqual({
      floor: 0,
      source: 'spec',
    });
  });
  it('defaults missing spec.replicas to 1, daemonsets to desired, pods to 1', () => {
    const view = clusterFrom([
      deployment('d', { replicas: null }),
      daemonSet('ds', { desired: 4 }),
      pod('p', { node: 'n1' }),
      node('n1'),
    ]);
    const floors = Object.fromEntries(
      view.workloads().map(w => [w.kind, view.replicaFloor(w)]),
    );
    expect(floors.Deployment).toEqual({
      floor: 1,
      source: 'spec',
      replicasUnset: true,
    });
    expect(floors.DaemonSet).toEqual({ floor: 4, source: 'daemonset' });
    expect(floors.Pod).toEqual({ floor: 1, source: 'pod' });
  });
});

describe('owner chains', () => {
  it('matches by uid and refuses a recreated owner with the same name', () => {
    const web = deployment('web', { replicas: 1 });
    const [rs, p] = podsFor(web, ['n1']);
    const recreated = {
      ...web,
      metadata: { ...web.metadata, uid: 'another-uid' },
    };
    const view = clusterFrom([node('n1'), recreated, rs, p]);
    expect(
      view.podsOf(view.workloads().find(w => w.kind === 'Deployment')!),
    ).toEqual([]);
  });

  it('never follows an owner reference into another namespace, even by uid', () => {
    const web = deployment('web', { namespace: 'shop', replicas: 2 });
    const db = statefulSet('db', { namespace: 'shop', replicas: 1 });
    const [rs, ...webPods] = podsFor(web, ['n1', 'n2']);
    const [dbPod] = podsFor(db, ['n1']);
    // The same pods (owner uids kept) moved to another namespace, with their ReplicaSet.
    const moved = (o: any) => ({
      ...o,
      metadata: { ...o.metadata, namespace: 'payments' },
    });
    const view = clusterFrom([
      node('n1'),
      node('n2'),
      web,
      db,
      moved(rs),
      ...webPods.map(moved),
      moved(dbPod),
    ]);
    const workload = (kind: string) =>
      view.workloads().find(w => w.kind === kind && w.namespace === 'shop')!;
    expect(view.podsOf(workload('Deployment'))).toEqual([]);
    expect(view.podsOf(workload('StatefulSet'))).toEqual([]);
  });

  it('matches by kind and name when uids are missing (projected manifests)', () => {
    const web = deployment('web');
    const [rs, p] = podsFor(web, ['n1']);
    const strip = (o: any) => ({
      ...o,
      metadata: {
        ...o.metadata,
        uid: undefined,
        ownerReferences: o.metadata.ownerReferences?.map((r: any) => ({
          ...r,
          uid: undefined,
        })),
      },
    });
    const view = clusterFrom([node('n1'), strip(web), strip(rs), strip(p)]);
    expect(view.podsOf(view.workloads()[0])).toHaveLength(1);
  });

  it('falls back to the pod-template-hash when ReplicaSets were not read', () => {
    const web = deployment('web');
    const [, p] = podsFor(web, ['n1']);
    const view = clusterFrom([node('n1'), web, p], {
      fetch: { 'replicasets.apps': 'forbidden' },
    });
    expect(
      view.podsOf(view.workloads().find(w => w.kind === 'Deployment')!),
    ).toHaveLength(1);
  });

  it('handles Rollouts and ownerless ReplicaSets', () => {
    const r = rollout('canary', { replicas: 2 });
    const rs = replicaSet('legacy', { replicas: 1 });
    const view = clusterFrom([
      node('n1'),
      r,
      ...podsFor(r, ['n1', 'n1']),
      rs,
      ...podsFor(rs, ['n1']),
    ]);
    const kinds = view
      .workloads()
      .map(w => `${w.kind}:${view.podsOf(w).length}`)
      .sort();
    expect(kinds).toEqual(['ReplicaSet:1', 'Rollout:2']);
  });

  it('takes a Rollout template from its workloadRef Deployment', () => {
    const base = deployment('base', { labels: { app: 'base' }, replicas: 0 });
    const r = k8sObject('argoproj.io/v1alpha1', 'Rollout', 'r', {
      namespace: 'default',
      spec: {
        replicas: 2,
        workloadRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'base',
        },
      },
    });
    const view = clusterFrom([base, r]);
    expect(
      view.workloads().find(w => w.kind === 'Rollout')!.templateLabels,
    ).toEqual({ app: 'base' });
    // Scaled to zero, the Deployment only holds the template: not a workload of its own.
    expect(view.workloads().map(w => `${w.kind}/${w.name}`)).toEqual([
      'Rollout/r',
    ]);
    // Still running pods (scaleDown: never, or a migration under way), it stays one.
    const running = deployment('base', {
      labels: { app: 'base' },
      replicas: 2,
    });
    expect(
      clusterFrom([running, r])
        .workloads()
        .map(w => `${w.kind}/${w.name}`)
        .sort(),
    ).toEqual(['Deployment/base', 'Rollout/r']);
  });

  it('excludes pods owned by Jobs and mirror pods from bare pods', () => {
    const job = pod('job-x', {
      node: 'n1',
      ownerReferences: [
        { kind: 'Job', name: 'job', uid: 'j', controller: true },
      ],
    });
    const view = clusterFrom([
      node('n1'),
      job,
      staticPod('kube-apiserver', 'n1'),
    ]);
    expect(view.workloads()).toEqual([]);
    expect(view.workloadOfPod(job)).toBeUndefined();
  });
});

describe('nodes', () => {
  it('excludes not-ready, cordoned, tainted and virtual nodes from usable workers', () => {
    const view = clusterFrom([
      node('ok'),
      node('down', { ready: false }),
      node('lost', { ready: 'Unknown' }),
      node('cordoned', { unschedulable: true }),
      node('tainted', {
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      }),
      node('prefer', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }),
      node('fargate-ip-1', {
        labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
      }),
      node('vk', { labels: { type: 'virtual-kubelet' } }),
    ]);
    expect(view.usableWorkers().map(n => n.metadata.name)).toEqual([
      'ok',
      'prefer',
    ]);
    expect(view.isNodeReady(view.node('lost')!)).toBe(false);
  });

  it("treats an Azure node's fault-domain number as no zone, but still as a zone label", () => {
    const azure = (name: string) =>
      `azure:///subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
    // Self-managed on Azure (kubeadm with cloud-provider-azure): the providerID says Azure.
    const view = clusterFrom([
      node('cp', {
        zone: '0',
        providerID: azure('cp'),
        roles: ['control-plane'],
      }),
      node('a', { zone: '0', providerID: azure('a') }),
      node('b', { zone: '1', providerID: azure('b') }),
    ]);
    expect(view.flavor).not.toBe('aks');
    expect(view.zones).toEqual([]);
    expect(view.workerZones).toEqual([]);
    expect(view.hasZoneLabels).toBe(true);
    expect(view.zoneOfNode('a')).toBeUndefined();
    expect(view.zoneOfNode('cp')).toBeUndefined();
    // AKS: every node is an Azure node, whatever its providerID.
    const aks = clusterFrom([
      node('c', {
        zone: '0',
        labels: { 'kubernetes.azure.com/agentpool': 'pool1' },
      }),
      node('d', { zone: '1' }),
    ]);
    expect(aks.flavor).toBe('aks');
    expect(aks.zones).toEqual([]);
    expect(aks.zoneOfNode('d')).toBeUndefined();
    // Azure nodes in availability zones: the zone names are kept.
    expect(
      clusterFrom([node('e', { zone: 'eastus-1', providerID: azure('e') })])
        .zones,
    ).toEqual(['eastus-1']);
  });

  it('takes numeric zone values of nodes that are not on Azure for zones (on-premises racks "1", "2", "3")', () => {
    const view = clusterFrom([
      node('cp-1', { zone: '1', roles: ['control-plane'] }),
      ...nodes('w', 3, ['1', '2', '3']),
      node('aws', { zone: '4', providerID: 'aws:///us-east-1a/i-0abc' }),
    ]);
    expect(view.zones).toEqual(['1', '2', '3', '4']);
    expect(view.workerZones).toEqual(['1', '2', '3', '4']);
    expect(view.zoneOfNode('cp-1')).toBe('1');
    // No region is made up from a bare number.
    expect(view.region).toBeUndefined();
  });

  it('has no zone labels on bare metal', () => {
    const view = clusterFrom([node('a'), node('b')]);
    expect(view.hasZoneLabels).toBe(false);
    expect(view.region).toBeUndefined();
  });

  it('uses the legacy failure-domain labels', () => {
    const view = clusterFrom([
      node('a', {
        labels: { 'failure-domain.beta.kubernetes.io/zone': 'europe-west1-b' },
      }),
    ]);
    expect(view.zones).toEqual(['europe-west1-b']);
    expect(view.region).toBe('europe-west1');
  });

  it('prefers the configured region, then the region label', () => {
    const objects = [
      node('a', { zone: 'eu-1a', region: 'eu-central' }),
      node('b', { zone: 'eu-1b', region: 'eu-central' }),
    ];
    expect(clusterFrom(objects).region).toBe('eu-central');
    expect(
      clusterFrom(objects, { cluster: { region: 'configured' } }).region,
    ).toBe('configured');
  });
});

describe('selectors', () => {
  const view = clusterFrom([
    node('n1'),
    pdb('all', { selector: {} }),
    pdb('none', { selector: null }),
    pdb('web', { selector: { app: 'web' } }),
    pdb('other-ns', { namespace: 'x', selector: { app: 'web' } }),
    service('web', { selector: { app: 'web' } }),
    service('manual'),
  ]);
  it('matches PDBs with k8s semantics', () => {
    expect(
      view
        .pdbsMatching('default', { app: 'web' })
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(['all', 'web']);
  });
  it('matches services with non-empty selectors only', () => {
    expect(
      view
        .servicesMatching('default', { app: 'web' })
        .map(s => s.metadata.name),
    ).toEqual(['web']);
  });
  it('answers repeated lookups of one label set alike, each caller with its own list', () => {
    const labels = { app: 'web' };
    const first = view.pdbsMatching('default', labels);
    first.pop();
    expect(
      view
        .pdbsMatching('default', labels)
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(['all', 'web']);
    expect(view.servicesMatching('default', labels)).toEqual(
      view.servicesMatching('default', { app: 'web' }),
    );
  });
  it('finds EndpointSlices of a service', () => {
    const svc = service('api', { selector: { app: 'api' } });
    const v = clusterFrom([
      node('n1'),
      svc,
      endpointSlice(svc, [{ node: 'n1', zone: 'a' }]),
    ]);
    expect(v.endpointSlicesOf(svc)).toHaveLength(1);
    expect(v.endpointSlicesOf(service('web'))).toEqual([]);
  });
  it('gets objects by namespace and name, cluster-scoped ones without namespace', () => {
    expect(view.get('services', 'default', 'web')?.metadata.name).toBe('web');
    expect(view.get('nodes', 'ignored', 'n1')?.metadata.name).toBe('n1');
    expect(view.inNamespace('poddisruptionbudgets.policy', 'x')).toHaveLength(
      1,
    );
  });
});

describe('flavor', () => {
  it.each([
    [
      'eks',
      [
        node('a', {
          providerID: 'aws:///us-east-1a/i-1',
          labels: { 'eks.amazonaws.com/nodegroup': 'ng' },
        }),
      ],
      true,
    ],
    [
      'gke',
      [
        node('a', {
          providerID: 'gce://p/europe-west1-b/vm',
          labels: { 'cloud.google.com/gke-nodepool': 'pool' },
        }),
      ],
      true,
    ],
    [
      'aks',
      [
        node('a', {
          providerID: 'azure:///subscriptions/x',
          labels: { 'kubernetes.azure.com/agentpool': 'sys' },
        }),
      ],
      true,
    ],
    [
      'k3s',
      [
        node('a', {
          providerID: 'k3s://a',
          roles: ['control-plane'],
          labels: { 'node.kubernetes.io/instance-type': 'k3s' },
        }),
      ],
      false,
    ],
    [
      'rke2',
      [
        node('a', {
          providerID: 'rke2://a',
          labels: { 'node.kubernetes.io/instance-type': 'rke2' },
        }),
      ],
      false,
    ],
    [
      'kubeadm',
      [
        node('a', { roles: ['control-plane'] }),
        configMap('kubeadm-config', 'kube-system', {}),
      ],
      false,
    ],
    ['generic', [node('a')], false],
  ] as const)('detects %s', (flavor, objects, managed) => {
    const view = clusterFrom([...objects], { mode: 'dump' });
    expect(view.flavor).toBe(flavor);
    expect(view.managedControlPlane).toBe(managed);
  });

  it('does not call a self-managed cluster on AWS EKS', () => {
    const view = clusterFrom([
      node('cp', {
        roles: ['control-plane'],
        providerID: 'aws:///us-east-1a/i-1',
      }),
      node('w', { providerID: 'aws:///us-east-1a/i-2' }),
    ]);
    expect(view.flavor).toBe('generic');
  });

  it('detects OpenShift before anything else', () => {
    const view = clusterFrom(
      [
        node('a', { providerID: 'aws:///x' }),
        k8sObject('config.openshift.io/v1', 'Infrastructure', 'cluster', {
          cluster: true,
          status: { controlPlaneTopology: 'SingleReplica' },
        }),
      ],
      { mode: 'dump' },
    );
    expect(view.flavor).toBe('openshift');
  });

  it('uses version strings', () => {
    expect(
      clusterFrom([node('a')], { version: { gitVersion: 'v1.30.1+k3s1' } })
        .flavor,
    ).toBe('k3s');
    expect(
      clusterFrom([node('a', { kubeletVersion: 'v1.29.3-eks-ae9a62a' })])
        .flavor,
    ).toBe('eks');
  });
});

describe('clusterViewSteps', () => {
  it('indexes a large cluster in several steps and builds the same view as buildClusterView', () => {
    const web = deployment('web', { replicas: 5000 });
    const snapshot = snapshotFrom([
      ...nodes('w', 3, ['a', 'b', 'c']),
      web,
      ...podsFor(
        web,
        Array.from({ length: 5000 }, (_, i) => `w-${(i % 3) + 1}`),
      ),
    ]);
    const steps = clusterViewSteps(snapshot);
    let yielded = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) yielded++;
    // Nodes, workloads, then 2,000 pods a step.
    expect(yielded).toBeGreaterThanOrEqual(4);
    const view = step.value;
    const whole = buildClusterView(snapshot);
    const [workload] = view.workloads();
    expect(view.podsOf(workload)).toHaveLength(5000);
    expect(whole.podsOf(whole.workloads()[0])).toHaveLength(5000);
    expect(view.zones).toEqual(whole.zones);
  });
});

describe('operated workloads', () => {
  const threeNodes = nodes('worker', 3, ['eu-1a', 'eu-1b', 'eu-1c']);

  it('groups the pods one custom resource controls into one Operated workload', () => {
    const pods = operatedPods('pg', ['worker-1', 'worker-2', 'worker-3'], {
      namespace: 'shop',
      labels: { 'cnpg.io/cluster': 'pg', app: 'db' },
      claims: true,
    });
    pods[0].metadata.labels!.role = 'primary';
    const view = clusterFrom([...threeNodes, ...pods]);
    expect(view.workloads().map(workloadKey)).toEqual([
      'Operated/Cluster.postgresql.cnpg.io/shop/pg',
    ]);
    const [w] = view.workloads();
    expect(w).toMatchObject({
      kind: 'Operated',
      namespace: 'shop',
      name: 'pg',
      operatedBy: {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        name: 'pg',
      },
      object: {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        metadata: { name: 'pg', namespace: 'shop' },
      },
      // Per-pod labels (instance name, role) are not common to the group.
      templateLabels: { 'cnpg.io/cluster': 'pg', app: 'db' },
    });
    expect(w.specReplicas).toBeUndefined();
    expect(w.podSpec.volumes[0].persistentVolumeClaim.claimName).toBe('pg-1');
    expect(view.podsOf(w)).toHaveLength(3);
    expect(view.workloadOfPod(pods[2])).toBe(w);
    expect(view.replicaFloor(w)).toEqual({ floor: 3, source: 'pods' });
    expect(describeFloorSource(view.replicaFloor(w), w)).toBe(
      "3 pods of Cluster shop/pg (postgresql.cnpg.io; counted from its pods: the operator's resource is not read)",
    );
  });

  it('counts only pods that are not terminal in the floor', () => {
    const pods = operatedPods('pg', ['worker-1', 'worker-2', 'worker-3'], {
      phase: [undefined, 'Failed', 'Succeeded'],
    });
    const view = clusterFrom([...threeNodes, ...pods]);
    const [w] = view.workloads();
    expect(view.podsOf(w)).toHaveLength(3);
    expect(view.replicaFloor(w).floor).toBe(1);
  });

  it('leaves out Job pods, mirror pods, batch pods and pods of built-in controllers', () => {
    const jobPod = pod('job-x', {
      node: 'worker-1',
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: 'job',
          uid: 'j',
          controller: true,
        },
      ],
    });
    const workflowPods = operatedPods('build', ['worker-1'], {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      restartPolicy: 'Never',
    });
    const sparkPods = operatedPods('spark', ['worker-2'], {
      apiVersion: 'sparkoperator.k8s.io/v1beta2',
      kind: 'SparkApplication',
      restartPolicy: 'OnFailure',
    });
    const rcPod = pod('legacy-x', {
      node: 'worker-1',
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          name: 'legacy',
          uid: 'rc',
          controller: true,
        },
      ],
    });
    const view = clusterFrom([
      ...threeNodes,
      jobPod,
      ...workflowPods,
      ...sparkPods,
      rcPod,
      staticPod('kube-apiserver', 'worker-1'),
    ]);
    expect(view.workloads()).toEqual([]);
    expect(view.workloadOfPod(workflowPods[0])).toBeUndefined();
  });

  it('keeps resources of the same kind and name in different namespaces apart, and kinds apart', () => {
    const view = clusterFrom([
      ...threeNodes,
      ...operatedPods('pg', ['worker-1', 'worker-2'], { namespace: 'shop' }),
      ...operatedPods('pg', ['worker-3'], { namespace: 'billing' }),
      ...operatedPods('pg', ['worker-1'], {
        namespace: 'shop',
        apiVersion: 'core.strimzi.io/v1beta2',
        kind: 'StrimziPodSet',
        labels: { 'strimzi.io/cluster': 'pg' },
      }).map(p => ({
        ...p,
        metadata: { ...p.metadata, name: 'pg-kafka-0' },
      })),
    ]);
    expect(view.workloads().map(workloadKey).sort()).toEqual([
      'Operated/Cluster.postgresql.cnpg.io/billing/pg',
      'Operated/Cluster.postgresql.cnpg.io/shop/pg',
      'Operated/StrimziPodSet.core.strimzi.io/shop/pg',
    ]);
    const floors = Object.fromEntries(
      view.workloads().map(w => [workloadKey(w), view.replicaFloor(w).floor]),
    );
    expect(floors['Operated/Cluster.postgresql.cnpg.io/shop/pg']).toBe(2);
    expect(floors['Operated/Cluster.postgresql.cnpg.io/billing/pg']).toBe(1);
  });

  it('leaves out pods of a deleted resource recreated under the same name (uid mismatch)', () => {
    const current = operatedPods('pg', ['worker-1', 'worker-2'], {
      uid: 'new',
    });
    const [orphan] = operatedPods('pg', ['worker-3'], { uid: 'old' });
    orphan.metadata.name = 'pg-9';
    orphan.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    current.forEach(p => {
      p.metadata.creationTimestamp = '2024-05-01T00:00:00Z';
    });
    // Without the resource, the newest pods' owner is the current one.
    const view = clusterFrom([...threeNodes, ...current, orphan]);
    const [w] = view.workloads();
    expect(view.podsOf(w).map(p => p.metadata.name)).toEqual(['pg-1', 'pg-2']);
    expect(view.workloadOfPod(orphan)).toBeUndefined();
  });

  it('takes the custom resource from the snapshot when it holds it, and its uid decides', () => {
    // Prometheus Operator kinds are among the kinds the engine reads.
    const am = k8sObject('monitoring.coreos.com/v1', 'Alertmanager', 'main', {
      namespace: 'mon',
      labels: { team: 'sre' },
    });
    const pods = operatedPods('main', ['worker-1', 'worker-2'], {
      namespace: 'mon',
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Alertmanager',
      labels: { alertmanager: 'main' },
    });
    const [stale] = operatedPods('main', ['worker-3'], {
      namespace: 'mon',
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Alertmanager',
      uid: 'deleted',
      labels: { alertmanager: 'main' },
    });
    stale.metadata.name = 'main-9';
    const view = clusterFrom([...threeNodes, am, ...pods, stale]);
    const [w] = view.workloads();
    expect(w.object).toBe(am);
    expect(view.podsOf(w)).toHaveLength(2);
    expect(view.workloadOfPod(stale)).toBeUndefined();
  });

  it('does not change how pods of modelled workloads resolve', () => {
    const web = deployment('web', { replicas: 2 });
    const view = clusterFrom([
      ...threeNodes,
      web,
      ...podsFor(web, ['worker-1', 'worker-2']),
    ]);
    expect(view.workloads().map(w => w.kind)).toEqual(['Deployment']);
  });
});
