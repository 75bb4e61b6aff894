import {
  clusterFrom,
  deployment,
  k8sObject,
  nodes,
  runOne,
} from '../../testing';
import { priorityClass } from './priority-class';

const workers = nodes('w', 2);
const pc = (name: string, value: number, globalDefault = false) =>
  k8sObject('scheduling.k8s.io/v1', 'PriorityClass', name, {
    cluster: true,
    fields: { value, globalDefault },
  });
const withClass = (name: string) =>
  deployment('web', {
    podSpec: {
      priorityClassName: name,
      containers: [{ name: 'app', image: 'x' }],
    },
  });

describe('priority-class', () => {
  it('passes a class that exists', () => {
    const outcome = runOne(
      priorityClass,
      clusterFrom([
        ...workers,
        pc('production', 1000),
        withClass('production'),
      ]),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('value 1000');
  });

  it('fails a class that does not exist: pods are rejected', () => {
    const outcome = runOne(
      priorityClass,
      clusterFrom([...workers, pc('production', 1000), withClass('prod')]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('rejects every new pod');
  });

  it('passes the built-in system classes without listing them', () => {
    expect(
      runOne(
        priorityClass,
        clusterFrom([...workers, withClass('system-cluster-critical')]),
      ).status,
    ).toBe('pass');
  });

  it('warns without a class and without a globalDefault; passes with a globalDefault', () => {
    expect(
      runOne(priorityClass, clusterFrom([...workers, deployment('web')]))
        .status,
    ).toBe('warn');
    expect(
      runOne(
        priorityClass,
        clusterFrom([...workers, pc('default', 100, true), deployment('web')]),
      ).status,
    ).toBe('pass');
  });

  it('only warns about an unknown class in a manifests scan', () => {
    expect(
      runOne(priorityClass, clusterFrom([withClass('production')])).status,
    ).toBe('warn');
  });

  it('is unknown when PriorityClasses are forbidden', () => {
    expect(
      runOne(
        priorityClass,
        clusterFrom([...workers, withClass('production')], {
          fetch: { 'priorityclasses.scheduling.k8s.io': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
