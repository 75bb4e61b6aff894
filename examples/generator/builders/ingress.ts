/** Ingress controllers: ingress-nginx, the AWS Load Balancer Controller and k3s Traefik (with ServiceLB). */
import { Cluster } from '../lib/cluster';
import { safeSuffix } from '../lib/ids';
import { Duration, seconds } from '../lib/time';
import { addAgent } from './agents';
import { container, httpGet, TOLERATE_ALL } from './containers';
import { NOT_FARGATE } from './cni';
import { meta } from './meta';
import { addIngressClass, addService } from './network';
import { addPdb } from './policy';
import { addDeployment } from './workloads';

interface Common {
  nodes: string[];
  created: Duration;
  rolledOut: Duration;
}

export function addIngressNginx(
  c: Cluster,
  o: Common & { namespace: string; publishHostname: string },
): void {
  const sel = {
    'app.kubernetes.io/component': 'controller',
    'app.kubernetes.io/instance': 'ingress-nginx',
    'app.kubernetes.io/name': 'ingress-nginx',
  };
  const labels = {
    ...sel,
    'app.kubernetes.io/part-of': 'ingress-nginx',
    'app.kubernetes.io/version': '1.12.0',
  };
  addDeployment(c, {
    name: 'ingress-nginx-controller',
    namespace: o.namespace,
    labels,
    selector: { matchLabels: sel },
    template: {
      labels,
      spec: {
        serviceAccountName: 'ingress-nginx',
        priorityClassName: 'platform-critical',
        nodeSelector: { 'kubernetes.io/os': 'linux' },
        terminationGracePeriodSeconds: 300,
        containers: [
          container({
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0',
            args: [
              '/nginx-ingress-controller',
              '--publish-status-address=' + o.publishHostname,
              '--election-id=ingress-nginx-leader',
              '--controller-class=k8s.io/ingress-nginx',
              '--ingress-class=nginx',
            ],
            ports: [
              { name: 'http', containerPort: 80 },
              { name: 'https', containerPort: 443 },
              { name: 'metrics', containerPort: 10254 },
            ],
            requests: { cpu: '100m', memory: '90Mi' },
            livenessProbe: httpGet('/healthz', 10254, {
              failureThreshold: 5,
              initialDelaySeconds: 10,
            }),
            readinessProbe: httpGet('/healthz', 10254, {
              initialDelaySeconds: 10,
            }),
          }),
        ],
        topologySpreadConstraints: [
          {
            labelSelector: { matchLabels: sel },
            maxSkew: 1,
            topologyKey: 'topology.kubernetes.io/zone',
            whenUnsatisfiable: 'ScheduleAnyway',
          },
        ],
      },
    },
    replicas: o.nodes.length,
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 6,
  });
  addService(c, {
    name: 'ingress-nginx-controller',
    namespace: o.namespace,
    labels,
    selector: sel,
    type: 'NodePort',
    externalTrafficPolicy: 'Local',
    ports: [
      { name: 'http', port: 80, targetPort: 'http', appProtocol: 'http' },
      { name: 'https', port: 443, targetPort: 'https', appProtocol: 'https' },
    ],
    created: o.created,
  });
  addService(c, {
    name: 'ingress-nginx-controller-metrics',
    namespace: o.namespace,
    labels,
    selector: sel,
    ports: [{ name: 'metrics', port: 10254, targetPort: 'metrics' }],
    created: o.created,
  });
  addPdb(c, {
    name: 'ingress-nginx-controller',
    namespace: o.namespace,
    selector: { matchLabels: sel },
    minAvailable: 1,
    labels,
    created: o.created,
  });
  addIngressClass(c, {
    name: 'nginx',
    controller: 'k8s.io/ingress-nginx',
    isDefault: true,
    labels,
    created: o.created,
  });
}

