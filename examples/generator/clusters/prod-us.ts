/**
 * prod-us: EKS 1.30 in us-east-1 (provider-managed control plane). One managed
 * node group over three AZs, rotated to a new AMI twelve days ago, plus two
 * Fargate nodes for a batch namespace. Prometheus runs a single replica, the
 * Velero bucket is in us-west-2, and a public NLB for frontend-web never got provisioned.
 */
import { Cluster } from '../lib/cluster';
import { hex } from '../lib/ids';
import { addAwsNode, addKubeProxy, NOT_FARGATE } from '../builders/cni';
import { container, httpGet } from '../builders/containers';
import {
  addApiserverIdentityLease,
  addLeaderLease,
} from '../builders/controlplane';
import { addCrds } from '../builders/crds';
import { addMcsApi, addServiceExport } from '../builders/multicluster';
import { addClustersetImports } from './clusterset';
import { addEbsCsi, addEfsCsi } from '../builders/csi';
import { addClusterDns } from '../builders/dns';
import { addExternalDns } from '../builders/externalDns';
import { addAwsLoadBalancerController } from '../builders/ingress';
import { addAwsForFluentBit } from '../builders/logging';
import { addNamespace, addSystemNamespaces } from '../builders/namespaces';
import { addKubernetesService } from '../builders/network';
import { addNode } from '../builders/nodes';
import { addPriorityClass, addSystemPriorityClasses } from '../builders/policy';
import { addPromStack } from '../builders/prometheus';
import {
  addStorageClass,
  addVolumeSnapshot,
  addVolumeSnapshotClass,
} from '../builders/storage';
import { addVelero } from '../builders/velero';
import { addDeployment } from '../builders/workloads';
import { addClusterAutoscaler } from '../builders/autoscaler';
import { component, deployApp, deployStatefulApp } from '../services';

