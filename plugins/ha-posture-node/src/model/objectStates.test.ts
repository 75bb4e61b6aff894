import { objectFetchState, objectStateKey } from './objectStates';

describe('per-object fetch states', () => {
  it('keys an object by its name in the type namespace, by namespace/name elsewhere', () => {
    expect(
      objectStateKey('kube-system', 'kube-system', 'cluster-autoscaler-status'),
    ).toBe('cluster-autoscaler-status');
    expect(
      objectStateKey(
        'kube-system',
        'openshift-machine-api',
        'cluster-autoscaler-status',
      ),
    ).toBe('openshift-machine-api/cluster-autoscaler-status');
    expect(objectStateKey(undefined, 'a', 'b')).toBe('a/b');
  });

  it("reads an object's own state, else the type's", () => {
    const state = {
      status: 'ok' as const,
      objects: {
        'kubeadm-config': { status: 'ok' as const },
        'cluster-autoscaler/cluster-autoscaler-status': {
          status: 'forbidden' as const,
          message: 'no',
        },
      },
    };
    expect(
      objectFetchState(
        state,
        'kube-system',
        'cluster-autoscaler',
        'cluster-autoscaler-status',
      ),
    ).toEqual({ status: 'forbidden', message: 'no' });
    // The same name in kube-system is another object.
    expect(
      objectFetchState(
        state,
        'kube-system',
        'kube-system',
        'cluster-autoscaler-status',
      ),
    ).toBe(state);
    expect(
      objectFetchState({ status: 'error' }, 'kube-system', 'x', 'y'),
    ).toEqual({ status: 'error' });
  });
});
