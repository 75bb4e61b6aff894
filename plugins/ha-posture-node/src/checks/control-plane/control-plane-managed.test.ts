import {
  aksNoZones,
  clusterFrom,
  eksProd,
  gkeRegional,
  k3sDevSingle,
  kubeadmHa3z,
  openshiftSno,
  runOne,
} from '../../testing';
import { controlPlaneManaged } from './control-plane-managed';

describe('control-plane-managed', () => {
  it('passes eks-prod as provider-managed', () => {
    const outcome = runOne(controlPlaneManaged, clusterFrom(eksProd()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('Provider-managed EKS control plane');
  });

  it('passes AKS, noting the invisible pricing tier', () => {
    const outcome = runOne(controlPlaneManaged, clusterFrom(aksNoZones()));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('not visible');
  });

  it('is unknown for gke-regional without a configured location, even with nodes in 3 zones', () => {
    const outcome = runOne(controlPlaneManaged, clusterFrom(gkeRegional()));
    expect(outcome.status).toBe('unknown');
    // The region the nodes show is not the answer: say so, and name the setting that is.
    expect(outcome.message).toMatch(
      /and their region \([a-z0-9-]+\) do not tell$/,
    );
    expect(outcome.remediation).toContain(
      '`haPosture.clusterInfo.test.location` in app-config',
    );
  });

  it('passes GKE configured with a region, fails GKE configured with a zone', () => {
    const regional = runOne(
      controlPlaneManaged,
      clusterFrom(gkeRegional(), { cluster: { location: 'europe-west1' } }),
    );
    expect(regional.status).toBe('pass');
    expect(regional.evidence).toMatchObject({
      regional: true,
      location: 'europe-west1',
    });
    const zonal = runOne(
      controlPlaneManaged,
      clusterFrom(gkeRegional(), { cluster: { location: 'europe-west1-b' } }),
    );
    expect(zonal.status).toBe('fail');
    expect(zonal.message).toContain('Zonal GKE cluster (europe-west1-b)');
  });

  it('is unknown for an unrecognised location', () => {
    expect(
      runOne(
        controlPlaneManaged,
        clusterFrom(gkeRegional(), { cluster: { location: 'Belgium' } }),
      ).status,
    ).toBe('unknown');
  });

  /** OpenShift with a hosted control plane: Infrastructure External, workers only, no control-plane pods. */
  const hostedOpenShift = () =>
    openshiftSno()
      .filter(
        o =>
          !(
            o.kind === 'Pod' &&
            o.metadata.namespace?.startsWith('openshift-kube')
          ) && !(o.kind === 'Pod' && o.metadata.namespace === 'openshift-etcd'),
      )
      .map(o =>
        o.kind === 'Infrastructure'
          ? { ...o, status: { controlPlaneTopology: 'External' } }
          : o,
      )
      .map(o =>
        o.kind === 'Node'
          ? {
              ...o,
              metadata: {
                ...o.metadata,
                labels: { 'node-role.kubernetes.io/worker': '' },
              },
            }
          : o,
      );

  it('is unknown for a hosted OpenShift control plane (External topology): its availability policy is on the management cluster', () => {
    const outcome = runOne(controlPlaneManaged, clusterFrom(hostedOpenShift()));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      "HostedCluster's controllerAvailabilityPolicy (HighlyAvailable or SingleReplica)",
    );
    expect(outcome.message).toContain('not visible from this cluster');
    expect(outcome.remediation).toContain(
      'haPosture.checks.control-plane-managed.params.highlyAvailableHostedControlPlanes',
    );
    expect(outcome.evidence).toEqual({
      provider: 'openshift',
      controlPlaneTopology: 'External',
    });
    // Listing another cluster changes nothing for this one.
    expect(
      runOne(controlPlaneManaged, clusterFrom(hostedOpenShift()), {
        params: { highlyAvailableHostedControlPlanes: ['other'] },
      }).status,
    ).toBe('unknown');
  });

  it('passes or fails a hosted OpenShift control plane as configured, and is unknown when listed in both', () => {
    const view = clusterFrom(hostedOpenShift(), { name: 'rosa-prod' });
    const ha = runOne(controlPlaneManaged, view, {
      params: { highlyAvailableHostedControlPlanes: ['rosa-prod'] },
    });
    expect(ha.status).toBe('pass');
    expect(ha.message).toContain('configured as HighlyAvailable');
    expect(ha.evidence).toMatchObject({
      controllerAvailabilityPolicy: 'HighlyAvailable',
      source: 'configuration',
    });
    const single = runOne(controlPlaneManaged, view, {
      params: { singleReplicaHostedControlPlanes: ['rosa-prod'] },
    });
    expect(single.status).toBe('fail');
    expect(single.message).toContain('configured as SingleReplica');
    const both = runOne(controlPlaneManaged, view, {
      params: {
        highlyAvailableHostedControlPlanes: ['rosa-prod'],
        singleReplicaHostedControlPlanes: ['rosa-prod'],
      },
    });
    expect(both.status).toBe('unknown');
    expect(both.message).toContain('listed both');
  });

  it('ignores the hosted control-plane lists on other flavors', () => {
    expect(
      runOne(controlPlaneManaged, clusterFrom(eksProd()), {
        params: { singleReplicaHostedControlPlanes: ['test'] },
      }).status,
    ).toBe('pass');
  });

  it('skips self-managed control planes', () => {
    for (const objects of [kubeadmHa3z(), k3sDevSingle(), openshiftSno()]) {
      expect(runOne(controlPlaneManaged, clusterFrom(objects)).status).toBe(
        'skipped',
      );
    }
  });

  it('is skipped in a manifests scan', () => {
    expect(runOne(controlPlaneManaged, clusterFrom([])).status).toBe('skipped');
  });
});
