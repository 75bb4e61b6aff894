import {
  ago,
  clusterFrom,
  eksProd,
  k3sDevSingle,
  k8sObject,
  kubeadmHa3z,
  lease,
  mirrorPod,
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

  describe('OpenShift leader leases', () => {
    /** 2 masters with OpenShift's scheduler and controller-manager mirror pods. */
    const openshiftMasters = () => [
      k8sObject('config.openshift.io/v1', 'Infrastructure', 'cluster', {
        cluster: true,
        status: { controlPlaneTopology: 'HighlyAvailable' },
      }),
      ...['master-0', 'master-1'].flatMap(n => [
        node(n, {
          labels: {
            'node-role.kubernetes.io/master': '',
            'node-role.kubernetes.io/control-plane': '',
          },
        }),
        mirrorPod(
          `openshift-kube-scheduler-${n}`,
          'openshift-kube-scheduler',
          n,
          { app: 'openshift-kube-scheduler', scheduler: 'true' },
        ),
        mirrorPod(
          `kube-controller-manager-${n}`,
          'openshift-kube-controller-manager',
          n,
          { app: 'kube-controller-manager', 'kube-controller-manager': 'true' },
        ),
      ]),
    ];
    const kcmLease = lease('kube-controller-manager', {
      holderIdentity: 'master-1_77aa',
      renewTime: ago(2),
    });
    const schedulerLease = (namespace: string, renewedAgo: number) =>
      lease('kube-scheduler', {
        namespace,
        holderIdentity: 'master-0_0b6a',
        leaseDurationSeconds: 137,
        renewTime: ago(renewedAgo),
      });

    it('reads the scheduler lease in openshift-kube-scheduler and warns when it is stale', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([
          ...openshiftMasters(),
          kcmLease,
          schedulerLease('openshift-kube-scheduler', 1200),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'kube-scheduler: 2 Ready instances (master-0, master-1), but its leader lease was last renewed 20m ago ' +
          '(lease duration 137s): no active leader; kube-controller-manager: 2 Ready instances (master-0, master-1), ' +
          'leader master-1 renewed 2s ago',
      );
      expect(outcome.evidence).toMatchObject({
        'kube-scheduler': {
          leader: { lease: 'openshift-kube-scheduler/kube-scheduler' },
        },
        'kube-controller-manager': {
          leader: { lease: 'kube-system/kube-controller-manager' },
        },
      });
    });

    it('prefers the openshift-kube-scheduler lease over a leftover one in kube-system', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([
          ...openshiftMasters(),
          kcmLease,
          schedulerLease('openshift-kube-scheduler', 10),
          schedulerLease('kube-system', 86400),
        ]),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain('leader master-0 renewed 10s ago');
    });

    it('falls back to kube-system for releases that kept the scheduler lease there', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([
          ...openshiftMasters(),
          kcmLease,
          schedulerLease('kube-system', 600),
        ]),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).toMatchObject({
        'kube-scheduler': { leader: { lease: 'kube-system/kube-scheduler' } },
      });
    });

    it('cannot verify the leader when neither namespace holds a scheduler lease', () => {
      // What a dump or a collector without the Role in openshift-kube-scheduler gave before.
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([...openshiftMasters(), kcmLease]),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toBe(
        'kube-scheduler: 2 Ready instances (master-0, master-1), but its leader could not be verified: ' +
          'no lease openshift-kube-scheduler/kube-scheduler or kube-system/kube-scheduler ' +
          '(for a dump: kubectl get leases -n openshift-kube-scheduler); ' +
          'kube-controller-manager: 2 Ready instances (master-0, master-1), leader master-1 renewed 2s ago',
      );
      expect(outcome.evidence).toMatchObject({
        'kube-scheduler': {
          instances: ['master-0', 'master-1'],
          leader: undefined,
          leaderUnverified: expect.stringContaining('no lease'),
        },
      });
    });

    it("quotes the collector's note when openshift-kube-scheduler could not be listed", () => {
      const note =
        'leases of namespace openshift-kube-scheduler not read (forbidden: leases is forbidden: ...)';
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([...openshiftMasters(), kcmLease], {
          fetch: {
            'leases.coordination.k8s.io': { status: 'ok', message: note },
          },
        }),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toContain(
        `no lease openshift-kube-scheduler/kube-scheduler or kube-system/kube-scheduler (${note}); kube-controller-manager`,
      );
    });

    it('cannot verify the leader when leases could not be read', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom([...openshiftMasters(), kcmLease], {
          fetch: { 'leases.coordination.k8s.io': 'forbidden' },
        }),
      );
      expect(outcome.status).toBe('unknown');
      expect(outcome.message).toMatch(
        /^kube-scheduler: 2 Ready instances \(master-0, master-1\), but its leader could not be verified: leases\.coordination\.k8s\.io forbidden/,
      );
      // Not the note about components running outside Kubernetes: their pods are visible.
      expect(outcome.message).not.toContain('outside Kubernetes');
    });

    it('still fails too few instances without a lease (single-node OpenShift)', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom(openshiftSno()),
      );
      expect(outcome.status).toBe('fail');
      expect(outcome.message).toContain(
        'kube-scheduler: only 1 Ready instance',
      );
    });

    it('passes on instance count without a scheduler lease on other flavors, as before', () => {
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom(withoutLeader('kube-scheduler')),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'kube-scheduler: 3 Ready instances (cp-1, cp-2, cp-3);',
      );
    });

    it('does not read a scheduler lease in openshift-kube-scheduler on other flavors', () => {
      const objects = [
        ...withoutLeader('kube-scheduler'),
        schedulerLease('openshift-kube-scheduler', 1200),
      ];
      const outcome = runOne(
        controlPlaneSchedulerControllerManager,
        clusterFrom(objects),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.evidence).toMatchObject({
        'kube-scheduler': { leader: undefined },
      });
    });
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
