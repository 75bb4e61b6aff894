/** Cluster DNS: CoreDNS (kubeadm, EKS, k3s) or GKE's kube-dns, plus the kube-dns Service. */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { container, httpGet } from './containers';
import { addService } from './network';
import { addPdb } from './policy';
import { addDeployment, Built } from './workloads';

export interface DnsOpts {
  flavor: 'coredns' | 'kube-dns';
  image: string;
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
  labels?: Record<string, string>;
  podLabels?: Record<string, string>;
  extraTolerations?: K8s[];
  pdb?: boolean;
  revision?: number;
}

export function addClusterDns(c: Cluster, o: DnsOpts): Built {
  const coredns = o.flavor === 'coredns';
  const name = coredns ? 'coredns' : 'kube-dns';
  const labels = { 'k8s-app': 'kube-dns', ...(o.labels ?? {}) };
  const spec: K8s = coredns
    ? {
        serviceAccountName: 'coredns',
        priorityClassName: 'system-cluster-critical',
        dnsPolicy: 'Default',
        containers: [
          container({
            name: 'coredns',
            image: o.image,
            args: ['-conf', '/etc/coredns/Corefile'],
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
              { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
            ],
            requests: { cpu: '100m', memory: '70Mi' },
            limits: { memory: '170Mi' },
            livenessProbe: httpGet('/health', 8080, {
              failureThreshold: 5,
              initialDelaySeconds: 60,
              timeoutSeconds: 5,
            }),
            readinessProbe: httpGet('/ready', 8181),
            volumeMounts: [
              {
                mountPath: '/etc/coredns',
                name: 'config-volume',
                readOnly: true,
              },
            ],
          }),
        ],
        volumes: [
          {
            configMap: {
              defaultMode: 420,
              items: [{ key: 'Corefile', path: 'Corefile' }],
              name: 'coredns',
            },
            name: 'config-volume',
          },
        ],
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      { key: 'k8s-app', operator: 'In', values: ['kube-dns'] },
                    ],
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          ...(o.extraTolerations ?? []),
        ],
      }
    : {
        serviceAccountName: 'kube-dns',
        priorityClassName: 'system-cluster-critical',
        dnsPolicy: 'Default',
        containers: [
          container({
            name: 'kubedns',
            image: o.image,
            args: [
              '--domain=cluster.local.',
              '--dns-port=10053',
              '--config-dir=/kube-dns-config',
              '--v=2',
            ],
            ports: [
              { name: 'dns-local', containerPort: 10053, protocol: 'UDP' },
              { name: 'dns-tcp-local', containerPort: 10053, protocol: 'TCP' },
              { name: 'metrics', containerPort: 10055, protocol: 'TCP' },
            ],
            requests: { cpu: '100m', memory: '70Mi' },
            limits: { memory: '210Mi' },
            livenessProbe: httpGet('/healthcheck/kubedns', 10054, {
              failureThreshold: 5,
              initialDelaySeconds: 60,
              successThreshold: 1,
              timeoutSeconds: 5,
            }),
            readinessProbe: httpGet('/readiness', 8081, {
              initialDelaySeconds: 3,
              timeoutSeconds: 5,
            }),
          }),
          container({
            name: 'dnsmasq',
            image: 'gke.gcr.io/k8s-dns-dnsmasq-nanny:1.23.0-gke.9',
            args: [
              '-v=2',
              '-logtostderr',
              '-configDir=/etc/k8s/dns/dnsmasq-nanny',
              '-restartDnsmasq=true',
              '--',
              '-k',
              '--cache-size=1000',
              '--server=/cluster.local/127.0.0.1#10053',
            ],
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            ],
            requests: { cpu: '150m', memory: '20Mi' },
            livenessProbe: httpGet('/healthcheck/dnsmasq', 10054, {
              failureThreshold: 5,
              initialDelaySeconds: 60,
              timeoutSeconds: 5,
            }),
          }),
          container({
            name: 'sidecar',
            image: 'gke.gcr.io/k8s-dns-sidecar:1.23.0-gke.9',
            args: [
              '--v=2',
              '--logtostderr',
              '--probe=kubedns,127.0.0.1:10053,kubernetes.default.svc.cluster.local,5,SRV',
            ],
            ports: [{ name: 'metrics', containerPort: 10054, protocol: 'TCP' }],
            requests: { cpu: '10m', memory: '20Mi' },
            livenessProbe: httpGet('/metrics', 10054, {
              failureThreshold: 5,
              initialDelaySeconds: 60,
              timeoutSeconds: 5,
            }),
          }),
        ],
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      { key: 'k8s-app', operator: 'In', values: ['kube-dns'] },
                    ],
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          {
            key: 'components.gke.io/gke-managed-components',
            operator: 'Exists',
          },
        ],
      };
  const built = addDeployment(c, {
    name,
    namespace: 'kube-system',
    labels,
    selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    template: {
      labels: { 'k8s-app': 'kube-dns', ...(o.podLabels ?? {}) },
      spec,
    },
    replicas: o.nodes.length,
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: o.revision ?? 2,
    strategy: {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 },
    },
  });
  addService(c, {
    name: 'kube-dns',
    namespace: 'kube-system',
    labels: {
      'k8s-app': 'kube-dns',
      'kubernetes.io/cluster-service': 'true',
      'kubernetes.io/name': coredns ? 'CoreDNS' : 'KubeDNS',
    },
    annotations: coredns
      ? { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' }
      : {},
    selector: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, targetPort: 53, protocol: 'TCP' },
      ...(coredns ? [{ name: 'metrics', port: 9153, targetPort: 9153 }] : []),
    ],
    clusterIP: c.info.dnsIP,
    created: o.created,
  });
  if (o.pdb) {
    addPdb(c, {
      name,
      namespace: 'kube-system',
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      maxUnavailable: 1,
      labels: { 'k8s-app': 'kube-dns', ...(o.labels ?? {}) },
      created: o.created,
    });
  }
  return built;
}