export function addAwsLoadBalancerController(c: Cluster, o: Common): void {
  const sel = {
    'app.kubernetes.io/instance': 'aws-load-balancer-controller',
    'app.kubernetes.io/name': 'aws-load-balancer-controller',
  };
  addDeployment(c, {
    name: 'aws-load-balancer-controller',
    namespace: 'kube-system',
    labels: {
      ...sel,
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/version': 'v2.10.1',
    },
    selector: { matchLabels: sel },
    template: {
      labels: sel,
      annotations: {
        'prometheus.io/port': '8080',
        'prometheus.io/scrape': 'true',
      },
      spec: {
        serviceAccountName: 'aws-load-balancer-controller',
        priorityClassName: 'system-cluster-critical',
        affinity: {
          ...NOT_FARGATE,
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  labelSelector: {
                    matchExpressions: [
                      {
                        key: 'app.kubernetes.io/name',
                        operator: 'In',
                        values: ['aws-load-balancer-controller'],
                      },
                    ],
                  },
                  topologyKey: 'kubernetes.io/hostname',
                },
                weight: 100,
              },
            ],
          },
        },
        containers: [
          container({
            name: 'aws-load-balancer-controller',
            image: 'public.ecr.aws/eks/aws-load-balancer-controller:v2.10.1',
            args: ['--cluster-name=prod-us', '--ingress-class=alb'],
            ports: [
              { name: 'webhook-server', containerPort: 9443 },
              { name: 'metrics-server', containerPort: 8080 },
            ],
            requests: { cpu: '100m', memory: '128Mi' },
            limits: { cpu: '200m', memory: '500Mi' },
            livenessProbe: httpGet('/healthz', 61779, {
              failureThreshold: 2,
              initialDelaySeconds: 30,
              timeoutSeconds: 10,
            }),
            readinessProbe: httpGet('/readyz', 61779, {
              failureThreshold: 2,
              successThreshold: 1,
              timeoutSeconds: 10,
            }),
          }),
        ],
      },
    },
    replicas: o.nodes.length,
    nodes: o.nodes,
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 4,
  });
  addService(c, {
    name: 'aws-load-balancer-webhook-service',
    namespace: 'kube-system',
    labels: {
      ...sel,
      'app.kubernetes.io/component': 'webhook',
      'prometheus.io/service-monitor': 'false',
    },
    selector: sel,
    ports: [
      { name: 'webhook-server', port: 443, targetPort: 'webhook-server' },
    ],
    created: o.created,
  });
  addPdb(c, {
    name: 'aws-load-balancer-controller',
    namespace: 'kube-system',
    selector: { matchLabels: sel },
    maxUnavailable: 1,
    created: o.created,
  });
  // The chart's webhooks fail closed: pods, Services and Ingresses wait for the controller.
  const webhookClient = (path: string) => ({
    service: {
      name: 'aws-load-balancer-webhook-service',
      namespace: 'kube-system',
      path,
      port: 443,
    },
    caBundle: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
  });
  const webhook = (
    name: string,
    path: string,
    operations: string[],
    apiGroups: string[],
    resources: string[],
    extra: Record<string, unknown> = {},
  ) => ({
    name,
    admissionReviewVersions: ['v1beta1'],
    clientConfig: webhookClient(path),
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    rules: [
      {
        apiGroups,
        apiVersions: ['*'],
        operations,
        resources,
        scope: '*',
      },
    ],
    sideEffects: 'None',
    timeoutSeconds: 10,
    ...extra,
  });
  c.add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: meta(c, 'MutatingWebhookConfiguration', {
      name: 'aws-load-balancer-webhook',
      labels: sel,
      created: o.created,
      generation: 1,
    }),
    webhooks: [
      webhook(
        'mpod.elbv2.k8s.aws',
        '/mutate-v1-pod',
        ['CREATE'],
        [''],
        ['pods'],
        {
          namespaceSelector: {
            matchExpressions: [
              {
                key: 'elbv2.k8s.aws/pod-readiness-gate-inject',
                operator: 'In',
                values: ['enabled'],
              },
            ],
          },
          objectSelector: {
            matchExpressions: [
              {
                key: 'app.kubernetes.io/name',
                operator: 'NotIn',
                values: ['aws-load-balancer-controller'],
              },
            ],
          },
        },
      ),
      webhook(
        'mservice.elbv2.k8s.aws',
        '/mutate-v1-service',
        ['CREATE'],
        [''],
        ['services'],
      ),
      webhook(
        'mtargetgroupbinding.elbv2.k8s.aws',
        '/mutate-elbv2-k8s-aws-v1beta1-targetgroupbinding',
        ['CREATE', 'UPDATE'],
        ['elbv2.k8s.aws'],
        ['targetgroupbindings'],
      ),
    ],
  });
  c.add({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: meta(c, 'ValidatingWebhookConfiguration', {
      name: 'aws-load-balancer-webhook',
      labels: sel,
      created: o.created,
      generation: 1,
    }),
    webhooks: [
      webhook(
        'vingress.elbv2.k8s.aws',
        '/validate-networking-v1-ingress',
        ['CREATE', 'UPDATE'],
        ['networking.k8s.io'],
        ['ingresses'],
      ),
      webhook(
        'vtargetgroupbinding.elbv2.k8s.aws',
        '/validate-elbv2-k8s-aws-v1beta1-targetgroupbinding',
        ['CREATE', 'UPDATE'],
        ['elbv2.k8s.aws'],
        ['targetgroupbindings'],
      ),
    ],
  });
  c.add({
    apiVersion: 'elbv2.k8s.aws/v1beta1',
    kind: 'IngressClassParams',
    metadata: meta(c, 'IngressClassParams', {
      name: 'alb',
      labels: sel,
      created: o.created,
      generation: 1,
    }),
    spec: { scheme: 'internet-facing', ipAddressType: 'ipv4' },
  });
  addIngressClass(c, {
    name: 'alb',
    controller: 'ingress.k8s.aws/alb',
    isDefault: true,
    labels: sel,
    parameters: {
      apiGroup: 'elbv2.k8s.aws',
      kind: 'IngressClassParams',
      name: 'alb',
    },
    created: o.created,
  });
}

