import { clusterFrom, deployment, nodes, runOne } from '../../testing';
import { probesIdentical } from './probes-identical';

const workers = nodes('w', 2);
const probe = { httpGet: { path: '/healthz', port: 8080 } };

describe('probes-identical', () => {
  it('warns when readiness and liveness are the same probe (kube-score pod-probes-identical)', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          readinessProbe: probe,
          livenessProbe: { ...probe },
        },
      ],
    });
    const outcome = runOne(probesIdentical, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.evidence).toEqual({ identical: ['app'] });
  });

  it('treats explicit defaults as equal to omitted ones', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          readinessProbe: probe,
          livenessProbe: { periodSeconds: 10, failureThreshold: 3, ...probe },
        },
      ],
    });
    expect(runOne(probesIdentical, clusterFrom([...workers, web])).status).toBe(
      'warn',
    );
  });

  it('passes the same endpoint with a more lenient liveness threshold', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          readinessProbe: probe,
          livenessProbe: { ...probe, failureThreshold: 6 },
        },
      ],
    });
    expect(runOne(probesIdentical, clusterFrom([...workers, web])).status).toBe(
      'pass',
    );
  });

  it('compares probes whatever the order of their keys, nested ones included', () => {
    const headers = [{ name: 'X-Probe', value: '1' }];
    const containerWith = (liveness: any) =>
      deployment('web', {
        containers: [
          {
            name: 'app',
            image: 'x',
            readinessProbe: {
              timeoutSeconds: 1,
              httpGet: { path: '/healthz', port: 8080, httpHeaders: headers },
            },
            livenessProbe: liveness,
          },
        ],
      });
    const reordered = containerWith({
      httpGet: {
        httpHeaders: [{ value: '1', name: 'X-Probe' }],
        port: 8080,
        path: '/healthz',
      },
    });
    expect(
      runOne(probesIdentical, clusterFrom([...workers, reordered])).status,
    ).toBe('warn');
    const otherHeader = containerWith({
      httpGet: {
        path: '/healthz',
        port: 8080,
        httpHeaders: [{ name: 'X-Probe', value: '2' }],
      },
    });
    expect(
      runOne(probesIdentical, clusterFrom([...workers, otherHeader])).status,
    ).toBe('pass');
    const extraField = containerWith({
      httpGet: { path: '/healthz', port: 8080, httpHeaders: headers },
      failureThreshold: 6,
    });
    expect(
      runOne(probesIdentical, clusterFrom([...workers, extraField])).status,
    ).toBe('pass');
  });

  it('counts probes that differ only in fields that do not time failures as the same (redis-ha sentinel)', () => {
    // Argo CD's HA redis sentinel: the same script, period, timeout and failureThreshold; readiness
    // only needs 3 successes to come back. Both fail at the same moment.
    const check = {
      exec: { command: ['sh', '-c', '/health/sentinel_liveness.sh'] },
      periodSeconds: 15,
      timeoutSeconds: 15,
      failureThreshold: 5,
    };
    const sentinel = deployment('sentinel', {
      containers: [
        {
          name: 'sentinel',
          image: 'redis',
          readinessProbe: {
            ...check,
            initialDelaySeconds: 30,
            successThreshold: 3,
          },
          livenessProbe: {
            ...check,
            initialDelaySeconds: 60,
            terminationGracePeriodSeconds: 10,
          },
        },
      ],
    });
    const outcome = runOne(
      probesIdentical,
      clusterFrom([...workers, sentinel]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.evidence).toEqual({ identical: ['sentinel'] });
  });

  it('skips when no container has both probes', () => {
    const web = deployment('web', {
      containers: [{ name: 'app', image: 'x', readinessProbe: probe }],
    });
    expect(runOne(probesIdentical, clusterFrom([...workers, web])).status).toBe(
      'skipped',
    );
  });
});
