import {
  clusterFrom,
  deployment,
  kubeadmHa3z,
  nodes,
  pod,
  runCheck,
  runOne,
  service,
} from '../../testing';
import { networkServiceSelectsPods } from './network-service-selects-pods';

describe('network-service-selects-pods', () => {
  it('passes when every Service selects pods (kubeadm-ha-3z)', () => {
    const outcome = runOne(
      networkServiceSelectsPods,
      clusterFrom(kubeadmHa3z()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe('All 2 Services with a selector select pods');
  });

  it('warns on each dangling Service, naming its selector', () => {
    const objects = [
      ...nodes('w', 2),
      pod('api-1', { namespace: 'shop', node: 'w-1', labels: { app: 'api' } }),
      service('api', { namespace: 'shop', selector: { app: 'api' } }),
      service('typo', { namespace: 'shop', selector: { app: 'apii' } }),
      service('elsewhere', { namespace: 'other', selector: { app: 'api' } }),
    ];
    const outcomes = runCheck(networkServiceSelectsPods, clusterFrom(objects));
    expect(outcomes.map(o => [o.status, o.message])).toEqual([
      [
        'warn',
        'Service shop/typo selects app=apii, which matches no pod or workload in its namespace',
      ],
      [
        'warn',
        'Service other/elsewhere selects app=api, which matches no pod or workload in its namespace',
      ],
    ]);
  });

  it('accepts a workload scaled to zero, and ignores Services without a selector', () => {
    const objects = [
      ...nodes('w', 2),
      deployment('batch', { namespace: 'jobs', replicas: 0 }),
      service('batch', { namespace: 'jobs', selector: { app: 'batch' } }),
      service('external-db', { namespace: 'jobs' }),
    ];
    expect(runOne(networkServiceSelectsPods, clusterFrom(objects)).status).toBe(
      'pass',
    );
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([...nodes('w', 1), service('external-db')]),
      ).status,
    ).toBe('skipped');
  });

  it('matches pod templates in a manifests scan (kube-linter dangling-service)', () => {
    const web = deployment('web', { labels: { app: 'web', tier: 'front' } });
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([web, service('web', { selector: { app: 'web' } })]),
      ).status,
    ).toBe('pass');
    expect(
      runOne(
        networkServiceSelectsPods,
        clusterFrom([
          web,
          service('web', { selector: { app: 'web', tier: 'back' } }),
        ]),
      ).status,
    ).toBe('warn');
  });

  it('is unknown when pods cannot be read (operator-made pods would look dangling)', () => {
    const outcome = runOne(
      networkServiceSelectsPods,
      clusterFrom(kubeadmHa3z(), { fetch: { pods: 'forbidden' } }),
    );
    expect(outcome.status).toBe('unknown');
  });
});
