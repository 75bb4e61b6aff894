/**
 * Example clusters of the rules file's fixture list (section (c)), with the objects the
 * control-plane, nodes and network checks read. Each returns fresh objects: tests may add to or
 * replace them (`[...kubeadmHa3z().filter(...), extra]`).
 */
import { K8sObject } from '../model/snapshot';
import {
  ago,
  apiServerLease,
  configMap,
  daemonSet,
  deployment,
  endpointSlice,
  k8sObject,
  lease,
  node,
  nodes,
  pdbFor,
  pod,
  podsFor,
  service,
  staticPod,
  uidOf,
} from './builders';

/** An IngressClass (`ingressclass.kubernetes.io/is-default-class` when `isDefault`). */
export function ingressClass(
  name: string,
  controller: string,
  options: { isDefault?: boolean; parameters?: Record<string, string> } = {},
): K8sObject {
  return k8sObject('networking.k8s.io/v1', 'IngressClass', name, {
    cluster: true,
    annotations: options.isDefault
      ? { 'ingressclass.kubernetes.io/is-default-class': 'true' }
      : undefined,
    spec: {
      controller,
      ...(options.parameters ? { parameters: options.parameters } : {}),
    },
  });
}

/** An Ingress routing to a backend Service; `ingressClassName` undefined uses the default class. */
export function ingress(
  name: string,
  options: {
    namespace?: string;
    ingressClassName?: string;
    backend?: string;
  } = {},
): K8sObject {
  return k8sObject('networking.k8s.io/v1', 'Ingress', name, {
    namespace: options.namespace ?? 'default',
    spec: {
      ...(options.ingressClassName
        ? { ingressClassName: options.ingressClassName }
        : {}),
      rules: [
        {
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: {
                    name: options.backend ?? name,
                    port: { number: 80 },
                  },
                },
              },
            ],
          },
        },
      ],
    },
  });
}

/** A mirror pod in another layout than kubeadm's (OpenShift: `app=…` labels in per-component namespaces). */
export function mirrorPod(
  name: string,
  namespace: string,
  nodeName: string,
  labels: Record<string, string>,
  ready = true,
): K8sObject {
  return pod(name, {
    namespace,
    node: nodeName,
    labels,
    ready,
    annotations: {
      'kubernetes.io/config.mirror': `mirror-${name}`,
      'kubernetes.io/config.source': 'file',
    },
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: nodeName,
        uid: uidOf('Node', undefined, nodeName),
        controller: true,
      },
    ],
  });
}

/** Cluster DNS as kubeadm, k3s, EKS and GKE deploy it: kube-system Deployment labelled k8s-app=kube-dns. */
export function clusterDns(
  name: 'coredns' | 'kube-dns',
  nodeNames: string[],
): K8sObject[] {
  const dns = deployment(name, {
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    replicas: nodeNames.length,
  });
  const svc = service('kube-dns', {
    namespace: 'kube-system',
    selector: { 'k8s-app': 'kube-dns' },
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }],
  });
  return [
    dns,
    ...podsFor(dns, nodeNames),
    svc,
    endpointSlice(
      svc,
      nodeNames.map(nodeName => ({ node: nodeName })),
    ),
  ];
}

/** A CNI (or other node agent) DaemonSet that is fully rolled out on `count` nodes. */
export function nodeAgent(
  name: string,
  namespace: string,
  count: number,
  ready = count,
): K8sObject {
  return daemonSet(name, {
    namespace,
    labels: { 'k8s-app': name },
    desired: count,
    ready,
  });
}

const CONTROL_PLANE_COMPONENTS = [
  'kube-apiserver',
  'etcd',
  'kube-scheduler',
  'kube-controller-manager',
];

/**
 * kubeadm HA over 3 zones: 3 control-plane nodes (stacked etcd, static pods), 3 live API server
 * identity leases plus 1 stale one of a removed node, 6 workers, calico 9/9, CoreDNS 2, ingress-nginx 2 with a PDB.
 */
