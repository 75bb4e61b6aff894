/** The `shop/web` workload with a metrics port and a Service, for the monitoring check tests. */
import { K8sObject } from '../../model/snapshot';
import { deployment, namespace, nodes, service } from '../../testing';

export const web = deployment('web', {
  namespace: 'shop',
  replicas: 2,
  containers: [
    {
      name: 'app',
      image: 'web:1',
      ports: [
        { name: 'http', containerPort: 8080 },
        { name: 'metrics', containerPort: 9090 },
      ],
    },
  ],
});

export const webService = service('web', {
  namespace: 'shop',
  selector: { app: 'web' },
  labels: { app: 'web' },
  ports: [
    { name: 'http', port: 80, targetPort: 8080 },
    { name: 'metrics', port: 9090, targetPort: 9090 },
  ],
});

/** A live-looking cluster (nodes, namespaces) running shop/web behind its Service. */
export function shopCluster(...extra: K8sObject[]): K8sObject[] {
  return [
    ...nodes('w', 2),
    namespace('shop', { team: 'shop' }),
    namespace('monitoring'),
    web,
    webService,
    ...extra,
  ];
}
