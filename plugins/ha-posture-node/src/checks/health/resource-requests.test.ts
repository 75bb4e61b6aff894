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
        {
          name: 'app',
          image: 'x',
          resources: { requests: { cpu: '100m' }, limits: { memory: '256Mi' } },
        },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, limitOnly])).status,
    ).toBe('pass');
  });

  it('warns when a container requests no CPU; a CPU limit implies the request', () => {
    const memoryOnly = deployment('web', {
      containers: [
        { name: 'app', image: 'x', resources: { requests: { memory: '1Gi' } } },
      ],
    });
    const outcome = runOne(
      resourceRequests,
      clusterFrom([...workers, memoryOnly]),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Container app requests no CPU: on a busy node it gets the smallest share, so its probes may time out under load (pod template)',
    );
    expect(outcome.evidence).toMatchObject({ withoutCpuRequest: ['app'] });
    const cpuLimit = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          resources: { requests: { memory: '1Gi' }, limits: { cpu: '1' } },
        },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, cpuLimit])).status,
    ).toBe('pass');
  });

  it('names each gap once, for one container or several', () => {
    const web = deployment('web', {
      containers: [
        { name: 'a', image: 'x', resources: { requests: { cpu: '1' } } },
        { name: 'b', image: 'x', resources: { requests: { memory: '1Gi' } } },
        { name: 'c', image: 'x', resources: { requests: { memory: '1Gi' } } },
      ],
    });
    expect(
      runOne(resourceRequests, clusterFrom([...workers, web])).message,
    ).toBe(
      'Container a requests no memory: the scheduler places it as if it needed none; Containers b and c request no CPU: on a busy node they get the smallest share, so their probes may time out under load (pod template)',
    );
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
            resources: { requests: { cpu: '250m', memory: '1Gi' } },
          },
        ],
      },
    });
    const outcome = runOne(resourceRequests, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Container proxy requests neither CPU nor memory: the scheduler places it as if it needed nothing, and on a busy node its probes may time out (pod template)',
    );
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
