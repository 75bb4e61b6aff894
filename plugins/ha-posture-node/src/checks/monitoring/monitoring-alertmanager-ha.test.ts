import {
  alertmanager,
  clusterFrom,
  nodes,
  runCheck,
  runOne,
} from '../../testing';
import { monitoringAlertmanagerHa } from './monitoring-alertmanager-ha';

const run = (objects: any[], params?: { minReplicas: number }) =>
  runCheck(
    monitoringAlertmanagerHa,
    clusterFrom([...nodes('w', 2), ...objects]),
    { params },
  );

describe('monitoring-alertmanager-ha', () => {
  it.each([
    [3, 'pass'],
    [2, 'warn'],
    [1, 'fail'],
  ])('%d replicas give %s', (replicas, status) => {
    expect(run([alertmanager('main', { replicas })])[0].status).toBe(status);
  });

  it('follows minReplicas', () => {
    expect(
      run([alertmanager('main', { replicas: 2 })], { minReplicas: 2 })[0]
        .status,
    ).toBe('pass');
  });

  it('warns when replicas are unavailable', () => {
    const [outcome] = run([
      alertmanager('main', { replicas: 3, available: 1 }),
    ]);
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain('1 of 3');
  });

  it('is unknown without Alertmanager objects; skipped in manifests', () => {
    expect(run([])[0].status).toBe('unknown');
    expect(runOne(monitoringAlertmanagerHa, clusterFrom([])).status).toBe(
      'skipped',
    );
  });
});
