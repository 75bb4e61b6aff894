/**
 * prod-eu: self-managed kubeadm cluster on EC2 in eu-central-1.
 * Story: 3 stacked-etcd control-plane nodes over zones a/b/c. cp-0 died two
 * hours ago and was replaced by cp-3 (its identity lease is still there,
 * stale). Worker 6 (zone c) stopped reporting three minutes ago.
 */
import { Cluster } from '../lib/cluster';
import { addResourceQuota } from '../builders/quota';
import { addCalico, addKubeProxy } from '../builders/cni';
import { container } from '../builders/containers';
import {
  addApiserverIdentityLease,
  addKubeadmConfig,
  addKubeadmStaticPods,
  addLeaderLease,
} from '../builders/controlplane';
import { addCrds } from '../builders/crds';
import { addMcsApi, addServiceExport } from '../builders/multicluster';
import { addClustersetImports } from './clusterset';
import { addClusterDns } from '../builders/dns';
import { addEnvoyGateway } from '../builders/gateway';
import { addExternalDns } from '../builders/externalDns';
import { addIngressNginx } from '../builders/ingress';
import { addFluentBit } from '../builders/logging';
import { addNamespace, addSystemNamespaces } from '../builders/namespaces';
import { addKubernetesService } from '../builders/network';
import { addNode } from '../builders/nodes';
import { addPriorityClass, addSystemPriorityClasses } from '../builders/policy';
import { addPromStack } from '../builders/prometheus';
import { addRook } from '../builders/rook';
import { addStorageClass } from '../builders/storage';
import { addVelero } from '../builders/velero';
import { addBarePod } from '../builders/workloads';
import {
  appLabels,
  component,
  deployApp,
  deployStatefulApp,
} from '../services';

