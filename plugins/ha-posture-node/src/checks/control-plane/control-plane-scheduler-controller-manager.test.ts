import {
  ago,
  clusterFrom,
  eksProd,
  k3sDevSingle,
  kubeadmHa3z,
  lease,
  node,
  openshiftSno,
  runOne,
  staticPod,
} from '../../testing';
import { controlPlaneSchedulerControllerManager } from './control-plane-scheduler-controller-manager';

const withoutLeader = (component: string) =>
  kubeadmHa3z().filter(
    o => !(o.kind === 'Lease' && o.metadata.name === component),
  );

describe('control-plane-scheduler-controller-manager', () => {
  it('passes kubeadm-ha-3z: 3 instances each and live leaders', () => {
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(kubeadmHa3z()),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'kube-scheduler: 3 Ready instances (cp-1, cp-2, cp-3), leader cp-1 renewed 3s ago',
    );
    expect(outcome.evidence).toMatchObject({
      'kube-controller-manager': {
        source: 'static-pods',
        leader: { holder: 'cp-2', healthy: true, leaseDurationSeconds: 15 },
      },
    });
  });

  it('warns when the leader lease is older than its duration (no active leader)', () => {
    const objects = [
      ...withoutLeader('kube-scheduler'),
      lease('kube-scheduler', {
        holderIdentity: 'cp-1_5d1c',
        renewTime: ago(95),
      }),
    ];
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(objects),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'last renewed 95s ago (lease duration 15s): no active leader',
    );
  });

  it('honours a longer leaseDurationSeconds', () => {
    const objects = [
      ...withoutLeader('kube-scheduler'),
      lease('kube-scheduler', {
        holderIdentity: 'cp-1_5d1c',
        renewTime: ago(40),
        leaseDurationSeconds: 60,
      }),
    ];
    expect(
      runOne(controlPlaneSchedulerControllerManager, clusterFrom(objects))
        .status,
    ).toBe('pass');
  });

  it('fails a single scheduler instance even with a healthy leader', () => {
    const objects = [
      node('cp-1', { roles: ['control-plane'] }),
      node('cp-2', { roles: ['control-plane'] }),
      staticPod('kube-scheduler', 'cp-1'),
      staticPod('kube-scheduler', 'cp-2', { ready: false }),
      staticPod('kube-controller-manager', 'cp-1'),
      staticPod('kube-controller-manager', 'cp-2'),
      lease('kube-scheduler', { holderIdentity: 'cp-1_x' }),
    ];
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(objects),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'kube-scheduler: only 1 Ready instance (cp-1)',
    );
    expect(outcome.message).toContain(
      'kube-controller-manager: 2 Ready instances',
    );
  });

  it('respects the minInstances parameter', () => {
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(kubeadmHa3z()),
      { params: { minInstances: 4 } },
    );
    expect(outcome.status).toBe('fail');
  });

  it('counts k3s servers (one process runs everything): k3s-dev-single fails', () => {
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(k3sDevSingle()),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      'kube-scheduler': { source: 'k3s-servers', instances: ['dev'] },
    });
  });

  it('fails single-node OpenShift (its static pods live in openshift-* namespaces)', () => {
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(openshiftSno()),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.evidence).toMatchObject({
      'kube-scheduler': { instances: ['sno-1'] },
    });
  });

  it('is unknown when the components run outside Kubernetes (no static pods)', () => {
    const objects = [
      node('cp-1', { roles: ['control-plane'] }),
      lease('kube-scheduler', { holderIdentity: 'cp-1_x' }),
    ];
    const outcome = runOne(
      controlPlaneSchedulerControllerManager,
      clusterFrom(objects),
    );
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'no static pods visible (a leader, cp-1, is active)',
    );
  });

  it('skips a managed control plane', () => {
    expect(
      runOne(controlPlaneSchedulerControllerManager, clusterFrom(eksProd()))
        .status,
    ).toBe('skipped');
  });
});
