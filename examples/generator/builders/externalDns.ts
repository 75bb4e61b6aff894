/**
 * external-dns as its Helm chart installs it: one replica with the Recreate strategy (it has no
 * leader election, so two would race on the records), publishing Services, Ingresses and
 * HTTPRoutes to Route 53 with a TXT registry owned by the cluster. Its outage delays record
 * updates but serves no traffic, which the platform team says with an exemption.
 */
import { Cluster } from '../lib/cluster';
import { Duration } from '../lib/time';
import { container, httpGet } from './containers';
import { addDeployment } from './workloads';

export interface ExternalDnsOpts {
  node: string;
  /** Route 53 hosted zone the records go to. */
  domain: string;
  created: Duration;
  rolledOut: Duration;
}

export function addExternalDns(c: Cluster, o: ExternalDnsOpts): void {
  const sel = {
    'app.kubernetes.io/instance': 'external-dns',
    'app.kubernetes.io/name': 'external-dns',
  };
  addDeployment(c, {
    name: 'external-dns',
    namespace: 'external-dns',
    labels: {
      ...sel,
      'app.kubernetes.io/managed-by': 'Helm',
      'helm.sh/chart': 'external-dns-1.19.0',
    },
    annotations: {
      'ha-posture.io/exempt-replicas-min-floor':
        'external-dns has no leader election; an outage delays DNS updates, no traffic goes through it',
    },
    selector: { matchLabels: sel },
    strategy: { type: 'Recreate' },
    template: {
      labels: sel,
      spec: {
        serviceAccountName: 'external-dns',
        priorityClassName: 'system-cluster-critical',
        containers: [
          container({
            name: 'external-dns',
            image: 'registry.k8s.io/external-dns/external-dns:v0.22.0',
            args: [
              '--log-level=info',
              '--interval=1m',
              '--source=service',
              '--source=ingress',
              '--source=gateway-httproute',
              '--policy=upsert-only',
              '--registry=txt',
              `--txt-owner-id=${c.name}`,
              `--domain-filter=${o.domain}`,
              '--provider=aws',
            ],
            ports: [{ name: 'http', containerPort: 7979, protocol: 'TCP' }],
            requests: { cpu: '50m', memory: '64Mi' },
            livenessProbe: httpGet('/healthz', 'http'),
            readinessProbe: httpGet('/healthz', 'http'),
          }),
        ],
      },
    },
    replicas: 1,
    nodes: [o.node],
    created: o.created,
    rolledOut: o.rolledOut,
    revision: 2,
  });
}