export function kubeadmHa3z(): K8sObject[] {
  const zones = ['dc1-a', 'dc1-b', 'dc1-c'];
  const controlPlane = nodes('cp', 3, zones, { roles: ['control-plane'] });
  const workers = nodes('worker', 6, zones);
  const cpNames = controlPlane.map(n => n.metadata.name);
  const staticPods = cpNames.flatMap(n =>
    CONTROL_PLANE_COMPONENTS.map(c =>
      staticPod(
        c,
        n,
        c === 'kube-apiserver'
          ? {
              command: [
                'kube-apiserver',
                '--etcd-servers=https://127.0.0.1:2379',
              ],
            }
          : {},
      ),
    ),
  );
  const nginx = deployment('ingress-nginx-controller', {
    namespace: 'ingress-nginx',
    labels: {
      'app.kubernetes.io/name': 'ingress-nginx',
      'app.kubernetes.io/component': 'controller',
    },
    replicas: 2,
  });
  const nginxService = service('ingress-nginx-controller', {
    namespace: 'ingress-nginx',
    type: 'LoadBalancer',
    selector: nginx.spec.template.metadata.labels,
    loadBalancerIngress: [{ ip: '203.0.113.10' }],
  });
  return [
    ...controlPlane,
    ...workers,
    ...staticPods,
    ...cpNames.map(n => apiServerLease(n, ago(4))),
    apiServerLease('cp-old', ago(2 * 3600)),
    lease('kube-scheduler', { holderIdentity: 'cp-1_5d1c', renewTime: ago(3) }),
    lease('kube-controller-manager', {
      holderIdentity: 'cp-2_77af',
      renewTime: ago(2),
    }),
    configMap('kubeadm-config', 'kube-system', {
      ClusterConfiguration:
        'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\netcd:\n  local:\n    dataDir: /var/lib/etcd\n',
    }),
    nodeAgent('calico-node', 'calico-system', 9),
    ...clusterDns('coredns', ['worker-1', 'worker-2']),
    nginx,
    ...podsFor(nginx, ['worker-3', 'worker-4']),
    pdbFor(nginx, { maxUnavailable: 1 }),
    nginxService,
    endpointSlice(nginxService, [
      { node: 'worker-3', zone: 'dc1-c' },
      { node: 'worker-4', zone: 'dc1-a' },
    ]),
    ingressClass('nginx', 'k8s.io/ingress-nginx', { isDefault: true }),
    ingress('shop', { namespace: 'shop', ingressClassName: 'nginx' }),
  ];
}

/**
 * k3s on one laptop node: SQLite (no etcd role), no zone labels, flannel inside k3s (no CNI pod),
 * CoreDNS 1, Traefik 1 exposed through ServiceLB (`svclb-*` DaemonSet).
 */
export function k3sDevSingle(): K8sObject[] {
  const dev = node('dev', {
    providerID: 'k3s://dev',
    kubeletVersion: 'v1.30.2+k3s1',
    taints: [],
    labels: {
      'node-role.kubernetes.io/control-plane': 'true',
      'node-role.kubernetes.io/master': 'true',
      'node.kubernetes.io/instance-type': 'k3s',
    },
  });
  const traefik = deployment('traefik', {
    namespace: 'kube-system',
    labels: { 'app.kubernetes.io/name': 'traefik' },
    replicas: 1,
  });
  const traefikService = service('traefik', {
    namespace: 'kube-system',
    type: 'LoadBalancer',
    selector: traefik.spec.template.metadata.labels,
    loadBalancerIngress: [{ ip: '192.168.1.10' }],
  });
  const svclb = daemonSet('svclb-traefik-3f2a', {
    namespace: 'kube-system',
    labels: {
      app: 'svclb-traefik-3f2a',
      'svccontroller.k3s.cattle.io/svcname': 'traefik',
    },
    desired: 1,
  });
  return [
    dev,
    apiServerLease('dev'),
    lease('kube-scheduler', { holderIdentity: 'dev_1a2b', renewTime: ago(2) }),
    lease('kube-controller-manager', {
      holderIdentity: 'dev_3c4d',
      renewTime: ago(2),
    }),
    ...clusterDns('coredns', ['dev']),
    traefik,
    ...podsFor(traefik, ['dev']),
    traefikService,
    endpointSlice(traefikService, [{ node: 'dev' }]),
    svclb,
    ...podsFor(svclb, ['dev']),
    ingressClass('traefik', 'traefik.io/ingress-controller', {
      isDefault: true,
    }),
    ingress('blog', { namespace: 'default' }),
  ];
}

