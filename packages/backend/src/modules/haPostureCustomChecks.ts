import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  haPostureChecksExtensionPoint,
  WorkloadCheck,
} from '@ha-posture/plugin-ha-posture-node';

/**
 * An example of an organisation's own check, added through the ha-posture extension point:
 * Deployments with several replicas should wait a little before counting a new pod as available,
 * so a version that crashes shortly after start does not roll through every replica.
 */
export const minReadySecondsCheck: WorkloadCheck<{ minSeconds: number }> = {
  id: 'acme-min-ready-seconds',
  title: 'Rollouts wait before trusting new pods',
  category: 'health',
  severity: 'low',
  scope: 'workload',
  appliesTo: ['Deployment'],
  rationale:
    'With minReadySeconds 0 a pod counts as available as soon as its readiness probe passes once, so a version that crashes a few seconds after start can replace every replica before anyone notices.',
  remediation: 'Set spec.minReadySeconds (e.g. 10) on Deployments with two or more replicas.',
  parameters: {
    minSeconds: { description: 'Smallest acceptable minReadySeconds.', default: 10 },
  },
  evaluate({ workload, params }) {
    const replicas = workload.specReplicas ?? 1;
    if (replicas < 2) {
      return { status: 'skipped', message: 'Single replica: rollout pacing does not apply.' };
    }
    const minReadySeconds = Number(workload.object.spec?.minReadySeconds ?? 0);
    return minReadySeconds >= params.minSeconds
      ? { status: 'pass', message: `minReadySeconds is ${minReadySeconds}s.` }
      : {
          status: 'warn',
          message: `minReadySeconds is ${minReadySeconds}s (want at least ${params.minSeconds}s).`,
          evidence: { minReadySeconds, replicas },
        };
  },
};

/** Registers the example check with the HA Posture backend plugin. */
export const haPostureCustomChecksModule = createBackendModule({
  pluginId: 'ha-posture',
  moduleId: 'acme-checks',
  register(env) {
    env.registerInit({
      deps: { checks: haPostureChecksExtensionPoint },
      async init({ checks }) {
        checks.addChecks(minReadySecondsCheck);
      },
    });
  },
});
