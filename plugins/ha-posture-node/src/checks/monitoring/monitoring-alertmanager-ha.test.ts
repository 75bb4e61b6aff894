import {
  alertmanager,
  clusterFrom,
  nodes,
  runCheck,
  runOne,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { monitoringAlertmanagerHa } from './monitoring-alertmanager-ha';

const run = (
  objects: any[],
  params?: { minReplicas: number },
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runCheck(
    monitoringAlertmanagerHa,
    clusterFrom([...nodes('w', 2), ...objects], options),
    { params },
  );

/** An Alertmanager the operator has not reconciled: it records no status. */
const unreconciled = (am: K8sObject): K8sObject => ({ ...am, status: {} });

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

  it('is unknown when a dump records no available replicas, keeping a shortfall it declares', () => {
    const [declared3] = run([unreconciled(alertmanager('main'))]);
    expect(declared3.status).toBe('unknown');
    expect(declared3.message).toContain(
      'Alertmanager monitoring/main declares 3 replicas, but no status.availableReplicas is recorded',
    );
    const [declared2] = run([
      unreconciled(alertmanager('main', { replicas: 2 })),
    ]);
    expect(declared2.status).toBe('warn');
    expect(declared2.message).toContain(
      'declares 2 replicas (3 are recommended), and no status.availableReplicas is recorded',
    );
    expect(
      run([unreconciled(alertmanager('main', { replicas: 1 }))])[0].status,
    ).toBe('fail');
  });

  it('judges the declared replicas of manifests, which have no status', () => {
    const [outcome] = run([unreconciled(alertmanager('main'))], undefined, {
      mode: 'manifests',
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Alertmanager monitoring/main runs 3 replicas.',
    );
  });

  it('is unknown without Alertmanager objects; skipped in manifests', () => {
    expect(run([])[0].status).toBe('unknown');
    expect(runOne(monitoringAlertmanagerHa, clusterFrom([])).status).toBe(
      'skipped',
    );
  });
});