export function buildProdUs(): Cluster {
  const c = new Cluster({
    name: 'prod-us',
    title: 'Production US (EKS, us-east-1)',
    port: 17002,
    capturedAt: '2026-11-20T10:00:30Z',
    version: {
      major: '1',
      minor: '30+',
      gitVersion: 'v1.30.6-eks-7f9249a',
      gitCommit: '3f4b9e2a4e2c8f1a4c1e7f0e0a6d2b9c5e8f1a7d',
      gitTreeState: 'clean',
      buildDate: '2024-11-12T01:44:52Z',
      goVersion: 'go1.22.8',
      compiler: 'gc',
      platform: 'linux/amd64',
    },
    region: 'us-east-1',
    serviceNet: '172.20',
    dnsIP: '172.20.0.10',
  });
  const AGE = '400d';
  addSystemNamespaces(c, AGE);
  for (const ns of ['amazon-cloudwatch', 'monitoring', 'velero'])
    addNamespace(c, ns, '395d', { 'acme.io/owner': 'team-platform' });
  addNamespace(c, 'shop', '390d', { 'acme.io/owner': 'team-shop' });
  addNamespace(c, 'payments', '390d', { 'acme.io/owner': 'team-payments' });
  addNamespace(c, 'data', '390d', { 'acme.io/owner': 'team-data' });
  addNamespace(c, 'batch', '120d', { 'acme.io/owner': 'team-data' });
  addSystemPriorityClasses(c, AGE);
  addPriorityClass(c, {
    name: 'business-critical',
    value: 100000,
    description: 'Tier-1 customer-facing services.',
    created: '390d',
  });

  // Nodes: one managed node group (m6i.xlarge) over three AZs, plus Fargate.
  const ec2 = (ip: string, zone: string, podNet: string, created: string) => {
    const name = `ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    const instance = `i-0${hex(`prod-us/${name}/instance`, 16)}`;
    return addNode(c, {
      name,
      zone,
      region: 'us-east-1',
      ip,
      podNet,
      providerID: `aws:///${zone}/${instance}`,
      instanceType: 'm6i.xlarge',
      labels: {
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'eks.amazonaws.com/nodegroup': 'general-20251108',
        'eks.amazonaws.com/nodegroup-image': 'ami-0c4d8f2b9e7a61f35',
        'eks.amazonaws.com/sourceLaunchTemplateId': 'lt-07f3a9c2d1e8b6a45',
        'eks.amazonaws.com/sourceLaunchTemplateVersion': '7',
        'k8s.io/cloud-provider-aws': '6f2d3e9b8a1c4d5e7f6a8b9c0d1e2f3a',
        'topology.ebs.csi.aws.com/zone': zone,
        'topology.k8s.aws/zone-id': {
          'us-east-1a': 'use1-az4',
          'us-east-1b': 'use1-az6',
          'us-east-1c': 'use1-az1',
        }[zone]!,
      },
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': ip,
        'csi.volume.kubernetes.io/nodeid': JSON.stringify({
          'ebs.csi.aws.com': instance,
          'efs.csi.aws.com': instance,
        }),
      },
      extraAddresses: [{ type: 'InternalDNS', address: name }],
      hostname: name,
      kubeletVersion: 'v1.30.6-eks-94953ac',
      osImage: 'Amazon Linux 2023.6.20241111',
      kernelVersion: '6.1.115-126.197.amzn2023.x86_64',
      containerRuntime: 'containerd://1.7.23',
      capacity: {
        cpu: '4',
        memory: '15896100Ki',
        pods: '58',
        ephemeralStorage: '83873772Ki',
      },
      allocatable: {
        cpu: '3920m',
        memory: '15207972Ki',
        pods: '58',
        ephemeralStorage: '76224326324',
      },
      created,
    });
  };
  ec2('10.20.4.34', 'us-east-1a', '10.20.12', '12d');
  ec2('10.20.6.151', 'us-east-1a', '10.20.19', '11d23h');
  ec2('10.20.37.87', 'us-east-1b', '10.20.44', '12d');
  ec2('10.20.38.203', 'us-east-1b', '10.20.51', '11d23h');
  ec2('10.20.70.19', 'us-east-1c', '10.20.77', '12d');
  ec2('10.20.71.142', 'us-east-1c', '10.20.83', '11d23h');
  const fargate = (ip: string, zone: string, created: string) => {
    const name = `fargate-ip-${ip.replace(/\./g, '-')}.ec2.internal`;
    return addNode(c, {
      name,
      zone,
      region: 'us-east-1',
      ip,
      podNet: ip.split('.').slice(0, 3).join('.'),
      providerID: `aws:///${zone}/${hex(`prod-us/${name}/a`, 10)}-${hex(
        `prod-us/${name}/b`,
        32,
      )}/${name}`,
      labels: {
        'eks.amazonaws.com/compute-type': 'fargate',
        'eks.amazonaws.com/fargate-profile': 'fp-batch',
      },
      taints: [
        {
          effect: 'NoSchedule',
          key: 'eks.amazonaws.com/compute-type',
          value: 'fargate',
        },
      ],
      extraAddresses: [{ type: 'InternalDNS', address: name }],
      hostname: name,
      kubeletVersion: 'v1.30.4-eks-a737599',
      osImage: 'Amazon Linux 2',
      kernelVersion: '5.10.228-219.884.amzn2.x86_64',
      containerRuntime: 'containerd://1.7.22',
      capacity: {
        cpu: '2',
        memory: '3919300Ki',
        pods: '1',
        ephemeralStorage: '30787492Ki',
      },
      allocatable: {
        cpu: '2',
        memory: '3816900Ki',
        pods: '1',
        ephemeralStorage: '28373752581',
      },
      created,
      virtual: true,
    });
  };
  fargate('10.20.40.45', 'us-east-1b', '3d1h');
  fargate('10.20.72.77', 'us-east-1c', '3d1h');
  const ec2Nodes = c.nodeNames(n => !n.virtual);
  const fargateNodes = c.nodeNames(n => Boolean(n.virtual));
  const [n1, n2, n3, n4, n5, n6] = ec2Nodes;

  // The managed control plane shows up only as leases and the kubernetes endpoints.
  addApiserverIdentityLease(c, {
    hostname: 'ip-172-16-51-208.ec2.internal',
    renewedAgo: '5s',
    created: '60d',
  });
  addApiserverIdentityLease(c, {
    hostname: 'ip-172-16-104-17.ec2.internal',
    renewedAgo: '9s',
    created: '60d',
  });
  addLeaderLease(c, {
    name: 'kube-scheduler',
    holderHost: 'ip-172-16-51-208.ec2.internal',
    renewedAgo: '2s',
    acquiredAgo: '17d',
    transitions: 23,
    created: AGE,
  });
  addLeaderLease(c, {
    name: 'kube-controller-manager',
    holderHost: 'ip-172-16-104-17.ec2.internal',
    renewedAgo: '1s',
    acquiredAgo: '17d',
    transitions: 19,
    created: AGE,
  });
  addKubernetesService(c, {
    clusterIP: '172.20.0.1',
    addresses: ['10.20.9.41', '10.20.45.198'],
    targetPort: 443,
    created: AGE,
  });

  // Add-ons (EKS managed add-ons and Helm releases).
  addAwsNode(c, { nodes: ec2Nodes, created: AGE, rolledOut: '60d' });
  addKubeProxy(c, {
    nodes: ec2Nodes,
    image:
      '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:v1.30.6-minimal-eksbuild.3',
    labels: { 'eks.amazonaws.com/component': 'kube-proxy' },
    affinity: NOT_FARGATE,
    requests: { cpu: '100m' },
    created: AGE,
    rolledOut: '60d',
  });
  addClusterDns(c, {
    flavor: 'coredns',
    image:
      '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.2',
    nodes: [n2, n3],
    labels: { 'eks.amazonaws.com/component': 'coredns' },
    podLabels: { 'eks.amazonaws.com/component': 'coredns' },
    pdb: true,
    created: AGE,
    rolledOut: '60d',
    revision: 6,
  });
  // cluster-autoscaler (Helm, kube-system) runs, but the node group's Auto Scaling group is at
  // its maximum since the AMI rotation (max 6, 6 nodes): it cannot add a node for pods a loss
  // strands.
  addClusterAutoscaler(c, {
    namespace: 'kube-system',
    node: n4,
    created: '380d',
    rolledOut: '12d',
    args: [
      '--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/prod-us',
      '--balance-similar-node-groups=true',
      '--skip-nodes-with-system-pods=false',
      '--logtostderr=true',
      '--v=4',
    ],
    nodeGroups: [
      {
        name: 'eks-general-20251108-6cc9a3f1-4b2e-7d05-8e1a-2f9b6c3d4e5a',
        minSize: 3,
        maxSize: 6,
        nodes: 6,
      },
    ],
    reportAgo: '9s',
  });
  addCrds(c, ['elbv2/ingressclassparams', 'elbv2/targetgroupbindings'], '380d');
  addAwsLoadBalancerController(c, {
    nodes: [n2, n5],
    created: '380d',
    rolledOut: '45d',
  });
  addNamespace(c, 'external-dns', '300d', { 'acme.io/owner': 'team-platform' });
  addExternalDns(c, {
    node: n4,
    domain: 'acme.example',
    created: '300d',
    rolledOut: '21d',
  });
  addCrds(
    c,
    [
      'snapshot/volumesnapshotclasses',
      'snapshot/volumesnapshotcontents',
      'snapshot/volumesnapshots',
    ],
    '390d',
  );
  addEbsCsi(c, {
    nodes: ec2Nodes,
    controllerNodes: [n1, n6],
    created: '390d',
    rolledOut: '60d',
  });
  addEfsCsi(c, {
    nodes: ec2Nodes,
    controllerNodes: [n4, n5],
    created: '200d',
    rolledOut: '60d',
  });
  addStorageClass(c, {
    name: 'gp2',
    provisioner: 'kubernetes.io/aws-ebs',
    parameters: { fsType: 'ext4', type: 'gp2' },
    volumeBindingMode: 'WaitForFirstConsumer',
    created: AGE,
  });
  addStorageClass(c, {
    name: 'gp3',
    provisioner: 'ebs.csi.aws.com',
    isDefault: true,
    allowVolumeExpansion: true,
    parameters: {
      'csi.storage.k8s.io/fstype': 'ext4',
      encrypted: 'true',
      type: 'gp3',
    },
    volumeBindingMode: 'WaitForFirstConsumer',
    created: '390d',
  });
  addStorageClass(c, {
    name: 'efs-sc',
    provisioner: 'efs.csi.aws.com',
    parameters: {
      basePath: '/dynamic',
      directoryPerms: '700',
      fileSystemId: 'fs-0a1b2c3d4e5f6a7b8',
      provisioningMode: 'efs-ap',
    },
    created: '200d',
  });
  addVolumeSnapshotClass(c, {
    name: 'ebs-csi-snapclass',
    driver: 'ebs.csi.aws.com',
    isDefault: true,
    created: '390d',
  });

  addAwsForFluentBit(c, { nodes: ec2Nodes, created: '395d', rolledOut: '30d' });
  const release = { release: 'kube-prometheus-stack' };
  addPromStack(c, {
    namespace: 'monitoring',
    flavor: 'kube-prometheus-stack',
    created: '395d',
    rolledOut: '22d',
    releaseLabels: release,
    prometheus: {
      name: 'kube-prometheus-stack-prometheus',
      replicas: 1,
      nodes: [n4],
      serviceMonitorSelector: { matchLabels: release },
      serviceMonitorNamespaceSelector: null,
      podMonitorSelector: { matchLabels: release },
      podMonitorNamespaceSelector: null,
      ruleSelector: { matchLabels: release },
      ruleNamespaceSelector: null,
      retention: '10d',
    },
    alertmanager: {
      name: 'kube-prometheus-stack-alertmanager',
      replicas: 2,
      nodes: [n1, n6],
    },
    operatorNode: n3,
    kubeStateMetricsNode: n5,
    nodeExporterNodes: ec2Nodes,
    nodeExporterAffinity: NOT_FARGATE,
  });
  addVelero(c, {
    namespace: 'velero',
    node: n6,
    created: '385d',
    rolledOut: '50d',
    bsl: {
      provider: 'aws',
      bucket: 'acme-velero-prod-us',
      prefix: 'prod-us',
      region: 'us-west-2',
      phase: 'Available',
      validatedAgo: '51s',
    },
    schedules: [
      {
        name: 'daily-all',
        cron: '0 3 * * *',
        includedNamespaces: ['*'],
        excludedNamespaces: [
          'kube-system',
          'kube-node-lease',
          'kube-public',
          'velero',
        ],
        snapshotVolumes: true,
        ttl: '720h0m0s',
        created: '385d',
        backups: [
          {
            startedAgo: '7h30s',
            tookSeconds: 655,
            phase: 'Completed',
            items: 2410,
            volumeSnapshots: 1,
          },
          {
            startedAgo: '31h30s',
            tookSeconds: 702,
            phase: 'Completed',
            items: 2402,
            volumeSnapshots: 1,
          },
          {
            startedAgo: '55h30s',
            tookSeconds: 640,
            phase: 'Completed',
            items: 2398,
            volumeSnapshots: 1,
          },
        ],
      },
    ],
  });

  // Batch on Fargate (not a catalog service).
  addDeployment(c, {
    name: 'report-exporter',
    namespace: 'batch',
    labels: {
      app: 'report-exporter',
      'app.kubernetes.io/name': 'report-exporter',
    },
    selector: { matchLabels: { 'app.kubernetes.io/name': 'report-exporter' } },
    template: {
      labels: {
        app: 'report-exporter',
        'app.kubernetes.io/name': 'report-exporter',
        'eks.amazonaws.com/fargate-profile': 'fp-batch',
      },
      annotations: {
        CapacityProvisioned: '0.25vCPU 0.5GB',
        Logging: 'LoggingEnabled',
      },
      spec: {
        containers: [
          container({
            name: 'exporter',
            image: 'ghcr.io/acme/report-exporter:1.2.0',
            requests: { cpu: '200m', memory: '256Mi' },
            livenessProbe: httpGet('/healthz', 8080),
          }),
        ],
      },
    },
    replicas: 2,
    nodes: fargateNodes,
    created: '120d',
    rolledOut: '3d1h',
    revision: 8,
  });

  // Catalog services ---------------------------------------------------------------
  const albIngress = (name: string) => [
    {
      hostname: `k8s-shop-${name}-${hex(
        `prod-us/alb/${name}`,
        10,
      )}-1849302211.us-east-1.elb.amazonaws.com`,
    },
  ];
  const albAnnotations = {
    'alb.ingress.kubernetes.io/group.name': 'shop',
    'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    'alb.ingress.kubernetes.io/target-type': 'ip',
  };
  deployApp(c, component('checkout'), {
    namespace: 'shop',
    version: '2.14.1',
    replicas: 3,
    nodes: [n1, n3, n5],
    created: '380d',
    rolledOut: '5d',
    revision: 35,
    oldRevisions: [{ revision: 34, rolledOut: '12d' }],
    zoneSpread: {},
    priorityClassName: 'business-critical',
    hpa: { min: 3, max: 10, cpuCurrent: 38, lastScale: '1d7h' },
    pdbs: [
      {
        name: 'checkout',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    // The platform team keeps monitors next to Prometheus (it only watches its own namespace).
    serviceMonitor: { namespace: 'monitoring', labels: release },
    prometheusRule: { namespace: 'monitoring', labels: release },
    ingress: {
      className: 'alb',
      host: 'shop.us.acme.example',
      path: '/api/checkout',
      lbIngress: albIngress('shop'),
      annotations: albAnnotations,
    },
  });
  deployApp(c, component('cart'), {
    namespace: 'shop',
    version: '1.9.0',
    replicas: 3,
    nodes: [n2, n4, n6],
    created: '380d',
    rolledOut: '8d',
    revision: 19,
    zoneSpread: {},
    priorityClassName: 'business-critical',
    // maxReplicas as low as the replicas it runs, under load: no room to scale up.
    hpa: { min: 1, max: 3, cpuCurrent: 94, lastScale: '3h' },
    pdbs: [
      {
        name: 'cart',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    // Left in the app namespace: this Prometheus never looks there.
    serviceMonitor: { namespace: 'shop', labels: release },
    ingress: {
      className: 'alb',
      host: 'shop.us.acme.example',
      path: '/api/cart',
      lbIngress: albIngress('shop'),
      annotations: albAnnotations,
    },
  });
  deployApp(c, component('payments-api'), {
    namespace: 'payments',
    version: '3.2.0',
    replicas: 3,
    nodes: [n1, n4, n5],
    created: '370d',
    rolledOut: '4d',
    revision: 51,
    zoneSpread: {},
    priorityClassName: 'business-critical',
    pdbs: [{ name: 'payments-api', minAvailable: 3 }],
    serviceMonitor: { namespace: 'monitoring', labels: release },
    prometheusRule: { namespace: 'monitoring', labels: release },
  });
  // Multi-Cluster Services: checkout and payments-api are exported to
  // the clusterset shared with prod-eu; cart is not (yet), so prod-us takes no cart failover.
  addMcsApi(c, '200d');
  addServiceExport(c, {
    name: 'checkout',
    namespace: 'shop',
    exported: '190d',
  });
  addServiceExport(c, {
    name: 'payments-api',
    namespace: 'payments',
    exported: '200d',
  });
  // The clusterset's Services, imported into this cluster by the MCS controller.
  addClustersetImports(c);
  deployApp(c, component('frontend-web'), {
    namespace: 'shop',
    version: '5.3.0',
    replicas: 3,
    nodes: [n2, n3, n6],
    strategy: 'Recreate',
    created: '380d',
    rolledOut: '2d',
    revision: 97,
    priorityClassName: 'business-critical',
    pdbs: [
      {
        name: 'frontend-web',
        maxUnavailable: 1,
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    ],
    loadBalancer: {
      name: 'frontend-web-public',
      annotations: {
        // The other half of www.acme.example's latency records (dr-traffic-failover).
        'external-dns.kubernetes.io/hostname': 'www.acme.example',
        'external-dns.kubernetes.io/set-identifier': 'prod-us',
        'external-dns.kubernetes.io/aws-region': 'us-east-1',
        'external-dns.kubernetes.io/aws-health-check-id':
          '9a2e6d14-7b3c-4f58-8e1a-2c6b9d0f4e77',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme':
          'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      },
      lbIngress: [],
    },
  });
  deployStatefulApp(c, component('orders-db'), {
    engine: 'postgres',
    namespace: 'data',
    version: '16.4.0',
    replicas: 1,
    nodes: [n3],
    storageClassName: 'gp3',
    size: '100Gi',
    priorityClassName: 'business-critical',
    created: '360d',
    rolledOut: '40d',
    serviceMonitor: { namespace: 'monitoring', labels: release },
    prometheusRule: { namespace: 'monitoring', labels: release },
  });
  addVolumeSnapshot(c, {
    name: 'orders-db-data-20261120',
    namespace: 'data',
    pvcName: 'data-orders-db-0',
    className: 'ebs-csi-snapclass',
    created: '6h',
    labels: { 'app.kubernetes.io/name': 'orders-db' },
  });
  return c;
}
