import {
  clusterFrom,
  daemonSet,
  deployment,
  nodes,
  runOne,
  service,
  serviceMonitor,
} from '../../testing';
import { probeReadiness } from './probe-readiness';

const workers = nodes('w', 2);
const http = { httpGet: { path: '/ready', port: 8080 } };

describe('probe-readiness', () => {
  it('passes when every container has a readiness probe', () => {
    const web = deployment('web', {
      containers: [{ name: 'app', image: 'x', readinessProbe: http }],
    });
    expect(runOne(probeReadiness, clusterFrom([...workers, web])).status).toBe(
      'pass',
    );
  });

  it('fails a container behind a Service without readiness (api-single)', () => {
    const api = deployment('api-single', {
      containers: [
        { name: 'app', image: 'x', ports: [{ containerPort: 8080 }] },
      ],
    });
    const outcome = runOne(
      probeReadiness,
      clusterFrom([
        ...workers,
        api,
        service('api', { selector: { app: 'api-single' } }),
      ]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Container app has no readinessProbe while Service api routes traffic to its pods',
    );
  });

  it('only warns when no Service targets the pods (kube-score is Critical only with a Service)', () => {
    const worker = deployment('worker', {
      containers: [{ name: 'consumer', image: 'x' }],
    });
    const outcome = runOne(
      probeReadiness,
      clusterFrom([
        ...workers,
        worker,
        service('other', { selector: { app: 'other' } }),
      ]),
    );
    expect(outcome.status).toBe('warn');
  });

  it('treats a Service that only exposes metrics as no traffic (Prometheus scrapes unready pods too)', () => {
    const controller = deployment('reports', {
      containers: [
        {
          name: 'controller',
          image: 'x',
          ports: [{ name: 'metrics', containerPort: 8000 }],
        },
      ],
    });
    const metrics = service('reports-metrics', {
      selector: { app: 'reports' },
      ports: [{ name: 'metrics-port', port: 8000, targetPort: 8000 }],
    });
    const outcome = runOne(
      probeReadiness,
      clusterFrom([...workers, controller, metrics]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Container controller has no readinessProbe: only metrics Service reports-metrics targets the pods (Prometheus scrapes pods whether Ready or not), but rollouts cannot tell a broken new version from a working one',
    );
    // Unnamed ports count as metrics only on a Service named for them.
    const unnamed = (name: string) =>
      service(name, {
        selector: { app: 'reports' },
        ports: [{ port: 8000, targetPort: 8000 }],
      });
    expect(
      runOne(
        probeReadiness,
        clusterFrom([...workers, controller, unnamed('reports-metrics')]),
      ).status,
    ).toBe('warn');
    expect(
      runOne(
        probeReadiness,
        clusterFrom([...workers, controller, unnamed('reports')]),
      ).status,
    ).toBe('fail');
    // One traffic port beside the metrics port: the Service routes traffic.
    const mixed = service('reports-metrics', {
      selector: { app: 'reports' },
      ports: [
        { name: 'metrics', port: 8000, targetPort: 8000 },
        { name: 'http', port: 80, targetPort: 8000 },
      ],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, controller, mixed]))
        .status,
    ).toBe('fail');
  });

  it("treats a headless Service every port of which a ServiceMonitor scrapes as metrics-only (kube-prometheus's node-exporter)", () => {
    // kube-rbac-proxy in front of node-exporter, behind the headless Service node-exporter whose one
    // port, https, the node-exporter ServiceMonitor scrapes.
    const exporter = daemonSet('node-exporter', {
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/name': 'node-exporter' },
      desired: 2,
      containers: [
        { name: 'node-exporter', image: 'x' },
        {
          name: 'kube-rbac-proxy',
          image: 'y',
          ports: [{ name: 'https', containerPort: 9100 }],
        },
      ],
    });
    const headless = (clusterIP?: string) => {
      const svc = service('node-exporter', {
        namespace: 'monitoring',
        labels: { 'app.kubernetes.io/name': 'node-exporter' },
        selector: { 'app.kubernetes.io/name': 'node-exporter' },
        ports: [{ name: 'https', port: 9100, targetPort: 'https' }],
      });
      if (clusterIP) svc.spec.clusterIP = clusterIP;
      return svc;
    };
    const monitor = serviceMonitor('node-exporter', {
      namespace: 'monitoring',
      selector: { matchLabels: { 'app.kubernetes.io/name': 'node-exporter' } },
      port: 'https',
    });
    const scraped = runOne(
      probeReadiness,
      clusterFrom([...workers, exporter, headless('None'), monitor]),
    );
    expect(scraped.status).toBe('warn');
    expect(scraped.message).toContain(
      'only metrics Service node-exporter targets the pods',
    );
    // A Service with a cluster IP may carry traffic on the port it is scraped on.
    expect(
      runOne(
        probeReadiness,
        clusterFrom([...workers, exporter, headless(), monitor]),
      ).status,
    ).toBe('fail');
    // Without the ServiceMonitor nothing says the port is for Prometheus.
    expect(
      runOne(
        probeReadiness,
        clusterFrom([...workers, exporter, headless('None')]),
      ).status,
    ).toBe('fail');
  });

  it('requires readiness only on the containers the Service targets (by port number or name)', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          ports: [{ name: 'http', containerPort: 8080 }],
          readinessProbe: http,
        },
        { name: 'log-shipper', image: 'y' },
      ],
    });
    const byNumber = service('web', {
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080 }],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, web, byNumber])).status,
    ).toBe('pass');
    const byName = service('web', {
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 'http' }],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, web, byName])).status,
    ).toBe('pass');
  });

  const proxied = (appProbe?: object) =>
    deployment('web', {
      podSpec: {
        initContainers: [
          {
            name: 'proxy',
            image: 'envoy',
            restartPolicy: 'Always',
            ports: [{ containerPort: 9000 }],
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'x',
            ports: [{ containerPort: 8080 }],
            ...(appProbe ? { readinessProbe: appProbe } : {}),
          },
        ],
      },
    });
  const toProxy = service('web', {
    selector: { app: 'web' },
    ports: [{ port: 80, targetPort: 9000 }],
  });

  it('counts a sidecar (restartable init container) that receives the traffic', () => {
    const outcome = runOne(
      probeReadiness,
      clusterFrom([...workers, proxied(), toProxy]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'Container proxy has no readinessProbe while Service web routes traffic to its pods: requests reach replicas that are starting, hung or shutting down',
    );
  });

  it("only warns about an unprobed sidecar proxy when the app's probe gates pod readiness", () => {
    const outcome = runOne(
      probeReadiness,
      clusterFrom([...workers, proxied(http), toProxy]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      "Container proxy serves a port of Service web without a readinessProbe; the pod's readiness only follows app (a pod is Ready only when all its containers are)",
    );
    // The same verdict when the Service targets the app port too.
    const both = service('web', {
      selector: { app: 'web' },
      ports: [
        { name: 'proxy', port: 80, targetPort: 9000 },
        { name: 'direct', port: 8080, targetPort: 8080 },
      ],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, proxied(http), both]))
        .status,
    ).toBe('warn');
  });

  it('only warns when a probed sidecar gates an unprobed app container the Service targets', () => {
    const web = deployment('web', {
      podSpec: {
        initContainers: [
          {
            name: 'proxy',
            image: 'envoy',
            restartPolicy: 'Always',
            readinessProbe: http,
          },
        ],
        containers: [
          { name: 'app', image: 'x', ports: [{ containerPort: 8080 }] },
        ],
      },
    });
    const svc = service('web', {
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080 }],
    });
    const outcome = runOne(probeReadiness, clusterFrom([...workers, web, svc]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain("the pod's readiness only follows proxy");
  });

  it('does not count a plain init container (it has finished before the pod is Ready)', () => {
    const web = deployment('web', {
      podSpec: {
        initContainers: [{ name: 'migrate', image: 'm', readinessProbe: http }],
        containers: [
          { name: 'app', image: 'x', ports: [{ containerPort: 8080 }] },
        ],
      },
    });
    const svc = service('web', {
      selector: { app: 'web' },
      ports: [{ port: 80, targetPort: 8080 }],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, web, svc])).status,
    ).toBe('fail');
  });

  it('falls back to every app container when no declared port matches', () => {
    const svc = service('web', { selector: { app: 'web' } });
    const none = deployment('web', {
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ],
    });
    const failed = runOne(probeReadiness, clusterFrom([...workers, none, svc]));
    expect(failed.status).toBe('fail');
    expect(failed.message).toContain(
      'Containers a and b have no readinessProbe',
    );
    const one = deployment('web', {
      containers: [
        { name: 'a', image: 'x', readinessProbe: http },
        { name: 'b', image: 'y' },
      ],
    });
    expect(
      runOne(probeReadiness, clusterFrom([...workers, one, svc])).status,
    ).toBe('warn');
  });

  it('only warns about an unprobed metrics container when the app container gates pod readiness', () => {
    const db = deployment('db', {
      containers: [
        {
          name: 'db',
          image: 'pg',
          ports: [{ name: 'sql', containerPort: 5432 }],
          readinessProbe: { exec: { command: ['pg_isready'] } },
        },
        {
          name: 'metrics',
          image: 'exporter',
          ports: [{ name: 'metrics', containerPort: 9187 }],
        },
      ],
    });
    const svc = service('db', {
      selector: { app: 'db' },
      ports: [
        { name: 'sql', port: 5432, targetPort: 'sql' },
        { name: 'metrics', port: 9187, targetPort: 'metrics' },
      ],
    });
    const outcome = runOne(probeReadiness, clusterFrom([...workers, db, svc]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      "Container metrics serves a port of Service db without a readinessProbe; the pod's readiness only follows db",
    );
  });

  it('is unknown when Services cannot be read and a probe is missing', () => {
    const web = deployment('web');
    expect(
      runOne(
        probeReadiness,
        clusterFrom([...workers, web], { fetch: { services: 'forbidden' } }),
      ).status,
    ).toBe('unknown');
  });

  it('applies to DaemonSets and manifests scans', () => {
    const agent = daemonSet('agent', { desired: 2 });
    expect(
      runOne(
        probeReadiness,
        clusterFrom([agent, service('agent', { selector: { app: 'agent' } })]),
      ).status,
    ).toBe('fail');
  });
});
