/**
 * dev-k3s: a single-node k3s on a developer VM (SQLite datastore via kine,
 * flannel inside the k3s process, ServiceLB, local-path storage). Runs dev
 * copies of catalog-search and session-cache.
 */
import { Cluster } from '../lib/cluster';
import { container, httpGet } from '../builders/containers';
import {
  addApiserverIdentityLease,
  addLeaderLease,
} from '../builders/controlplane';
import { addCrds } from '../builders/crds';
import { addClusterDns } from '../builders/dns';
import { addIngressRoute, addTraefik } from '../builders/ingress';
import { meta } from '../builders/meta';
import { addSystemNamespaces, addNamespace } from '../builders/namespaces';
import { addKubernetesService, addService } from '../builders/network';
import { addNode } from '../builders/nodes';
import { addSystemPriorityClasses } from '../builders/policy';
import { addStorageClass } from '../builders/storage';
import { addDeployment } from '../builders/workloads';
import { component, deployApp, deployStatefulApp } from '../services';

export function buildDevK3s(): Cluster {
  const c = new Cluster({
    name: 'dev-k3s',
    title: 'Developer k3s (single node)',
    port: 17004,
    capturedAt: '2026-11-20T10:01:30Z',
    version: {
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.4+k3s1',
      gitCommit: 'a562d090b0a4ea0a7dd5c3e8d0b1b5e6c1f36bbb',
      gitTreeState: 'clean',
      buildDate: '2024-12-12T22:45:12Z',
      goVersion: 'go1.22.9',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    serviceNet: '10.43',
    dnsIP: '10.43.0.10',
  });
  const AGE = '60d';
  const NODE = 'dev-k3s-server';
  const IP = '192.168.56.10';
  addSystemNamespaces(c, AGE);
  addNamespace(c, 'shop', '58d');
  addSystemPriorityClasses(c, AGE);
  addNode(c, {
    name: NODE,
    ip: IP,
    podNet: '10.42.0',
    podCIDR: '10.42.0.0/24',
    providerID: `k3s://${NODE}`,
    instanceType: 'k3s',
    controlPlane: true,
    labels: {
      'node-role.kubernetes.io/control-plane': 'true',
      'node-role.kubernetes.io/master': 'true',
    },
    annotations: {
      'alpha.kubernetes.io/provided-node-ip': IP,
      'flannel.alpha.coreos.com/backend-data':
        '{"VNI":1,"VtepMAC":"5e:1f:8a:3c:d2:47"}',
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      'flannel.alpha.coreos.com/public-ip': IP,
      'k3s.io/hostname': NODE,
      'k3s.io/internal-ip': IP,
      'k3s.io/node-args': '["server","--write-kubeconfig-mode","0644"]',
      'k3s.io/node-config-hash':
        'QJ4Z7TFN6W2MYV3KX5BRL2CHDAPG3E6SUOJ7NW4XFZ2TQ5I7LKPA====',
      'k3s.io/node-env': '{}',
    },
    kubeletVersion: 'v1.31.4+k3s1',
    osImage: 'Ubuntu 24.04.1 LTS',
    kernelVersion: '6.8.0-49-generic',
    containerRuntime: 'containerd://1.7.23-k3s2',
    capacity: {
      cpu: '4',
      memory: '8131900Ki',
      pods: '110',
      ephemeralStorage: '61611820Ki',
    },
    allocatable: {
      cpu: '4',
      memory: '8131900Ki',
      pods: '110',
      ephemeralStorage: '59935897436',
    },
    created: AGE,
  });

  addApiserverIdentityLease(c, {
    hostname: NODE,
    renewedAgo: '3s',
    created: AGE,
    holderKey: '2d',
  });
  addLeaderLease(c, {
    name: 'kube-scheduler',
    holderHost: NODE,
    renewedAgo: '1s',
    acquiredAgo: '2d',
    transitions: 14,
    created: AGE,
  });
  addLeaderLease(c, {
    name: 'kube-controller-manager',
    holderHost: NODE,
    renewedAgo: '2s',
    acquiredAgo: '2d',
    transitions: 14,
    created: AGE,
  });
  addLeaderLease(c, {
    name: 'k3s',
    holderHost: NODE,
    renewedAgo: '2s',
    acquiredAgo: '2d',
    transitions: 14,
    created: AGE,
    durationSeconds: 60,
  });
  addKubernetesService(c, {
    clusterIP: '10.43.0.1',
    addresses: [IP],
    targetPort: 6443,
    created: AGE,
  });

  addCrds(
    c,
    [
      'helm/helmchartconfigs',
      'helm/helmcharts',
      'k3s/addons',
      'traefik/ingressroutes',
      'traefik/middlewares',
    ],
    AGE,
  );
  for (const addon of [
    'ccm',
    'coredns',
    'local-storage',
    'metrics-server-deployment',
    'traefik',
  ]) {
    c.add({
      apiVersion: 'k3s.cattle.io/v1',
      kind: 'Addon',
      metadata: meta(c, 'Addon', {
        name: addon,
        namespace: 'kube-system',
        created: AGE,
        generation: 1,
      }),
      spec: {
        checksum: `${addon.length}f3c9a${'0'.repeat(10)}`,
        source: `/var/lib/rancher/k3s/server/manifests/${addon}.yaml`,
      },
      status: {},
    });
  }
  for (const chart of ['traefik-crd', 'traefik']) {
    c.add({
      apiVersion: 'helm.cattle.io/v1',
      kind: 'HelmChart',
      metadata: meta(c, 'HelmChart', {
        name: chart,
        namespace: 'kube-system',
        annotations: { 'helmcharts.cattle.io/managed-by': 'helm-controller' },
        created: AGE,
        generation: 1,
        finalizers: ['wrangler.cattle.io/on-helm-chart-remove'],
      }),
      spec: {
        bootstrap: false,
        chart: `https://%{KUBERNETES_API}%/static/charts/${chart}-27.0.201+up27.0.2.tgz`,
        ...(chart === 'traefik'
          ? {
              valuesContent:
                'deployment:\n  podAnnotations:\n    prometheus.io/port: "8082"\n',
            }
          : {}),
      },
      status: { jobName: `helm-install-${chart}` },
    });
  }

  addClusterDns(c, {
    flavor: 'coredns',
    image: 'rancher/mirrored-coredns-coredns:1.11.3',
    nodes: [NODE],
    labels: {
      'kubernetes.io/name': 'CoreDNS',
      'objectset.rio.cattle.io/hash':
        'bce283298811743a0386ab510f2f67ef74240c57',
    },
    created: AGE,
    rolledOut: '2d',
    revision: 1,
  });
  addDeployment(c, {
    name: 'local-path-provisioner',
    namespace: 'kube-system',
    labels: {
      'objectset.rio.cattle.io/hash':
        '183f35c65ffbc3064603f43f1580d8c68a2dabd4',
    },
    selector: { matchLabels: { app: 'local-path-provisioner' } },
    template: {
      labels: { app: 'local-path-provisioner' },
      spec: {
        serviceAccountName: 'local-path-provisioner-service-account',
        priorityClassName: 'system-node-critical',
        containers: [
          container({
            name: 'local-path-provisioner',
            image: 'rancher/local-path-provisioner:v0.0.30',
            command: [
              'local-path-provisioner',
              'start',
              '--config',
              '/etc/config/config.json',
            ],
          }),
        ],
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          {
            effect: 'NoSchedule',
            key: 'node-role.kubernetes.io/control-plane',
            operator: 'Exists',
          },
        ],
      },
    },
    replicas: 1,
    nodes: [NODE],
    created: AGE,
    rolledOut: '2d',
  });
  addDeployment(c, {
    name: 'metrics-server',
    namespace: 'kube-system',
    labels: {
      'k8s-app': 'metrics-server',
      'objectset.rio.cattle.io/hash':
        'a5d3bc601c871e123fa32b27f549b6ea770bcf4a',
    },
    selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
    template: {
      labels: { 'k8s-app': 'metrics-server' },
      spec: {
        serviceAccountName: 'metrics-server',
        priorityClassName: 'system-node-critical',
        containers: [
          container({
            name: 'metrics-server',
            image: 'rancher/mirrored-metrics-server:v0.7.2',
            args: [
              '--cert-dir=/tmp',
              '--secure-port=10250',
              '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
              '--kubelet-use-node-status-port',
              '--metric-resolution=15s',
            ],
            ports: [{ name: 'https', containerPort: 10250 }],
            requests: { cpu: '100m', memory: '70Mi' },
            readinessProbe: httpGet('/readyz', 'https', {
              failureThreshold: 3,
              periodSeconds: 2,
            }),
            livenessProbe: httpGet('/livez', 'https', {
              failureThreshold: 3,
              periodSeconds: 10,
            }),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [NODE],
    created: AGE,
    rolledOut: '2d',
  });
  addService(c, {
    name: 'metrics-server',
    namespace: 'kube-system',
    labels: {
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': 'Metrics-server',
    },
    selector: { 'k8s-app': 'metrics-server' },
    ports: [{ name: 'https', port: 443, targetPort: 'https' }],
    created: AGE,
  });
  addTraefik(c, { node: NODE, nodeIP: IP, created: AGE, rolledOut: '2d' });
  addStorageClass(c, {
    name: 'local-path',
    provisioner: 'rancher.io/local-path',
    isDefault: true,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    annotations: {
      'objectset.rio.cattle.io/id': '',
      'objectset.rio.cattle.io/owner-gvk': 'k3s.cattle.io/v1, Kind=Addon',
      'objectset.rio.cattle.io/owner-name': 'local-storage',
      'objectset.rio.cattle.io/owner-namespace': 'kube-system',
    },
    created: AGE,
  });

  // Dev copies of catalog services (same labels as production, one node).
  deployApp(c, component('catalog-search'), {
    namespace: 'shop',
    version: '0.32.0-dev.4',
    replicas: 2,
    nodes: [NODE, null],
    hostnameAntiAffinity: 'required',
    // Reached through k3s's one Traefik pod: network-entry-path shows that on the service.
    ingress: {
      className: 'traefik',
      host: 'catalog.dev.localhost',
      path: '/',
      lbIngress: [{ ip: IP }],
    },
    unschedulableMessage:
      "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    created: '40d',
    rolledOut: '1d',
    revision: 18,
  });
  // Its search API through a Traefik IngressRoute: the same single Traefik pod.
  addIngressRoute(c, {
    name: 'catalog-search-api',
    namespace: 'shop',
    host: 'catalog.dev.localhost',
    pathPrefix: '/api/search',
    service: 'catalog-search',
    port: 'http',
    created: '12d',
  });
  deployStatefulApp(c, component('session-cache'), {
    engine: 'redis',
    namespace: 'shop',
    version: '7.4.1',
    replicas: 1,
    nodes: [NODE],
    storageClassName: 'local-path',
    size: '1Gi',
    created: '40d',
    rolledOut: '2d',
  });
  return c;
}
