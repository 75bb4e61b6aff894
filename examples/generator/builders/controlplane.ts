/**
 * Control-plane signals: kubeadm static (mirror) pods, the kubeadm-config
 * ConfigMap, kube-apiserver identity leases and leader-election leases.
 */
import { Cluster, K8s } from '../lib/cluster';
import { hex, intIn, uuid } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { meta } from './meta';
import { addPod } from './pods';

const hostPath = (name: string, path: string, type = 'DirectoryOrCreate') => ({
  hostPath: { path, type },
  name,
});
const mount = (name: string, mountPath: string, readOnly = true) => ({
  mountPath,
  name,
  ...(readOnly ? { readOnly: true } : {}),
});

function staticPodSpec(
  component: string,
  nodeIP: string,
  version: string,
  etcdServers: string,
): K8s {
  const probe = (path: string, port: number, extra: K8s = {}) => ({
    failureThreshold: 8,
    httpGet: {
      host:
        component === 'etcd'
          ? '127.0.0.1'
          : component === 'kube-apiserver'
          ? nodeIP
          : '127.0.0.1',
      path,
      port,
      scheme: component === 'etcd' ? 'HTTP' : 'HTTPS',
    },
    initialDelaySeconds: 10,
    periodSeconds: 10,
    timeoutSeconds: 15,
    ...extra,
  });
  const base: K8s = {
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
  };
  switch (component) {
    case 'etcd':
      return {
        ...base,
        containers: [
          {
            name: 'etcd',
            image: 'registry.k8s.io/etcd:3.5.15-0',
            command: [
              'etcd',
              `--advertise-client-urls=https://${nodeIP}:2379`,
              '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
              '--client-cert-auth=true',
              '--data-dir=/var/lib/etcd',
              '--experimental-initial-corrupt-check=true',
              '--experimental-watch-progress-notify-interval=5s',
              `--initial-advertise-peer-urls=https://${nodeIP}:2380`,
              `--listen-client-urls=https://127.0.0.1:2379,https://${nodeIP}:2379`,
              '--listen-metrics-urls=http://127.0.0.1:2381',
              `--listen-peer-urls=https://${nodeIP}:2380`,
              '--peer-client-cert-auth=true',
              '--snapshot-count=10000',
            ],
            livenessProbe: probe('/livez', 2381),
            readinessProbe: {
              ...probe('/readyz', 2381),
              failureThreshold: 3,
              initialDelaySeconds: undefined,
              timeoutSeconds: 15,
            },
            startupProbe: probe('/readyz', 2381, { failureThreshold: 24 }),
            resources: { requests: { cpu: '100m', memory: '100Mi' } },
            volumeMounts: [
              mount('etcd-data', '/var/lib/etcd', false),
              mount('etcd-certs', '/etc/kubernetes/pki/etcd', false),
            ],
          },
        ],
        volumes: [
          hostPath('etcd-certs', '/etc/kubernetes/pki/etcd'),
          hostPath('etcd-data', '/var/lib/etcd'),
        ],
      };
    case 'kube-apiserver':
      return {
        ...base,
        containers: [
          {
            name: 'kube-apiserver',
            image: `registry.k8s.io/kube-apiserver:${version}`,
            command: [
              'kube-apiserver',
              `--advertise-address=${nodeIP}`,
              '--allow-privileged=true',
              '--authorization-mode=Node,RBAC',
              '--client-ca-file=/etc/kubernetes/pki/ca.crt',
              '--enable-admission-plugins=NodeRestriction',
              '--enable-bootstrap-token-auth=true',
              '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
              '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
              '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
              `--etcd-servers=${etcdServers}`,
              '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
              '--secure-port=6443',
              '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
              '--service-cluster-ip-range=10.96.0.0/12',
              '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
            ],
            livenessProbe: probe('/livez', 6443),
            readinessProbe: {
              ...probe('/readyz', 6443),
              failureThreshold: 3,
              periodSeconds: 1,
              initialDelaySeconds: undefined,
            },
            startupProbe: probe('/livez', 6443, { failureThreshold: 24 }),
            resources: { requests: { cpu: '250m' } },
            volumeMounts: [
              mount('ca-certs', '/etc/ssl/certs'),
              mount('k8s-certs', '/etc/kubernetes/pki'),
            ],
          },
        ],
        volumes: [
          hostPath('ca-certs', '/etc/ssl/certs'),
          hostPath('k8s-certs', '/etc/kubernetes/pki'),
        ],
      };
    default: {
      const port = component === 'kube-scheduler' ? 10259 : 10257;
      const flags =
        component === 'kube-scheduler'
          ? [
              '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
              '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
              '--bind-address=127.0.0.1',
              '--kubeconfig=/etc/kubernetes/scheduler.conf',
              '--leader-elect=true',
            ]
          : [
              '--allocate-node-cidrs=true',
              '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
              '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
              '--bind-address=127.0.0.1',
              '--cluster-cidr=192.168.0.0/16',
              '--cluster-name=prod-eu',
              '--controllers=*,bootstrapsigner,tokencleaner',
              '--kubeconfig=/etc/kubernetes/controller-manager.conf',
              '--leader-elect=true',
              '--service-cluster-ip-range=10.96.0.0/12',
              '--use-service-account-credentials=true',
            ];
      return {
        ...base,
        containers: [
          {
            name: component,
            image: `registry.k8s.io/${component}:${version}`,
            command: [component, ...flags],
            livenessProbe: probe('/healthz', port),
            startupProbe: probe('/healthz', port, { failureThreshold: 24 }),
            resources: {
              requests: {
                cpu: component === 'kube-scheduler' ? '100m' : '200m',
              },
            },
            volumeMounts: [
              mount(
                'kubeconfig',
                `/etc/kubernetes/${
                  component === 'kube-scheduler'
                    ? 'scheduler'
                    : 'controller-manager'
                }.conf`,
              ),
            ],
          },
        ],
        volumes: [
          hostPath(
            'kubeconfig',
            `/etc/kubernetes/${
              component === 'kube-scheduler'
                ? 'scheduler'
                : 'controller-manager'
            }.conf`,
            'FileOrCreate',
          ),
        ],
      };
    }
  }
}

