import {
  clusterFrom,
  deployment,
  hpa,
  k8sObject,
  nodes,
  rollout,
  runCheck,
  runOne,
} from '../../testing';
import { hpaTargetExists } from './hpa-target-exists';

const workers = nodes('w', 2);

describe('hpa-target-exists', () => {
  it('passes when every HPA targets an existing workload', () => {
    const web = deployment('web', { replicas: 2 });
    const outcome = runOne(
      hpaTargetExists,
      clusterFrom([...workers, web, hpa(web, 2, 5)]),
    );
    expect(outcome.status).toBe('pass');
  });

  it('fails a dangling HPA with the HPA as target', () => {
    const gone = deployment('old-name', { replicas: 2 });
    const outcomes = runCheck(
      hpaTargetExists,
      clusterFrom([...workers, deployment('new-name'), hpa(gone, 2, 5)]),
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].status).toBe('fail');
    expect(outcomes[0].target).toMatchObject({
      kind: 'HorizontalPodAutoscaler',
      name: 'old-name',
    });
    expect(outcomes[0].message).toContain('does not exist');
  });

  it('does not resolve across namespaces', () => {
    const web = deployment('web', { namespace: 'a' });
    const other = hpa(web, 2, 5);
    other.metadata.namespace = 'b';
    expect(
      runOne(hpaTargetExists, clusterFrom([...workers, web, other])).status,
    ).toBe('fail');
  });

  it('fails an HPA on a Rollout when Argo Rollouts is not installed', () => {
    const canary = rollout('canary');
    const outcome = runOne(
      hpaTargetExists,
      clusterFrom([...workers, hpa(canary, 2, 5)]),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('not installed');
  });

  it('only warns in a manifests scan (the target may be deployed separately)', () => {
    expect(
      runOne(
        hpaTargetExists,
        clusterFrom([deployment('api'), hpa(deployment('elsewhere'), 2, 5)]),
      ).status,
    ).toBe('warn');
  });

  it('keeps the pass of the verified HPAs beside one alone in its namespace', () => {
    const api = deployment('api');
    const outcomes = runCheck(
      hpaTargetExists,
      clusterFrom([
        api,
        hpa(api, 2, 5),
        hpa(deployment('gateway', { namespace: 'istio-system' }), 2, 5),
      ]),
    );
    expect(outcomes.map(o => o.status)).toEqual(['pass', 'skipped']);
    expect(outcomes[0].message).toBe(
      'The HPA with a verifiable target scales an existing workload',
    );
  });

  it('skips an HPA alone in its namespace in a manifests scan: its target comes from elsewhere', () => {
    expect(
      runOne(
        hpaTargetExists,
        clusterFrom([hpa(deployment('elsewhere'), 2, 5)]),
      ),
    ).toMatchObject({
      status: 'skipped',
      message:
        'HPA default/elsewhere targets Deployment default/elsewhere, but the manifests hold no workload in namespace default: its target is deployed from elsewhere, judged on a cluster',
    });
  });

  it('skips custom scale targets it cannot verify, and clusters without HPAs', () => {
    const custom = k8sObject(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'custom',
      {
        namespace: 'default',
        spec: {
          scaleTargetRef: {
            apiVersion: 'example.com/v1',
            kind: 'Widget',
            name: 'w',
          },
          minReplicas: 2,
          maxReplicas: 4,
        },
      },
    );
    expect(
      runOne(hpaTargetExists, clusterFrom([...workers, custom])).status,
    ).toBe('skipped');
    expect(runOne(hpaTargetExists, clusterFrom([...workers])).status).toBe(
      'skipped',
    );
  });

  it('is unknown when HPAs or the target kind are forbidden', () => {
    const web = deployment('web');
    expect(
      runOne(
        hpaTargetExists,
        clusterFrom([...workers, web, hpa(web, 2, 4)], {
          fetch: { 'horizontalpodautoscalers.autoscaling': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
    expect(
      runOne(
        hpaTargetExists,
        clusterFrom([...workers, web, hpa(web, 2, 4)], {
          fetch: { 'deployments.apps': 'forbidden' },
        }),
      ).status,
    ).toBe('unknown');
  });
});