/** EKS: 6 managed-nodegroup nodes over us-east-1a/b/c plus 2 Fargate nodes; aws-node on the 6 EC2 nodes; ALB ingress. */
export function eksProd(): K8sObject[] {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const ec2 = Array.from({ length: 6 }, (_, i) =>
    node(`ip-10-0-${i + 1}-10.ec2.internal`, {
      zone: zones[i % 3],
      region: 'us-east-1',
      providerID: `aws:///${zones[i % 3]}/i-0${i + 1}a2b3c4d5e6f7`,
      kubeletVersion: 'v1.29.3-eks-ae9a62a',
      labels: {
        'eks.amazonaws.com/nodegroup': 'general',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
      },
    }),
  );
  const fargate = ['us-east-1a', 'us-east-1b'].map((zone, i) =>
    node(`fargate-ip-10-0-9-${i + 1}.ec2.internal`, {
      zone,
      region: 'us-east-1',
      providerID: `aws:///${zone}/fargate-${i + 1}`,
      kubeletVersion: 'v1.29.3-eks-ae9a62a',
      labels: { 'eks.amazonaws.com/compute-type': 'fargate' },
      taints: [
        {
          key: 'eks.amazonaws.com/compute-type',
          value: 'fargate',
          effect: 'NoSchedule',
        },
      ],
    }),
  );
  return [
    ...ec2,
    ...fargate,
    nodeAgent('aws-node', 'kube-system', 6),
    nodeAgent('kube-proxy', 'kube-system', 6),
    ...clusterDns('coredns', [ec2[0].metadata.name, ec2[1].metadata.name]),
    ingressClass('alb', 'ingress.k8s.aws/alb'),
    ingress('storefront', { namespace: 'shop', ingressClassName: 'alb' }),
  ];
}

/**
 * EKS with Fargate only: 3 Fargate nodes (one per pod) over us-east-1a/b/c and no EC2 nodes; the
 * aws-node DaemonSet exists but schedules nowhere (Fargate runs no aws-node); CoreDNS on Fargate.
 */
export function eksFargateOnly(): K8sObject[] {
  const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const fargate = zones.map((zone, i) =>
    node(`fargate-ip-10-0-${i}-5.ec2.internal`, {
      zone,
      region: 'us-east-1',
      providerID: `aws:///${zone}/0a1b2c3d4e-${i}/fargate-ip-10-0-${i}-5.ec2.internal`,
      kubeletVersion: 'v1.30.4-eks-2f46c53',
      labels: {
        'eks.amazonaws.com/compute-type': 'fargate',
        'eks.amazonaws.com/fargate-profile': 'default',
      },
      taints: [
        {
          key: 'eks.amazonaws.com/compute-type',
          value: 'fargate',
          effect: 'NoSchedule',
        },
      ],
    }),
  );
  return [
    ...fargate,
    nodeAgent('aws-node', 'kube-system', 0),
    ...clusterDns('coredns', [
      fargate[0].metadata.name,
      fargate[1].metadata.name,
    ]),
  ];
}

