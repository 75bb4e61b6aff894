import { deployment } from '../testing';
import {
  clusterAutoscalerDeployments,
  isAutoscalerContainer,
  maxNodesTotal,
  statusReportLocation,
} from './clusterAutoscaler';

/** A Deployment running one container with this command and args. */
function autoscaler(
  container: { image?: string; command?: unknown; args?: unknown },
  namespace = 'kube-system',
) {
  return deployment('cluster-autoscaler', {
    namespace,
    podSpec: {
      containers: [
        {
          name: 'cluster-autoscaler',
          image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0',
          ...container,
        },
      ],
    },
  });
}

describe('cluster-autoscaler Deployments', () => {
  it('tells the container by its image or by its command', () => {
    expect(
      isAutoscalerContainer({
        image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.31.0',
      }),
    ).toBe(true);
    expect(
      isAutoscalerContainer({
        image: 'docker.io/bitnami/cluster-autoscaler@sha256:abc',
      }),
    ).toBe(true);
    // OpenShift's image is a digest of its release payload: the command names it.
    expect(
      isAutoscalerContainer({
        image: 'quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:abc',
        command: ['cluster-autoscaler'],
      }),
    ).toBe(true);
    expect(
      isAutoscalerContainer({
        image: 'example/cluster-autoscaler-exporter:1',
        command: ['./exporter', 'cluster-autoscaler'],
      }),
    ).toBe(false);
    expect(isAutoscalerContainer(undefined)).toBe(false);
    expect(
      clusterAutoscalerDeployments([
        autoscaler({}),
        deployment('web', {
          podSpec: { containers: [{ name: 'web', image: 'web:1' }] },
        }),
      ]).map(d => d.metadata.name),
    ).toEqual(['cluster-autoscaler']);
  });
});

describe('statusReportLocation', () => {
  it('is kube-system/cluster-autoscaler-status when the flags say nothing', () => {
    expect(
      statusReportLocation(
        autoscaler({ command: ['./cluster-autoscaler', '--v=4'] }),
      ),
    ).toEqual({
      written: true,
      namespace: 'kube-system',
      name: 'cluster-autoscaler-status',
    });
    // Not the Deployment's own namespace: only --namespace moves the report.
    expect(statusReportLocation(autoscaler({}, 'autoscaling'))).toEqual({
      written: true,
      namespace: 'kube-system',
      name: 'cluster-autoscaler-status',
    });
  });

  it('follows --namespace and --status-config-map-name in command and args, after = or as the next argument', () => {
    // The Helm chart puts its flags in the command.
    expect(
      statusReportLocation(
        autoscaler({
          command: [
            './cluster-autoscaler',
            '--cloud-provider=aws',
            '--namespace=cluster-autoscaler',
          ],
        }),
      ),
    ).toEqual({
      written: true,
      namespace: 'cluster-autoscaler',
      name: 'cluster-autoscaler-status',
    });
    // OpenShift's operator puts them in the args.
    expect(
      statusReportLocation(
        autoscaler({
          command: ['cluster-autoscaler'],
          args: [
            '--logtostderr',
            '--namespace',
            'openshift-machine-api',
            '--status-config-map-name',
            'ca-status',
          ],
        }),
      ),
    ).toEqual({
      written: true,
      namespace: 'openshift-machine-api',
      name: 'ca-status',
    });
    // The last occurrence wins, as in pflag; flags after `--` are not flags.
    expect(
      statusReportLocation(
        autoscaler({
          args: ['--namespace=a', '--namespace=b', '--', '--namespace=c'],
        }),
      ),
    ).toMatchObject({ namespace: 'b' });
  });

  it('says the report is not written with --write-status-configmap false in any Go spelling', () => {
    for (const flag of ['=false', '=0', '=f', '=F', '=FALSE', '=False'])
      expect(
        statusReportLocation(
          autoscaler({ args: [`--write-status-configmap${flag}`] }),
        ),
      ).toEqual({
        written: false,
        reason: `it runs with --write-status-configmap${flag}`,
      });
    // A boolean flag takes no value from the next argument: `false` is a positional argument.
    expect(
      statusReportLocation(
        autoscaler({ args: ['--write-status-configmap', 'false'] }),
      ),
    ).toMatchObject({ written: true });
    expect(
      statusReportLocation(
        autoscaler({
          args: [
            '--write-status-configmap=false',
            '--write-status-configmap=1',
          ],
        }),
      ),
    ).toMatchObject({ written: true });
  });

  it('names flags that place the report nowhere', () => {
    expect(
      statusReportLocation(
        autoscaler({ args: ['--write-status-configmap=no'] }),
      ),
    ).toEqual({
      written: false,
      reason:
        '--write-status-configmap=no is not a Go boolean (the autoscaler refuses to start with it)',
    });
    expect(
      statusReportLocation(autoscaler({ args: ['--namespace='] })),
    ).toEqual({ written: false, reason: '--namespace is empty' });
    expect(
      statusReportLocation(
        autoscaler({ args: ['--status-config-map-name', ''] }),
      ),
    ).toEqual({ written: false, reason: '--status-config-map-name is empty' });
  });

  it('ignores what is not a string, and is undefined for a Deployment without the autoscaler', () => {
    expect(
      statusReportLocation(
        autoscaler({ command: 'cluster-autoscaler', args: [7, null] }),
      ),
    ).toMatchObject({ written: true, namespace: 'kube-system' });
    expect(
      statusReportLocation(
        deployment('web', {
          podSpec: { containers: [{ name: 'web', image: 'web:1' }] },
        }),
      ),
    ).toBeUndefined();
  });
});

describe('maxNodesTotal', () => {
  it('reads --max-nodes-total, the last one winning; 0, absent or not a number is no limit', () => {
    const limit = (...args: string[]) =>
      maxNodesTotal(autoscaler({ command: ['./cluster-autoscaler', ...args] }));
    expect(limit('--max-nodes-total=12')).toBe(12);
    expect(limit('--max-nodes-total', '8', '--max-nodes-total=10')).toBe(10);
    expect(limit('--max-nodes-total=0')).toBeUndefined();
    expect(limit('--max-nodes-total=ten')).toBeUndefined();
    expect(limit('--v=4')).toBeUndefined();
  });
});