export function addTraefik(
  c: Cluster,
  o: { node: string; nodeIP: string; created: Duration; rolledOut: Duration },
): void {
  const sel = {
    'app.kubernetes.io/instance': 'traefik-kube-system',
    'app.kubernetes.io/name': 'traefik',
  };
  const labels = {
    ...sel,
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': 'traefik-27.0.201_up27.0.2',
  };
  addDeployment(c, {
    name: 'traefik',
    namespace: 'kube-system',
    labels,
    annotations: {
      'meta.helm.sh/release-name': 'traefik',
      'meta.helm.sh/release-namespace': 'kube-system',
    },
    selector: { matchLabels: sel },
    template: {
      labels,
      annotations: {
        'prometheus.io/path': '/metrics',
        'prometheus.io/port': '9100',
        'prometheus.io/scrape': 'true',
      },
      spec: {
        serviceAccountName: 'traefik',
        priorityClassName: 'system-cluster-critical',
        tolerations: [
          { key: 'CriticalAddonsOnly', operator: 'Exists' },
          {
            effect: 'NoSchedule',
            key: 'node-role.kubernetes.io/control-plane',
            operator: 'Exists',
          },
          {
            effect: 'NoSchedule',
            key: 'node-role.kubernetes.io/master',
            operator: 'Exists',
          },
        ],
        containers: [
          container({
            name: 'traefik',
            image: 'rancher/mirrored-library-traefik:2.11.10',
            args: [
              '--entrypoints.metrics.address=:9100/tcp',
              '--entrypoints.traefik.address=:9000/tcp',
              '--entrypoints.web.address=:8000/tcp',
              '--entrypoints.websecure.address=:8443/tcp',
              '--api.dashboard=true',
              '--ping=true',
              '--providers.kubernetescrd',
              '--providers.kubernetesingress',
            ],
            ports: [
              { name: 'metrics', containerPort: 9100 },
              { name: 'traefik', containerPort: 9000 },
              { name: 'web', containerPort: 8000 },
              { name: 'websecure', containerPort: 8443 },
            ],
            livenessProbe: httpGet('/ping', 9000, {
              failureThreshold: 3,
              initialDelaySeconds: 2,
              timeoutSeconds: 2,
            }),
            readinessProbe: httpGet('/ping', 9000, {
              failureThreshold: 1,
              initialDelaySeconds: 2,
              timeoutSeconds: 2,
            }),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.node],
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 1,
  });
  const { service } = addService(c, {
    name: 'traefik',
    namespace: 'kube-system',
    labels,
    annotations: {
      'meta.helm.sh/release-name': 'traefik',
      'meta.helm.sh/release-namespace': 'kube-system',
    },
    selector: sel,
    type: 'LoadBalancer',
    ports: [
      { name: 'web', port: 80, targetPort: 'web' },
      { name: 'websecure', port: 443, targetPort: 'websecure' },
    ],
    lbIngress: [{ ip: o.nodeIP, ipMode: 'VIP' }],
    created: o.created,
  });
  // k3s ServiceLB: one svclb DaemonSet per LoadBalancer Service, named after the Service uid.
  const dsName = `svclb-traefik-${service.metadata.uid.slice(0, 8)}`;
  const svcSel = { app: dsName };
  addAgent(c, {
    name: dsName,
    namespace: 'kube-system',
    selector: svcSel,
    labels: {
      'objectset.rio.cattle.io/hash': safeSuffix(`${c.name}/svclb`, 10),
      'svccontroller.k3s.cattle.io/nodeselector': 'false',
      'svccontroller.k3s.cattle.io/svcname': 'traefik',
      'svccontroller.k3s.cattle.io/svcnamespace': 'kube-system',
    },
    podLabels: {
      'svccontroller.k3s.cattle.io/svcname': 'traefik',
      'svccontroller.k3s.cattle.io/svcnamespace': 'kube-system',
    },
    serviceAccountName: 'svclb',
    priorityClassName: 'system-node-critical',
    tolerations: [
      TOLERATE_ALL,
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
    ],
    containers: [80, 443].map(port =>
      container({
        name: `lb-tcp-${port}`,
        image: 'rancher/klipper-lb:v0.4.9',
        ports: [
          { name: `lb-tcp-${port}`, containerPort: port, hostPort: port },
        ],
        env: [
          { name: 'SRC_PORT', value: String(port) },
          { name: 'DEST_PROTO', value: 'TCP' },
        ],
        securityContext: { capabilities: { add: ['NET_ADMIN'] } },
      }),
    ),
    nodes: [o.node],
    created: seconds(o.created) - 2,
    rolledOut: seconds(o.created) - 2,
  });
  addIngressClass(c, {
    name: 'traefik',
    controller: 'traefik.io/ingress-controller',
    isDefault: true,
    labels,
    created: o.created,
  });
}

/** A Traefik IngressRoute (traefik.io/v1alpha1) sending a host's path prefix to a Service. */
export function addIngressRoute(
  c: Cluster,
  o: {
    name: string;
    namespace: string;
    host: string;
    pathPrefix: string;
    service: string;
    /** The Service's port, by name or number. */
    port: string | number;
    created: Duration;
  },
): void {
  c.add({
    apiVersion: 'traefik.io/v1alpha1',
    kind: 'IngressRoute',
    metadata: meta(c, 'IngressRoute', {
      name: o.name,
      namespace: o.namespace,
      created: o.created,
      generation: 1,
    }),
    spec: {
      entryPoints: ['web'],
      routes: [
        {
          kind: 'Rule',
          match: `Host(\`${o.host}\`) && PathPrefix(\`${o.pathPrefix}\`)`,
          services: [{ name: o.service, port: o.port }],
        },
      ],
    },
  });
}
