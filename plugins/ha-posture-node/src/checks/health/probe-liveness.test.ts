import { clusterFrom, deployment, nodes, runOne } from '../../testing';
import { probeLiveness } from './probe-liveness';

const workers = nodes('w', 2);

describe('probe-liveness', () => {
  it('passes with liveness probes', () => {
    const web = deployment('web', {
      containers: [
        {
          name: 'app',
          image: 'x',
          livenessProbe: { tcpSocket: { port: 8080 } },
        },
      ],
    });
    expect(runOne(probeLiveness, clusterFrom([...workers, web])).status).toBe(
      'pass',
    );
  });

  it('warns and names the containers without one; sidecars are not required to have one', () => {
    const web = deployment('web', {
      podSpec: {
        initContainers: [
          { name: 'proxy', image: 'envoy', restartPolicy: 'Always' },
        ],
        containers: [{ name: 'app', image: 'x' }],
      },
    });
    const outcome = runOne(probeLiveness, clusterFrom([...workers, web]));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'Container app has no livenessProbe: a hung process is never restarted',
    );
  });

  it('skips a template without containers', () => {
    expect(
      runOne(
        probeLiveness,
        clusterFrom([...workers, deployment('empty', { podSpec: {} })]),
      ).status,
    ).toBe('skipped');
  });
});