/** The four kubeadm static pods of one control-plane node, as mirror pods. */
export function addKubeadmStaticPods(
  c: Cluster,
  o: { node: string; version: string; etcdServers: string; created: Duration },
): K8s[] {
  const node = c.must('Node', undefined, o.node);
  const info = c.node(o.node);
  return [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
  ].map((component, i) => {
    const hash = hex(`${c.name}/${o.node}/${component}/${o.version}`, 32);
    const created = seconds(o.created) - i * 2;
    const annotations: Record<string, string> = {
      'kubernetes.io/config.hash': hash,
      'kubernetes.io/config.mirror': hash,
      'kubernetes.io/config.seen': `${c.ago(created + 5).slice(0, 19)}.${String(
        intIn(hash, 100000000, 999999999),
      )}Z`,
      'kubernetes.io/config.source': 'file',
    };
    if (component === 'etcd')
      annotations[
        'kubeadm.kubernetes.io/etcd.advertise-client-urls'
      ] = `https://${info.ip}:2379`;
    if (component === 'kube-apiserver')
      annotations[
        'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint'
      ] = `${info.ip}:6443`;
    return addPod(c, {
      name: `${component}-${o.node}`,
      namespace: 'kube-system',
      template: {
        labels: { component, tier: 'control-plane' },
        annotations,
        spec: staticPodSpec(component, info.ip, o.version, o.etcdServers),
      },
      owner: {
        apiVersion: 'v1',
        controller: true,
        kind: 'Node',
        name: o.node,
        uid: node.metadata.uid,
      },
      nodeName: o.node,
      created,
      replaceDefaultTolerations: true,
      specOverrides: { enableServiceLinks: true },
    });
  });
}

export function addKubeadmConfig(
  c: Cluster,
  o: {
    clusterName: string;
    version: string;
    controlPlaneEndpoint: string;
    podSubnet: string;
    serviceSubnet: string;
    created: Duration;
  },
): K8s {
  const clusterConfiguration = [
    'apiServer: {}',
    'apiVersion: kubeadm.k8s.io/v1beta4',
    'caCertificateValidityPeriod: 87600h0m0s',
    'certificateValidityPeriod: 8760h0m0s',
    'certificatesDir: /etc/kubernetes/pki',
    `clusterName: ${o.clusterName}`,
    `controlPlaneEndpoint: ${o.controlPlaneEndpoint}`,
    'controllerManager: {}',
    'dns: {}',
    'encryptionAlgorithm: RSA-2048',
    'etcd:',
    '  local:',
    '    dataDir: /var/lib/etcd',
    'imageRepository: registry.k8s.io',
    'kind: ClusterConfiguration',
    `kubernetesVersion: ${o.version}`,
    'networking:',
    '  dnsDomain: cluster.local',
    `  podSubnet: ${o.podSubnet}`,
    `  serviceSubnet: ${o.serviceSubnet}`,
    'proxy: {}',
    'scheduler: {}',
    '',
  ].join('\n');
  return c.add({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta(c, 'ConfigMap', {
      name: 'kubeadm-config',
      namespace: 'kube-system',
      created: o.created,
    }),
    data: { ClusterConfiguration: clusterConfiguration },
  });
}

/** A kube-apiserver identity lease (one per API server process, renewed every 10 s). */
export function addApiserverIdentityLease(
  c: Cluster,
  o: {
    hostname: string;
    renewedAgo: Duration;
    created: Duration;
    holderKey?: string;
  },
): K8s {
  const name = `apiserver-${hex(`apiserver-identity/${o.hostname}`, 26)}`;
  return c.add({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: meta(c, 'Lease', {
      name,
      namespace: 'kube-system',
      labels: {
        'apiserver.kubernetes.io/identity': 'kube-apiserver',
        'kubernetes.io/hostname': o.hostname,
      },
      created: o.created,
    }),
    spec: {
      holderIdentity: `${name}_${uuid(
        `${c.name}/${o.hostname}/${o.holderKey ?? 'boot'}`,
      )}`,
      leaseDurationSeconds: 3600,
      renewTime: c.microAgo(o.renewedAgo, `${name}/renew`),
    },
  });
}

/** A leader-election lease (kube-scheduler, kube-controller-manager, ...). */
export function addLeaderLease(
  c: Cluster,
  o: {
    name: string;
    namespace?: string;
    holderHost: string;
    renewedAgo: Duration;
    acquiredAgo: Duration;
    transitions: number;
    created: Duration;
    durationSeconds?: number;
    holderSeparator?: string;
  },
): K8s {
  return c.add({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: meta(c, 'Lease', {
      name: o.name,
      namespace: o.namespace ?? 'kube-system',
      created: o.created,
    }),
    spec: {
      acquireTime: c.microAgo(o.acquiredAgo, `${o.name}/acquire`),
      holderIdentity: `${o.holderHost}${o.holderSeparator ?? '_'}${uuid(
        `${c.name}/${o.name}/${o.holderHost}`,
      )}`,
      leaseDurationSeconds: o.durationSeconds ?? 15,
      leaseTransitions: o.transitions,
      renewTime: c.microAgo(o.renewedAgo, `${o.name}/renew`),
    },
  });
}