/** GKE with Dataplane V2 (anetd) over europe-west1-b/c/d, kube-dns 2. Regional or zonal is not visible. */
export function gkeRegional(): K8sObject[] {
  const zones = ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'];
  const gkeNodes = Array.from({ length: 6 }, (_, i) =>
    node(`gke-prod-pool-1-${i + 1}`, {
      zone: zones[i % 3],
      region: 'europe-west1',
      providerID: `gce://acme-prod/${zones[i % 3]}/gke-prod-pool-1-${i + 1}`,
      kubeletVersion: 'v1.29.4-gke.1043002',
      labels: { 'cloud.google.com/gke-nodepool': 'pool-1' },
    }),
  );
  return [
    ...gkeNodes,
    nodeAgent('anetd', 'kube-system', 6),
    ...clusterDns('kube-dns', [
      gkeNodes[0].metadata.name,
      gkeNodes[1].metadata.name,
    ]),
  ];
}

/** AKS without availability zones: the zone label carries fault-domain numbers "0" and "1". */
export function aksNoZones(): K8sObject[] {
  const aksNodes = Array.from({ length: 3 }, (_, i) =>
    node(`aks-nodepool1-12345678-vmss00000${i}`, {
      zone: String(i % 2),
      region: 'eastus',
      providerID: `azure:///subscriptions/0000/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/${i}`,
      labels: {
        'kubernetes.azure.com/agentpool': 'nodepool1',
        'kubernetes.azure.com/mode': 'system',
      },
    }),
  );
  return [
    ...aksNodes,
    nodeAgent('azure-cns', 'kube-system', 3),
    ...clusterDns('coredns', [
      aksNodes[0].metadata.name,
      aksNodes[1].metadata.name,
    ]),
  ];
}

/** Single-node OpenShift: controlPlaneTopology SingleReplica, one node with every role, OVN-Kubernetes, 1 router. */
export function openshiftSno(): K8sObject[] {
  const sno = node('sno-1', {
    taints: [],
    labels: {
      'node-role.kubernetes.io/master': '',
      'node-role.kubernetes.io/control-plane': '',
      'node-role.kubernetes.io/worker': '',
    },
  });
  const dnsDefault = daemonSet('dns-default', {
    namespace: 'openshift-dns',
    labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
    desired: 1,
  });
  return [
    sno,
    k8sObject('config.openshift.io/v1', 'Infrastructure', 'cluster', {
      cluster: true,
      spec: { platformSpec: { type: 'None' } },
      status: {
        controlPlaneTopology: 'SingleReplica',
        infrastructureTopology: 'SingleReplica',
        platform: 'None',
      },
    }),
    mirrorPod('etcd-sno-1', 'openshift-etcd', 'sno-1', {
      app: 'etcd',
      etcd: 'true',
      'k8s-app': 'etcd',
    }),
    mirrorPod('kube-apiserver-sno-1', 'openshift-kube-apiserver', 'sno-1', {
      app: 'openshift-kube-apiserver',
      apiserver: 'true',
    }),
    mirrorPod(
      'openshift-kube-scheduler-sno-1',
      'openshift-kube-scheduler',
      'sno-1',
      { app: 'openshift-kube-scheduler', scheduler: 'true' },
    ),
    mirrorPod(
      'kube-controller-manager-sno-1',
      'openshift-kube-controller-manager',
      'sno-1',
      { app: 'kube-controller-manager', 'kube-controller-manager': 'true' },
    ),
    nodeAgent('ovnkube-node', 'openshift-ovn-kubernetes', 1),
    dnsDefault,
    ...podsFor(dnsDefault, ['sno-1']),
    k8sObject('operator.openshift.io/v1', 'IngressController', 'default', {
      namespace: 'openshift-ingress-operator',
      spec: { replicas: 1 },
      status: { availableReplicas: 1 },
    }),
    ingressClass('openshift-default', 'openshift.io/ingress-to-route', {
      parameters: {
        apiGroup: 'operator.openshift.io',
        kind: 'IngressController',
        name: 'default',
        scope: 'Cluster',
      },
    }),
    ingress('console-demo', {
      namespace: 'demo',
      ingressClassName: 'openshift-default',
    }),
  ];
}
