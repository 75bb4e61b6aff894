/**
 * staging-eu: GKE Standard, regional (location europe-west1), Dataplane V2,
 * Google Cloud Managed Service for Prometheus, no Velero. The node pool was
 * surge-upgraded nine days ago.
 */
import { Cluster } from '../lib/cluster';
import { hex } from '../lib/ids';
import { addAnetd } from '../builders/cni';
import { container } from '../builders/containers';
import { addCrds } from '../builders/crds';
import { addGkePdCsiNode } from '../builders/csi';
import { addClusterDns } from '../builders/dns';
import { addGmp, addGmpRules } from '../builders/gmp';
import { addFluentbitGke } from '../builders/logging';
import { addNamespace, addSystemNamespaces } from '../builders/namespaces';
import { addKubernetesService } from '../builders/network';
import { addNode } from '../builders/nodes';
import { addPriorityClass, addSystemPriorityClasses } from '../builders/policy';
import { addStorageClass, addVolumeSnapshotClass } from '../builders/storage';
import { addDeployment } from '../builders/workloads';
import { component, deployApp, deployStatefulApp } from '../services';

export function buildStagingEu(): Cluster {
  const c = new Cluster({
    name: 'staging-eu',
    title: 'Staging EU (GKE regional, europe-west1)',
    port: 17003,
    capturedAt: '2026-11-20T10:01:00Z',
    version: {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.3-gke.1234000',
      gitCommit: 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0',
      gitTreeState: 'clean',
      buildDate: '2024-11-26T09:12:44Z',
      goVersion: 'go1.22.9 X:boringcrypto',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    region: 'europe-west1',
    location: 'europe-west1',
    serviceNet: '34.118',
    serviceThird: [224, 239],
    dnsIP: '34.118.224.10',
  });
  const AGE = '300d';
  addSystemNamespaces(c, AGE);
  addNamespace(c, 'shop', '290d', { 'acme.io/owner': 'team-shop' });
  addNamespace(c, 'data', '290d', { 'acme.io/owner': 'team-data' });
  addSystemPriorityClasses(c, AGE);
  addPriorityClass(c, {
    name: 'gmp-critical',
    value: 1000000000,
    description: 'Used for GMP collector pods.',
    created: AGE,
  });

  // Nodes: a standard default-pool and a Spot VM pool, one node of each per zone.
  const pools: Array<[string, string, string, string[]]> = [
    ['europe-west1-b', 'default-pool', '3f1c2a7b', ['k2lq']],
    ['europe-west1-b', 'spot-pool', '5e9b0c42', ['x9wd']],
    ['europe-west1-c', 'default-pool', '8d04e6c1', ['7mtz']],
    ['europe-west1-c', 'spot-pool', 'a61d3f87', ['qv3r']],
    ['europe-west1-d', 'default-pool', 'b57a9e02', ['h5dn']],
    ['europe-west1-d', 'spot-pool', '2c7e94d0', ['zc8p']],
  ];
  let i = 0;
  for (const [zone, pool, group, suffixes] of pools) {
    for (const s of suffixes) {
      const name = `gke-staging-eu-${pool}-${group}-${s}`;
      const ip = `10.132.0.${11 + i}`;
      const spot = pool === 'spot-pool';
      addNode(c, {
        name,
        zone,
        region: 'europe-west1',
        ip,
        podNet: `10.8.${i}`,
        podCIDR: `10.8.${i}.0/24`,
        providerID: `gce://acme-staging/${zone}/${name}`,
        instanceType: 'e2-standard-4',
        labels: {
          'cloud.google.com/gke-boot-disk': 'pd-balanced',
          'cloud.google.com/gke-container-runtime': 'containerd',
          'cloud.google.com/gke-cpu-scaling-level': '4',
          'cloud.google.com/gke-logging-variant': 'DEFAULT',
          'cloud.google.com/gke-max-pods-per-node': '110',
          'cloud.google.com/gke-nodepool': pool,
          'cloud.google.com/gke-os-distribution': 'cos',
          'cloud.google.com/gke-provisioning': spot ? 'spot' : 'standard',
          ...(spot ? { 'cloud.google.com/gke-spot': 'true' } : {}),
          'cloud.google.com/gke-stack-type': 'IPV4',
          'cloud.google.com/machine-family': 'e2',
          'cloud.google.com/private-node': 'false',
          'iam.gke.io/gke-metadata-server-enabled': 'true',
          'node.kubernetes.io/masq-agent-ds-ready': 'true',
          'topology.gke.io/zone': zone,
        },
        annotations: {
          'container.googleapis.com/instance_id': String(
            BigInt(`0x${hex(`staging-eu/${name}/id`, 15)}`),
          ),
          'csi.volume.kubernetes.io/nodeid': JSON.stringify({
            'pd.csi.storage.gke.io': `projects/acme-staging/zones/${zone}/instances/${name}`,
          }),
        },
        extraAddresses: [
          { type: 'ExternalIP', address: `34.78.${40 + i}.${100 + i * 7}` },
          {
            type: 'InternalDNS',
            address: `${name}.europe-west1-b.c.acme-staging.internal`,
          },
        ],
        kubeletVersion: 'v1.31.3-gke.1234000',
        osImage: 'Container-Optimized OS from Google',
        kernelVersion: '6.1.112+',
        containerRuntime: 'containerd://1.7.24',
        capacity: {
          cpu: '4',
          memory: '16386252Ki',
          pods: '110',
          ephemeralStorage: '98831908Ki',
        },
        allocatable: {
          cpu: '3920m',
          memory: '13134540Ki',
          pods: '110',
          ephemeralStorage: '47060071478',
        },
        created: `9d${i * 9}m`,
        networkCondition: {
          reason: 'RouteCreated',
          message: 'NodeController create implicit route',
        },
      });
      i++;
    }
  }
  const all = c.nodeNames();
  const [b1, b2, c1, c2, d1] = all;

  addKubernetesService(c, {
    clusterIP: '34.118.224.1',
    addresses: ['34.76.140.12'],
    targetPort: 443,
    created: AGE,
  });
  addAnetd(c, { nodes: all, created: AGE, rolledOut: '9d' });
  addClusterDns(c, {
    flavor: 'kube-dns',
    image: 'gke.gcr.io/k8s-dns-kube-dns:1.23.0-gke.9',
    nodes: [b1, c1],
    labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
    created: AGE,
    rolledOut: '9d',
  });
  addDeployment(c, {
    name: 'kube-dns-autoscaler',
    namespace: 'kube-system',
    labels: {
      'addonmanager.kubernetes.io/mode': 'Reconcile',
      'k8s-app': 'kube-dns-autoscaler',
    },
    selector: { matchLabels: { 'k8s-app': 'kube-dns-autoscaler' } },
    template: {
      labels: { 'k8s-app': 'kube-dns-autoscaler' },
      spec: {
        priorityClassName: 'system-cluster-critical',
        serviceAccountName: 'kube-dns-autoscaler',
        containers: [
          container({
            name: 'autoscaler',
            image: 'gke.gcr.io/cluster-proportional-autoscaler:v1.8.11-gke.9',
            command: [
              '/cluster-proportional-autoscaler',
              '--namespace=kube-system',
              '--configmap=kube-dns-autoscaler',
              '--target=Deployment/kube-dns',
            ],
            requests: { cpu: '20m', memory: '10Mi' },
          }),
        ],
        tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
      },
    },
    replicas: 1,
    nodes: [d1],
    created: AGE,
    rolledOut: '9d',
    revision: 3,
  });
  addFluentbitGke(c, { nodes: all, created: AGE, rolledOut: '9d' });
  addGkePdCsiNode(c, { nodes: all, created: AGE, rolledOut: '9d' });
  addGmp(c, {
    nodes: all,
    operatorNode: b2,
    ruleEvaluatorNode: c2,
    alertmanagerNode: b2,
    created: '290d',
    rolledOut: '9d',
  });

  addCrds(
    c,
    [
      'snapshot/volumesnapshotclasses',
      'snapshot/volumesnapshotcontents',
      'snapshot/volumesnapshots',
    ],
    AGE,
  );
  addStorageClass(c, {
    name: 'premium-rwo',
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-ssd' },
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    created: AGE,
  });
  addStorageClass(c, {
    name: 'standard',
    provisioner: 'kubernetes.io/gce-pd',
    parameters: { type: 'pd-standard' },
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
    labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    created: AGE,
  });
  addStorageClass(c, {
    name: 'standard-rwo',
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-balanced' },
    isDefault: true,
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists' },
    created: AGE,
  });
  addVolumeSnapshotClass(c, {
    name: 'pd-snapshot-class',
    driver: 'pd.csi.storage.gke.io',
    isDefault: true,
    created: '210d',
  });
  addStorageClass(c, {
    name: 'regional-pd',
    provisioner: 'pd.csi.storage.gke.io',
    parameters: { type: 'pd-balanced', 'replication-type': 'regional-pd' },
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
    created: '210d',
  });

  // Catalog services ---------------------------------------------------------------
  deployStatefulApp(c, component('session-cache'), {
    engine: 'redis',
    namespace: 'shop',
    version: '7.4.1',
    replicas: 3,
    nodes: [b1, c1, d1],
    hostnameAntiAffinity: 'required',
    zoneAntiAffinity: 'preferred',
    storageClassName: 'regional-pd',
    size: '20Gi',
    created: '200d',
    rolledOut: '9d',
    pdbs: [
      {
        name: 'session-cache',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    podMonitoring: true,
  });
  addGmpRules(c, {
    name: 'session-cache',
    namespace: 'shop',
    labels: { 'app.kubernetes.io/name': 'session-cache' },
    groups: [
      {
        interval: '30s',
        name: 'session-cache',
        rules: [
          {
            alert: 'SessionCacheDown',
            expr: 'up{namespace="shop",job="session-cache"} == 0',
            for: '5m',
            labels: { severity: 'critical' },
          },
          {
            alert: 'SessionCacheMemoryHigh',
            expr: 'redis_memory_used_bytes / redis_memory_max_bytes > 0.9',
            for: '15m',
            labels: { severity: 'warning' },
          },
        ],
      },
    ],
    created: '190d',
  });
  deployApp(c, component('search-indexer'), {
    namespace: 'data',
    version: '0.12.0',
    replicas: 2,
    nodes: [b2, c2],
    zoneSpread: {},
    created: '150d',
    rolledOut: '3d',
    revision: 27,
    // The second replica keeps running out of memory: the demo's containers-restarting warning.
    restarts: { 1: { count: 7, last: '25m' } },
    pdbs: [
      {
        name: 'search-indexer',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
  });
  return c;
}
