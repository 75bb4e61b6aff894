import { clusterFrom, deployment, nodes, podsFor, runOne } from '../../testing';
import { resourceRequests } from './resource-requests';

const workers = nodes('w', 2);

describe('resource-requests', () => {
  it('passes when every container requests memory', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, web])).status,
    ).toBe('pass');
  });

  it('fails BestEffort pods', () => {
    const outcome = runOne(
      resourceRequests,
      clusterFrom([...workers, deployment('web')]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('BestEffort');
  });

  it('warns when a container requests no memory; a memory limit implies the request', () => {
    const cpuOnly = deployment('web', {
      containers: [
        { name: 'app', image: 'x', resources: { requests: { cpu: '100m' } } },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, cpuOnly])).status,
    ).toBe('warn');
    const limitOnly = deployment('web', {
      containers: [
        { name: 'app', image: 'x', resources: { limits: { memory: '256Mi' } } },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, limitOnly])).status,
    ).toBe('pass');
  });

  it('includes sidecars', () => {
    const web = deployment('web', {
      podSpec: {
        initContainers: [
          { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
        ],
        containers: [
          {
            name: 'app',
            image: 'x',
            resources: { requests: { memory: '1Gi' } },
          },
        ],
      },
    });
    const outcome = runOne(resourceRequests, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('Container proxy');
  });

  it('prefers a running pod, which shows LimitRange defaults applied at admission', () => {
    const web = deployment('web', { replicas: 1 });
    const [rs, pod] = podsFor(web, ['w-1']);
    pod.spec.containers = [
      {
        name: 'app',
        image: 'x',
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
      },
    ];
    pod.status.qosClass = 'Burstable';
    const outcome = runOne(
      resourceRequests,
      clusterFrom([...workers, web, rs, pod]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('QoS Burstable');
  });
});
