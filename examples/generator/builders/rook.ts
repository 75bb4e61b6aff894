/**
 * Rook/Ceph: operator, CephCluster with its mon/mgr/osd Deployments, the RBD
 * CSI driver, a replicated CephBlockPool and the StorageClass /
 * VolumeSnapshotClass that use it.
 */
import { Cluster } from '../lib/cluster';
import { Duration, seconds } from '../lib/time';
import { container, httpGet, tcpSocket } from './containers';
import { addCrds } from './crds';
import { meta } from './meta';
import { addService } from './network';
import { addStorageClass, addVolumeSnapshotClass } from './storage';
import { addDaemonSet, addDeployment } from './workloads';

export interface RookOpts {
  namespace: string;
  created: Duration;
  rolledOut: Duration;
  operatorNode: string;
  monNodes: string[];
  mgrNodes: string[];
  osdNodes: string[];
  csiNodes: string[];
  provisionerNodes: string[];
  pool: { name: string; size: number; failureDomain: string };
}

const CEPH_IMAGE = 'quay.io/ceph/ceph:v18.2.4';

export function addRook(c: Cluster, o: RookOpts): void {
  addCrds(
    c,
    ['rook/cephblockpools', 'rook/cephclusters', 'rook/cephfilesystems'],
    o.created,
  );
  const ns = o.namespace;
  const created = seconds(o.created);
  addDeployment(c, {
    name: 'rook-ceph-operator',
    namespace: ns,
    labels: {
      app: 'rook-ceph-operator',
      'app.kubernetes.io/part-of': 'rook-ceph-operator',
      operator: 'rook',
      'storage-backend': 'ceph',
    },
    selector: { matchLabels: { app: 'rook-ceph-operator' } },
    template: {
      labels: { app: 'rook-ceph-operator' },
      spec: {
        serviceAccountName: 'rook-ceph-system',
        containers: [
          container({
            name: 'rook-ceph-operator',
            image: 'docker.io/rook/ceph:v1.15.5',
            args: ['ceph', 'operator'],
            requests: { cpu: '200m', memory: '128Mi' },
            limits: { memory: '512Mi' },
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.operatorNode],
    created,
    rolledOut: o.rolledOut,
    revision: 4,
  });

  const cephCluster = c.add({
    apiVersion: 'ceph.rook.io/v1',
    kind: 'CephCluster',
    metadata: meta(c, 'CephCluster', {
      name: 'rook-ceph',
      namespace: ns,
      created: created - 120,
      generation: 3,
      finalizers: ['cephcluster.ceph.rook.io'],
    }),
    spec: {
      cephVersion: { image: CEPH_IMAGE },
      dataDirHostPath: '/var/lib/rook',
      mgr: {
        count: o.mgrNodes.length,
        modules: [{ enabled: true, name: 'rook' }],
      },
      mon: { allowMultiplePerNode: false, count: o.monNodes.length },
      placement: {
        all: { tolerations: [{ key: 'storage-node', operator: 'Exists' }] },
      },
      storage: {
        useAllDevices: true,
        useAllNodes: false,
        nodes: o.osdNodes.map(n => ({ name: n })),
      },
    },
    status: {
      ceph: {
        capacity: {
          bytesAvailable: 4123168604160,
          bytesTotal: 6597069766656,
          bytesUsed: 2473901162496,
          lastUpdated: c.ago(41),
        },
        fsid: '3c1a9b52-7e5d-4c1e-9a0b-2b8f6d1c4e77',
        health: 'HEALTH_OK',
        lastChecked: c.ago(41),
        versions: {
          mgr: { 'ceph version 18.2.4 reef (stable)': o.mgrNodes.length },
          mon: { 'ceph version 18.2.4 reef (stable)': o.monNodes.length },
          osd: { 'ceph version 18.2.4 reef (stable)': o.osdNodes.length },
        },
      },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'ClusterCreated',
          message: 'Cluster created successfully',
          lastHeartbeatTime: c.ago(41),
          lastTransitionTime: c.ago(created - 600),
        },
      ],
      message: 'Cluster created successfully',
      phase: 'Ready',
      state: 'Created',
      version: { image: CEPH_IMAGE, version: '18.2.4-0' },
    },
  });

  const daemon = (
    app: string,
    id: string,
    node: string,
    port: number,
    extra: Record<string, string>,
  ) => {
    const name = `${app}-${id}`;
    const labels = {
      app,
      app_name: app,
      ceph_daemon_id: id,
      ceph_daemon_type: app.replace('rook-ceph-', ''),
      rook_cluster: ns,
      'rook.io/operator-namespace': ns,
      ...extra,
    };
    addDeployment(c, {
      name,
      namespace: ns,
      labels,
      selector: { matchLabels: { app, ceph_daemon_id: id, rook_cluster: ns } },
      template: {
        labels,
        spec: {
          serviceAccountName: 'rook-ceph-default',
          containers: [
            container({
              name: app.replace('rook-ceph-', ''),
              image: CEPH_IMAGE,
              requests:
                app === 'rook-ceph-osd'
                  ? { cpu: '1', memory: '4Gi' }
                  : { cpu: '500m', memory: '1Gi' },
              limits:
                app === 'rook-ceph-osd' ? { memory: '8Gi' } : { memory: '2Gi' },
              livenessProbe:
                app === 'rook-ceph-mgr'
                  ? httpGet('/', port, { initialDelaySeconds: 10 })
                  : tcpSocket(port, { initialDelaySeconds: 10 }),
              ports: [
                {
                  name:
                    app === 'rook-ceph-mon'
                      ? 'tcp-msgr2'
                      : app === 'rook-ceph-mgr'
                      ? 'http-metrics'
                      : 'osd-port-v2',
                  containerPort: port,
                },
              ],
            }),
          ],
          nodeSelector: { 'kubernetes.io/hostname': node },
          priorityClassName: 'system-node-critical',
          tolerations: [{ key: 'storage-node', operator: 'Exists' }],
        },
      },
      replicas: 1,
      nodes: [node],
      created: created - 300,
      rolledOut: o.rolledOut,
      revision: 3,
      strategy: { type: 'Recreate' },
      owner: cephCluster,
    });
  };
  'abc'
    .split('')
    .slice(0, o.monNodes.length)
    .forEach((id, i) =>
      daemon('rook-ceph-mon', id, o.monNodes[i], 3300, {
        mon: id,
        mon_cluster: ns,
      }),
    );
  'ab'
    .split('')
    .slice(0, o.mgrNodes.length)
    .forEach((id, i) =>
      daemon('rook-ceph-mgr', id, o.mgrNodes[i], 9283, {
        mgr: id,
        mgr_role: i === 0 ? 'active' : 'standby',
      }),
    );
  o.osdNodes.forEach((n, i) =>
    daemon('rook-ceph-osd', String(i), n, 6800, {
      osd: String(i),
      'topology-location-host': n,
      'topology-location-zone': c.node(n).zone ?? '',
    }),
  );
  addService(c, {
    name: 'rook-ceph-mgr',
    namespace: ns,
    labels: { app: 'rook-ceph-mgr', rook_cluster: ns },
    selector: { app: 'rook-ceph-mgr', mgr_role: 'active', rook_cluster: ns },
    ports: [{ name: 'http-metrics', port: 9283, targetPort: 9283 }],
    created: created - 300,
  });

  addDaemonSet(c, {
    name: 'csi-rbdplugin',
    namespace: ns,
    labels: { app: 'csi-rbdplugin', contains: 'csi-rbdplugin-metrics' },
    selector: { matchLabels: { app: 'csi-rbdplugin' } },
    template: {
      labels: { app: 'csi-rbdplugin', contains: 'csi-rbdplugin-metrics' },
      spec: {
        hostNetwork: true,
        hostPID: true,
        serviceAccountName: 'rook-csi-rbd-plugin-sa',
        priorityClassName: 'system-node-critical',
        containers: [
          container({
            name: 'driver-registrar',
            image:
              'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.11.1',
            args: ['--v=0', '--csi-address=/csi/csi.sock'],
          }),
          container({
            name: 'csi-rbdplugin',
            image: 'quay.io/cephcsi/cephcsi:v3.12.2',
            args: [
              '--nodeid=$(NODE_ID)',
              '--type=rbd',
              '--nodeserver=true',
              '--drivername=rook-ceph.rbd.csi.ceph.com',
            ],
            securityContext: { privileged: true },
          }),
        ],
      },
    },
    nodes: o.csiNodes,
    created: created - 240,
    rolledOut: o.rolledOut,
    generation: 3,
  });
  addDeployment(c, {
    name: 'csi-rbdplugin-provisioner',
    namespace: ns,
    labels: { app: 'csi-rbdplugin-provisioner' },
    selector: { matchLabels: { app: 'csi-rbdplugin-provisioner' } },
    template: {
      labels: {
        app: 'csi-rbdplugin-provisioner',
        contains: 'csi-rbdplugin-metrics',
      },
      spec: {
        serviceAccountName: 'rook-csi-rbd-provisioner-sa',
        priorityClassName: 'system-cluster-critical',
        containers: [
          container({
            name: 'csi-provisioner',
            image: 'registry.k8s.io/sig-storage/csi-provisioner:v5.0.1',
            args: ['--csi-address=$(ADDRESS)', '--leader-election=true'],
          }),
          container({
            name: 'csi-snapshotter',
            image: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.0.1',
            args: ['--csi-address=$(ADDRESS)', '--leader-election=true'],
          }),
          container({
            name: 'csi-rbdplugin',
            image: 'quay.io/cephcsi/cephcsi:v3.12.2',
            args: [
              '--type=rbd',
              '--controllerserver=true',
              '--drivername=rook-ceph.rbd.csi.ceph.com',
            ],
          }),
        ],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              {
                labelSelector: {
                  matchExpressions: [
                    {
                      key: 'app',
                      operator: 'In',
                      values: ['csi-rbdplugin-provisioner'],
                    },
                  ],
                },
                topologyKey: 'kubernetes.io/hostname',
              },
            ],
          },
        },
      },
    },
    replicas: o.provisionerNodes.length,
    nodes: o.provisionerNodes,
    created: created - 240,
    rolledOut: o.rolledOut,
    revision: 3,
  });

  c.add({
    apiVersion: 'ceph.rook.io/v1',
    kind: 'CephBlockPool',
    metadata: meta(c, 'CephBlockPool', {
      name: o.pool.name,
      namespace: ns,
      created: created - 900,
      generation: 1,
      finalizers: ['cephblockpool.ceph.rook.io'],
    }),
    spec: {
      enableRBDStats: true,
      erasureCoded: { codingChunks: 0, dataChunks: 0 },
      failureDomain: o.pool.failureDomain,
      mirroring: {},
      quotas: {},
      replicated: { requireSafeReplicaSize: true, size: o.pool.size },
      statusCheck: { mirror: {} },
    },
    status: {
      info: { rbdMirrorBootstrapPeerSecretName: 'pool-peer-token-replicapool' },
      observedGeneration: 1,
      phase: 'Ready',
    },
  });
  addStorageClass(c, {
    name: 'ceph-block',
    provisioner: 'rook-ceph.rbd.csi.ceph.com',
    isDefault: true,
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    parameters: {
      clusterID: ns,
      'csi.storage.k8s.io/controller-expand-secret-name':
        'rook-csi-rbd-provisioner',
      'csi.storage.k8s.io/controller-expand-secret-namespace': ns,
      'csi.storage.k8s.io/fstype': 'ext4',
      'csi.storage.k8s.io/node-stage-secret-name': 'rook-csi-rbd-node',
      'csi.storage.k8s.io/node-stage-secret-namespace': ns,
      'csi.storage.k8s.io/provisioner-secret-name': 'rook-csi-rbd-provisioner',
      'csi.storage.k8s.io/provisioner-secret-namespace': ns,
      imageFeatures: 'layering',
      imageFormat: '2',
      pool: o.pool.name,
    },
    created: created - 900,
  });
  addVolumeSnapshotClass(c, {
    name: 'csi-rbdplugin-snapclass',
    driver: 'rook-ceph.rbd.csi.ceph.com',
    isDefault: true,
    parameters: {
      clusterID: ns,
      'csi.storage.k8s.io/snapshotter-secret-name': 'rook-csi-rbd-provisioner',
      'csi.storage.k8s.io/snapshotter-secret-namespace': ns,
    },
    created: created - 900,
  });
}
