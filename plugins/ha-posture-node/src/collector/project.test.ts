import { RESOURCE_TYPES_BY_KEY } from '../model/resources';
import {
  appliedDeployment,
  realisticNode,
  realisticPod,
} from './__fixtures__/realisticObjects';
import { projectObject } from './project';

const type = (key: string) => RESOURCE_TYPES_BY_KEY.get(key)!;
const size = (value: unknown) => JSON.stringify(value).length;

describe('projectObject', () => {
  it('shrinks a live pod to well under half its size and keeps what checks read', () => {
    const pod = realisticPod();
    const before = size(pod);
    const projected = projectObject(pod, type('pods'), 'v1')!;
    const after = size(projected);

    // Measured on this pod: 14.5 kB → 4.6 kB of JSON (its managedFields alone are 6.9 kB).
    expect(before).toBeGreaterThan(12_000);
    expect(after / before).toBeLessThan(0.4);

    expect(projected.metadata).not.toHaveProperty('managedFields');
    expect(projected.metadata).toMatchObject({
      name: 'checkout-7d9c6b5f4-x2kq8',
      namespace: 'shop',
      labels: { app: 'checkout', 'backstage.io/kubernetes-id': 'checkout' },
      ownerReferences: [
        { kind: 'ReplicaSet', name: 'checkout-7d9c6b5f4', controller: true },
      ],
      annotations: {
        'kubectl.kubernetes.io/restartedAt': '2024-05-30T08:12:00Z',
      },
    });
    const [app] = projected.spec.containers;
    expect(app.env).toBeUndefined();
    expect(app.envFrom).toBeUndefined();
    expect(projected.spec.initContainers[0].env).toBeUndefined();
    expect(app).toMatchObject({
      image: 'registry.example.com/shop/checkout:2.14.3',
      readinessProbe: { httpGet: { path: '/ready' } },
      livenessProbe: { httpGet: { path: '/healthz' } },
      resources: { requests: { cpu: '250m', memory: '512Mi' } },
    });
    expect(projected.spec).toMatchObject({
      nodeName: 'ip-10-0-1-5.eu-west-1.compute.internal',
      priorityClassName: 'business-critical',
      topologySpreadConstraints: [
        { topologyKey: 'topology.kubernetes.io/zone' },
      ],
      affinity: { podAntiAffinity: expect.any(Object) },
      volumes: expect.any(Array),
    });
    expect(projected.status.conditions).toHaveLength(5);
    expect(projected.status).toMatchObject({
      phase: 'Running',
      podIP: '10.0.1.77',
      qosClass: 'Burstable',
    });
    for (const status of [
      ...projected.status.containerStatuses,
      ...projected.status.initContainerStatuses,
    ]) {
      expect(Object.keys(status).sort()).toEqual([
        'lastState',
        'name',
        'ready',
        'restartCount',
        'started',
        'state',
      ]);
    }
  });

  it('does not change its input', () => {
    const pod = realisticPod();
    const copy = JSON.parse(JSON.stringify(pod));
    projectObject(pod, type('pods'), 'v1');
    expect(pod).toEqual(copy);
  });

  it('sets apiVersion and kind, which list items omit', () => {
    const { apiVersion, kind, ...item } = realisticPod();
    expect(projectObject(item, type('pods'), 'v1')).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
    });
    expect(
      projectObject(
        { metadata: { name: 'daily' } },
        type('schedules.velero.io'),
        'velero.io/v1',
      ),
    ).toEqual({
      apiVersion: 'velero.io/v1',
      kind: 'Schedule',
      metadata: { name: 'daily' },
    });
  });

  it('drops the image inventory and volume lists of nodes, keeps zones, conditions and capacity', () => {
    const node = realisticNode();
    const projected = projectObject(node, type('nodes'), 'v1')!;
    expect(size(projected) / size(node)).toBeLessThan(0.2);
    expect(projected.status.images).toBeUndefined();
    expect(projected.status.volumesInUse).toBeUndefined();
    expect(projected.status.volumesAttached).toBeUndefined();
    expect(projected.metadata.labels?.['topology.kubernetes.io/zone']).toBe(
      'eu-west-1a',
    );
    expect(projected.spec.providerID).toBe(
      'aws:///eu-west-1a/i-0abc1234def567890',
    );
    expect(projected.status).toMatchObject({
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { kubeletVersion: 'v1.30.2-eks-1552ad0' },
      allocatable: { pods: '58' },
    });
  });

  it('drops the last-applied manifest and template env of workloads', () => {
    const deployment = appliedDeployment();
    const projected = projectObject(
      deployment,
      type('deployments.apps'),
      'apps/v1',
    )!;
    expect(size(projected) / size(deployment)).toBeLessThan(0.35);
    expect(projected.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '12',
    });
    expect(
      projected.spec.template.spec.containers.map((c: any) => c.env),
    ).toEqual([undefined, undefined]);
    expect(
      projected.spec.template.spec.containers[0].readinessProbe,
    ).toBeDefined();
    expect(projected.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: 'checkout' } },
    });
    expect(projected.status.readyReplicas).toBe(3);
  });

  it('keeps only the kubeadm ClusterConfiguration of a ConfigMap', () => {
    const configMap = {
      metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
      data: {
        ClusterConfiguration:
          'etcd:\n  external:\n    endpoints: [https://10.0.0.5:2379]\n',
        ClusterStatus: 'x'.repeat(1000),
      },
      binaryData: { blob: 'AAAA' },
    };
    expect(projectObject(configMap, type('configmaps'), 'v1')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
      data: { ClusterConfiguration: configMap.data.ClusterConfiguration },
    });
  });

  it('keeps only the status report of cluster-autoscaler-status', () => {
    const configMap = {
      metadata: { name: 'cluster-autoscaler-status', namespace: 'kube-system' },
      data: { status: 'autoscalerStatus: Running\n', other: 'not needed' },
    };
    expect(projectObject(configMap, type('configmaps'), 'v1')?.data).toEqual({
      status: 'autoscalerStatus: Running\n',
    });
  });

  it('keeps no data of a ConfigMap under another name, even with a kept key', () => {
    const configMap = {
      metadata: { name: 'app-settings', namespace: 'kube-system' },
      data: { status: 'token: abc', ClusterConfiguration: 'x' },
    };
    expect(projectObject(configMap, type('configmaps'), 'v1')?.data).toEqual(
      {},
    );
  });

  it('keeps the one data key asked for of a report under a name of its own (--status-config-map-name)', () => {
    const configMap = {
      metadata: { name: 'ca-report', namespace: 'openshift-machine-api' },
      data: { status: 'autoscalerStatus: Running\n', other: 'not needed' },
    };
    expect(
      projectObject(configMap, type('configmaps'), 'v1', 'status')?.data,
    ).toEqual({ status: 'autoscalerStatus: Running\n' });
    expect(
      projectObject(
        { ...configMap, data: { other: 'x' } },
        type('configmaps'),
        'v1',
        'status',
      )?.data,
    ).toEqual({});
  });

  it('keeps the containers of custom resources that define them, without env', () => {
    const prometheus = {
      metadata: { name: 'k8s', namespace: 'monitoring' },
      spec: {
        replicas: 2,
        containers: [
          {
            name: 'prometheus',
            env: [{ name: 'A', value: 'b' }],
            args: ['--x'],
          },
        ],
      },
    };
    expect(
      projectObject(
        prometheus,
        type('prometheuses.monitoring.coreos.com'),
        'monitoring.coreos.com/v1',
      )!.spec,
    ).toEqual({
      replicas: 2,
      containers: [{ name: 'prometheus', args: ['--x'] }],
    });
  });

  it('skips items that are not named objects', () => {
    for (const item of [
      null,
      'pod',
      [],
      {},
      { metadata: {} },
      { metadata: { name: 3 } },
    ]) {
      expect(projectObject(item, type('pods'), 'v1')).toBeUndefined();
    }
  });
});