export function buildProdEu(): Cluster {
  const c = new Cluster({
    name: 'prod-eu',
    title: 'Production EU (kubeadm, self-managed)',
    port: 17001,
    capturedAt: '2026-11-20T10:00:00Z',
    version: {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.4',
      gitCommit: 'a78aa47129b8539636eb86a9d00e31b2720fe06b',
      gitTreeState: 'clean',
      buildDate: '2024-12-10T11:37:33Z',
      goVersion: 'go1.22.9',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    region: 'eu-central-1',
    serviceNet: '10.96',
    dnsIP: '10.96.0.10',
  });
  const AGE = '480d';
  const UPGRADE = '35d';
  addSystemNamespaces(c, AGE);
  for (const ns of [
    'ingress-nginx',
    'envoy-gateway-system',
    'edge',
    'rook-ceph',
    'velero',
    'monitoring',
    'logging',
  ])
    addNamespace(c, ns, '470d', { 'acme.io/owner': 'team-platform' });
  addNamespace(c, 'shop', '460d', { 'acme.io/owner': 'team-shop' });
  addNamespace(c, 'payments', '460d', {
    'acme.io/owner': 'team-payments',
    'pod-security.kubernetes.io/enforce': 'restricted',
  });
  addNamespace(c, 'platform', '460d', { 'acme.io/owner': 'team-platform' });
  addNamespace(c, 'reports', '455d', { 'acme.io/owner': 'team-data' });

  addSystemPriorityClasses(c, AGE);
  addPriorityClass(c, {
    name: 'platform-critical',
    value: 1000000,
    description: 'Cluster add-ons that user traffic depends on (ingress).',
    created: '470d',
  });
  addPriorityClass(c, {
    name: 'business-critical',
    value: 100000,
    description: 'Tier-1 customer-facing services.',
    created: '460d',
  });
  addPriorityClass(c, {
    name: 'batch-low',
    value: -10,
    description: 'Batch work that may be preempted.',
    preemptionPolicy: 'Never',
    created: '460d',
  });

  // Nodes -------------------------------------------------------------------
  const base = {
    kubeletVersion: 'v1.31.4',
    osImage: 'Ubuntu 24.04.1 LTS',
    kernelVersion: '6.8.0-1019-aws',
    containerRuntime: 'containerd://1.7.24',
  };
  const cpCap = {
    cpu: '4',
    memory: '16173456Ki',
    pods: '110',
    ephemeralStorage: '101430960Ki',
  };
  const cpAlloc = {
    cpu: '4',
    memory: '16071056Ki',
    pods: '110',
    ephemeralStorage: '93478772582',
  };
  const wCap = {
    cpu: '8',
    memory: '32386520Ki',
    pods: '110',
    ephemeralStorage: '202861712Ki',
  };
  const wAlloc = {
    cpu: '8',
    memory: '32284120Ki',
    pods: '110',
    ephemeralStorage: '186957365798',
  };
  const cp = (
    name: string,
    zone: string,
    ip: string,
    podNet: string,
    created: string,
  ) =>
    addNode(c, {
      ...base,
      name,
      zone,
      region: 'eu-central-1',
      ip,
      podNet,
      podCIDR: `${podNet}.0/24`,
      controlPlane: true,
      labels: {
        'node-role.kubernetes.io/control-plane': '',
        'node.kubernetes.io/exclude-from-external-load-balancers': '',
      },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket':
          'unix:///var/run/containerd/containerd.sock',
        'projectcalico.org/IPv4Address': `${ip}/24`,
      },
      taints: [
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
      ],
      capacity: cpCap,
      allocatable: cpAlloc,
      created,
      networkCondition: {
        reason: 'CalicoIsUp',
        message: 'Calico is running on this node',
      },
    });
  const worker = (
    name: string,
    zone: string,
    ip: string,
    podNet: string,
    created: string,
    extra: { labels?: Record<string, string>; notReadySince?: string } = {},
  ) =>
    addNode(c, {
      ...base,
      name,
      zone,
      region: 'eu-central-1',
      ip,
      podNet,
      podCIDR: `${podNet}.0/24`,
      labels: { 'node-role.kubernetes.io/worker': '', ...(extra.labels ?? {}) },
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket':
          'unix:///var/run/containerd/containerd.sock',
        'projectcalico.org/IPv4Address': `${ip}/24`,
      },
      capacity: wCap,
      allocatable: wAlloc,
      created,
      notReadySince: extra.notReadySince,
      networkCondition: {
        reason: 'CalicoIsUp',
        message: 'Calico is running on this node',
      },
    });
  cp('prod-eu-cp-1', 'eu-central-1a', '10.10.1.10', '192.168.10', AGE);
  cp('prod-eu-cp-2', 'eu-central-1b', '10.10.2.10', '192.168.20', AGE);
  cp('prod-eu-cp-3', 'eu-central-1c', '10.10.3.11', '192.168.30', '1h40m');
  worker('prod-eu-worker-1', 'eu-central-1a', '10.10.1.21', '192.168.11', AGE);
  worker(
    'prod-eu-worker-2',
    'eu-central-1a',
    '10.10.1.22',
    '192.168.12',
    '300d',
    { labels: { 'acme.io/pool': 'search' } },
  );
  worker('prod-eu-worker-3', 'eu-central-1b', '10.10.2.21', '192.168.21', AGE);
  worker(
    'prod-eu-worker-4',
    'eu-central-1b',
    '10.10.2.22',
    '192.168.22',
    '300d',
  );
  worker('prod-eu-worker-5', 'eu-central-1c', '10.10.3.21', '192.168.31', AGE);
  worker(
    'prod-eu-worker-6',
    'eu-central-1c',
    '10.10.3.22',
    '192.168.32',
    '300d',
    { notReadySince: '3m' },
  );
  const all = c.nodeNames();
  const workers = c.nodeNames(n => !n.controlPlane);
  const [w1, w2, w3, w4, w5, w6] = workers;

  // Control plane -------------------------------------------------------------
  addKubeadmConfig(c, {
    clusterName: 'prod-eu',
    version: 'v1.31.4',
    controlPlaneEndpoint: 'k8s-api.prod-eu.acme.internal:6443',
    podSubnet: '192.168.0.0/16',
    serviceSubnet: '10.96.0.0/12',
    created: AGE,
  });
  addKubeadmStaticPods(c, {
    node: 'prod-eu-cp-1',
    version: 'v1.31.4',
    etcdServers: 'https://127.0.0.1:2379',
    created: UPGRADE,
  });
  addKubeadmStaticPods(c, {
    node: 'prod-eu-cp-2',
    version: 'v1.31.4',
    etcdServers: 'https://127.0.0.1:2379',
    created: '34d23h',
  });
  addKubeadmStaticPods(c, {
    node: 'prod-eu-cp-3',
    version: 'v1.31.4',
    etcdServers: 'https://127.0.0.1:2379',
    created: '1h38m',
  });
  addApiserverIdentityLease(c, {
    hostname: 'prod-eu-cp-1',
    renewedAgo: '4s',
    created: AGE,
    holderKey: UPGRADE,
  });
  addApiserverIdentityLease(c, {
    hostname: 'prod-eu-cp-2',
    renewedAgo: '7s',
    created: AGE,
    holderKey: UPGRADE,
  });
  addApiserverIdentityLease(c, {
    hostname: 'prod-eu-cp-3',
    renewedAgo: '2s',
    created: '1h37m',
  });
  // cp-0 (zone c) died two hours ago; its lease has not been garbage-collected yet.
  addApiserverIdentityLease(c, {
    hostname: 'prod-eu-cp-0',
    renewedAgo: '2h',
    created: AGE,
    holderKey: UPGRADE,
  });
  addLeaderLease(c, {
    name: 'kube-scheduler',
    holderHost: 'prod-eu-cp-2',
    renewedAgo: '1s',
    acquiredAgo: '1h59m',
    transitions: 7,
    created: AGE,
  });
  addLeaderLease(c, {
    name: 'kube-controller-manager',
    holderHost: 'prod-eu-cp-1',
    renewedAgo: '3s',
    acquiredAgo: '1h59m',
    transitions: 9,
    created: AGE,
  });
  addKubernetesService(c, {
    clusterIP: '10.96.0.1',
    addresses: ['10.10.1.10', '10.10.2.10', '10.10.3.11'],
    targetPort: 6443,
    created: AGE,
  });

  // Networking and DNS ----------------------------------------------------------
  addCalico(c, {
    nodes: all,
    controllersNode: 'prod-eu-cp-1',
    created: AGE,
    rolledOut: '61d',
  });
  addKubeProxy(c, {
    nodes: all,
    image: 'registry.k8s.io/kube-proxy:v1.31.4',
    created: AGE,
    rolledOut: UPGRADE,
  });
  addClusterDns(c, {
    flavor: 'coredns',
    image: 'registry.k8s.io/coredns/coredns:v1.11.3',
    nodes: ['prod-eu-cp-1', 'prod-eu-cp-2'],
    extraTolerations: [
      { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
    ],
    created: AGE,
    rolledOut: UPGRADE,
    revision: 4,
  });
  addNamespace(c, 'external-dns', '300d', { 'acme.io/owner': 'team-platform' });
  addExternalDns(c, {
    node: w4,
    domain: 'acme.example',
    created: '300d',
    rolledOut: '21d',
  });
  addIngressNginx(c, {
    namespace: 'ingress-nginx',
    nodes: [w1, w3],
    publishHostname:
      'prod-eu-ingress-5f2c1e7a9b3d4c21.elb.eu-central-1.amazonaws.com',
    created: '470d',
    rolledOut: '27d',
  });
  // The shop's new public entry point: Gateway API with Envoy Gateway, two proxies in two zones,
  // but no PodDisruptionBudget (the EnvoyProxy resource does not ask for one).
  addEnvoyGateway(c, {
    controllerNodes: [w1, w4],
    gateway: { name: 'public', namespace: 'edge' },
    routes: ['frontend-web', 'checkout', 'cart'].map(service => ({
      name: service,
      namespace: 'shop',
      hostname: `${service}.shop.acme.example`,
      service,
      port: 80,
    })),
    proxyNodes: [w2, w3],
    lbHostname:
      'k8s-envoygat-envoyedg-3c9d1e2f7a-6b1f0c2d9e8a7b65.elb.eu-central-1.amazonaws.com',
    created: '120d',
    rolledOut: '12d',
  });

  // Storage -------------------------------------------------------------------------
  addCrds(
    c,
    [
      'snapshot/volumesnapshotclasses',
      'snapshot/volumesnapshotcontents',
      'snapshot/volumesnapshots',
    ],
    '470d',
  );
  addRook(c, {
    namespace: 'rook-ceph',
    created: '470d',
    rolledOut: '44d',
    operatorNode: w2,
    monNodes: [w1, w3, w5],
    mgrNodes: [w2, w4],
    osdNodes: [w1, w3, w5],
    csiNodes: workers,
    provisionerNodes: [w2, w4],
    pool: { name: 'replicapool', size: 3, failureDomain: 'zone' },
  });
  addStorageClass(c, {
    name: 'local-storage',
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
    reclaimPolicy: 'Retain',
    created: '455d',
  });

  // Observability and backups -----------------------------------------------------------
  addFluentBit(c, {
    namespace: 'logging',
    nodes: all,
    created: '470d',
    rolledOut: '20d',
  });
  addPromStack(c, {
    namespace: 'monitoring',
    flavor: 'kube-prometheus',
    created: '470d',
    rolledOut: '12d',
    prometheus: {
      name: 'k8s',
      replicas: 2,
      nodes: [w1, w3],
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
      podMonitorSelector: {},
      podMonitorNamespaceSelector: {},
      ruleSelector: {},
      ruleNamespaceSelector: {},
      storageClassName: 'ceph-block',
      retention: '15d',
    },
    alertmanager: { name: 'main', replicas: 3, nodes: [w2, w4, w5] },
    operatorNode: w3,
    kubeStateMetricsNode: w5,
    nodeExporterNodes: all,
  });
  addVelero(c, {
    namespace: 'velero',
    node: w4,
    created: '450d',
    rolledOut: '40d',
    bsl: {
      provider: 'aws',
      bucket: 'acme-velero-prod-eu',
      prefix: 'prod-eu',
      region: 'eu-west-1',
      phase: 'Available',
      validatedAgo: '38s',
    },
    schedules: [
      {
        name: 'daily-apps',
        cron: '0 2 * * *',
        includedNamespaces: ['shop', 'payments', 'platform'],
        snapshotVolumes: true,
        ttl: '720h0m0s',
        created: '450d',
        backups: [
          {
            startedAgo: '8h',
            tookSeconds: 412,
            phase: 'Completed',
            items: 1843,
          },
          {
            startedAgo: '32h',
            tookSeconds: 538,
            phase: 'PartiallyFailed',
            items: 1839,
            errors: 1,
            warnings: 3,
          },
          {
            startedAgo: '56h',
            tookSeconds: 401,
            phase: 'Completed',
            items: 1836,
          },
        ],
      },
      {
        // Paused during a PSP migration nine days ago and never resumed.
        name: 'hourly-payments',
        cron: '0 * * * *',
        includedNamespaces: ['payments'],
        snapshotVolumes: false,
        ttl: '336h0m0s',
        paused: true,
        created: '200d',
        backups: [
          {
            startedAgo: '9d10h',
            tookSeconds: 38,
            phase: 'Completed',
            items: 212,
          },
          {
            startedAgo: '9d11h',
            tookSeconds: 41,
            phase: 'Completed',
            items: 212,
          },
        ],
      },
    ],
  });

  // Catalog services --------------------------------------------------------------------------
  const shopIngress = [
    {
      hostname:
        'prod-eu-ingress-5f2c1e7a9b3d4c21.elb.eu-central-1.amazonaws.com',
    },
  ];
  deployApp(c, component('checkout'), {
    namespace: 'shop',
    version: '2.14.1',
    replicas: 3,
    nodes: [w1, w3, w5],
    created: '420d',
    rolledOut: '6d',
    revision: 37,
    oldRevisions: [{ revision: 36, rolledOut: '13d' }],
    zoneSpread: {},
    priorityClassName: 'business-critical',
    hpa: { min: 3, max: 10, cpuCurrent: 41, lastScale: '2d3h' },
    pdbs: [
      {
        name: 'checkout',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    serviceMonitor: { namespace: 'shop' },
    prometheusRule: { namespace: 'shop' },
    ingress: {
      className: 'nginx',
      host: 'shop.acme.example',
      path: '/api/checkout',
      lbIngress: shopIngress,
    },
  });
  deployApp(c, component('cart'), {
    namespace: 'shop',
    version: '1.9.0',
    replicas: 3,
    nodes: [w2, w4, w5],
    created: '420d',
    rolledOut: '9d',
    revision: 21,
    oldRevisions: [{ revision: 20, rolledOut: '16d' }],
    zoneSpread: {},
    priorityClassName: 'business-critical',
    hpa: { min: 1, max: 6, cpuCurrent: 63, lastScale: '1h12m' },
    pdbs: [
      {
        name: 'cart',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    serviceMonitor: { namespace: 'shop' },
    prometheusRule: { namespace: 'shop' },
    ingress: {
      className: 'nginx',
      host: 'shop.acme.example',
      path: '/api/cart',
      lbIngress: shopIngress,
    },
  });
  deployApp(c, component('payments-api'), {
    namespace: 'payments',
    version: '3.2.0',
    replicas: 3,
    nodes: [w1, w4, w5],
    created: '400d',
    rolledOut: '4d',
    revision: 58,
    oldRevisions: [{ revision: 57, rolledOut: '11d' }],
    zoneSpread: {},
    priorityClassName: 'business-critical',
    pdbs: [{ name: 'payments-api', minAvailable: 3 }],
    serviceMonitor: { namespace: 'payments' },
    prometheusRule: { namespace: 'payments' },
  });
  // Multi-Cluster Services: checkout, cart and payments-api are
  // exported to the clusterset shared with prod-us (dr-traffic-failover).
  addMcsApi(c, '200d');
  addServiceExport(c, {
    name: 'checkout',
    namespace: 'shop',
    exported: '190d',
  });
  addServiceExport(c, { name: 'cart', namespace: 'shop', exported: '190d' });
  addServiceExport(c, {
    name: 'payments-api',
    namespace: 'payments',
    exported: '200d',
  });
  // The clusterset's Services, imported into this cluster by the MCS controller.
  addClustersetImports(c);
  deployApp(c, component('catalog-search'), {
    namespace: 'shop',
    version: '0.31.2',
    replicas: 3,
    nodes: [w2, w2, w2],
    nodeSelector: { 'acme.io/pool': 'search' },
    created: '290d',
    rolledOut: '15d',
    revision: 12,
    pdbs: [
      {
        name: 'catalog-search',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
  });
  deployApp(c, component('recommendations'), {
    namespace: 'shop',
    version: '4.0.1',
    replicas: 3,
    nodes: [w1, w2, w2],
    zoneSpread: { selectorApp: 'recommender' },
    created: '380d',
    rolledOut: '19d',
    revision: 9,
    pdbs: [
      {
        name: 'recommendations',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    serviceMonitor: { namespace: 'shop' },
    prometheusRule: { namespace: 'shop' },
  });
  deployApp(c, component('frontend-web'), {
    namespace: 'shop',
    version: '5.3.0',
    replicas: 3,
    nodes: [w2, w3, w5],
    strategy: 'Recreate',
    created: '430d',
    rolledOut: '2d',
    revision: 112,
    oldRevisions: [{ revision: 111, rolledOut: '5d' }],
    priorityClassName: 'business-critical',
    pdbs: [
      {
        name: 'frontend-web',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    ingress: {
      className: 'nginx',
      host: 'www.acme.example',
      path: '/',
      lbIngress: shopIngress,
      // Route 53 latency records with a health check, one per region (dr-traffic-failover).
      annotations: {
        'external-dns.kubernetes.io/set-identifier': 'prod-eu',
        'external-dns.kubernetes.io/aws-region': 'eu-central-1',
        'external-dns.kubernetes.io/aws-health-check-id':
          '4f1c2b7e-3a9d-4c61-9b2e-0d5a8e7f6c31',
      },
    },
  });
  deployApp(c, component('inventory'), {
    name: 'inventory-api',
    namespace: 'shop',
    version: '2.0.3',
    componentLabel: 'api',
    replicas: 3,
    nodes: [w3, w4, w6],
    hostnameAntiAffinity: 'preferred',
    created: '350d',
    rolledOut: '8d',
    revision: 14,
    pdbs: [
      {
        name: 'inventory-api',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    serviceMonitor: { namespace: 'shop' },
    prometheusRule: { namespace: 'shop' },
  });
  deployStatefulApp(c, component('inventory'), {
    name: 'inventory-db',
    engine: 'mysql',
    namespace: 'shop',
    version: '8.4.3',
    componentLabel: 'database',
    replicas: 1,
    nodes: [w4],
    storageClassName: 'local-storage',
    size: '200Gi',
    created: '350d',
    rolledOut: '63d',
  });
  deployApp(c, component('notifications'), {
    namespace: 'platform',
    version: '1.4.2',
    replicas: 2,
    nodes: [w2, w4],
    hostnameAntiAffinity: 'preferred',
    created: '300d',
    rolledOut: '10d',
    revision: 6,
    // The chart ships a PDB; the platform team later added their own on the same pods.
    pdbs: [
      { name: 'notifications', maxUnavailable: 1 },
      { name: 'notifications-pdb', minAvailable: 1, created: '40d' },
    ],
    serviceMonitor: { namespace: 'platform' },
    prometheusRule: { namespace: 'platform' },
  });
  // A hand-made pod replaying a failed batch of e-mails; nobody cleaned it up.
  const notif = component('notifications');
  addBarePod(c, {
    name: 'notifications-replay',
    namespace: 'platform',
    nodeName: w5,
    created: '9d',
    template: {
      labels: {
        ...appLabels(notif, 'notifications-replay', '1.4.2'),
        'app.kubernetes.io/name': 'notifications-replay',
        app: 'notifications-replay',
      },
      spec: {
        containers: [
          container({
            name: 'replay',
            image: 'ghcr.io/acme/notifications:1.4.2',
            args: ['replay', '--since=2026-11-10T00:00:00Z'],
            requests: { cpu: '100m', memory: '128Mi' },
          }),
        ],
      },
    },
  });
  deployApp(c, component('legacy-reports'), {
    namespace: 'reports',
    version: '0.9.7',
    replicas: 1,
    nodes: [w3],
    probes: false,
    resources: 'none',
    created: '455d',
    rolledOut: '210d',
    revision: 3,
    restarts: { 0: 4 },
    ingress: {
      className: 'nginx',
      host: 'reports.acme.internal',
      path: '/',
      lbIngress: shopIngress,
    },
  });
  // team-shop's quota was sized to last quarter's usage: its CPU leaves room for two more 250m
  // pods, while checkout's HPA may grow to 10 replicas and cart's to 6.
  addResourceQuota(c, {
    namespace: 'shop',
    name: 'shop-compute',
    created: '200d',
    hard: used => ({
      pods: 60,
      cpuMilli: used.cpuMilli + 500,
      memoryMi: used.memoryMi + 8192,
    }),
  });
  return c;
}
