import {
  PV_RESOURCE,
  PVC_RESOURCE,
  resourceLeftOut,
  veleroCoverageKey,
  veleroSpecNamespaces,
  WORKLOAD_RESOURCES,
} from './velero';

describe('veleroSpecNamespaces', () => {
  it('names the included namespaces when they are plain names', () => {
    expect(
      veleroSpecNamespaces({ includedNamespaces: ['shop', 'pay'] }),
    ).toEqual(['shop', 'pay']);
  });

  it('reaches all namespaces without includedNamespaces, with * or with a wildcard', () => {
    expect(veleroSpecNamespaces({})).toBe('all');
    expect(veleroSpecNamespaces(undefined)).toBe('all');
    expect(veleroSpecNamespaces({ includedNamespaces: [] })).toBe('all');
    expect(veleroSpecNamespaces({ includedNamespaces: ['*'] })).toBe('all');
    expect(
      veleroSpecNamespaces({ includedNamespaces: ['shop', 'team-?'] }),
    ).toBe('all');
  });
});

describe('veleroCoverageKey', () => {
  const template = {
    includedNamespaces: ['shop'],
    labelSelector: { matchLabels: { tier: 'critical' } },
  };

  it('is the same for specs that differ only in what coverage does not depend on', () => {
    expect(
      veleroCoverageKey({
        ...template,
        ttl: '720h0m0s',
        snapshotVolumes: true,
      }),
    ).toBe(veleroCoverageKey({ ...template, storageLocation: 'default' }));
  });

  it('differs when namespaces or selectors differ', () => {
    const key = veleroCoverageKey(template);
    expect(
      veleroCoverageKey({ ...template, includedNamespaces: ['pay'] }),
    ).not.toBe(key);
    expect(
      veleroCoverageKey({ ...template, excludedNamespaces: ['shop'] }),
    ).not.toBe(key);
    expect(
      veleroCoverageKey({ ...template, labelSelector: undefined }),
    ).not.toBe(key);
    expect(
      veleroCoverageKey({
        ...template,
        orLabelSelectors: [{ matchLabels: { a: 'b' } }],
      }),
    ).not.toBe(key);
  });
});

describe('resourceLeftOut', () => {
  const deployments = WORKLOAD_RESOURCES.Deployment;

  it('includes everything without filters, or with "*"', () => {
    for (const spec of [
      undefined,
      {},
      { includedResources: [] },
      { includedResources: ['*'] },
    ]) {
      expect(resourceLeftOut(spec, deployments)).toBeUndefined();
      expect(resourceLeftOut(spec, PV_RESOURCE)).toBeUndefined();
    }
  });

  it('resolves plural, resource.group, singular (the kind) and short names, case-insensitively', () => {
    for (const name of [
      'deployments',
      'deployments.apps',
      'Deployment',
      'deploy',
      ' DEPLOYMENTS.APPS ',
    ])
      expect(
        resourceLeftOut({ includedResources: [name] }, deployments),
      ).toBeUndefined();
    expect(
      resourceLeftOut({ includedResources: ['pvc', 'pv'] }, PVC_RESOURCE),
    ).toBeUndefined();
  });

  it('leaves out cluster-scoped resources with includeClusterResources: false only', () => {
    expect(
      resourceLeftOut({ includeClusterResources: false }, PV_RESOURCE),
    ).toContain('includeClusterResources: false');
    expect(
      resourceLeftOut({ includeClusterResources: false }, PVC_RESOURCE),
    ).toBeUndefined();
  });

  it('reads the scoped filters by the scope of the resource', () => {
    const spec = {
      includedNamespaceScopedResources: ['deployments'],
      excludedClusterScopedResources: ['persistentvolumes'],
    };
    expect(resourceLeftOut(spec, deployments)).toBeUndefined();
    expect(resourceLeftOut(spec, PVC_RESOURCE)).toContain(
      'includedNamespaceScopedResources',
    );
    expect(resourceLeftOut(spec, PV_RESOURCE)).toContain(
      'excludedClusterScopedResources',
    );
  });
});

describe('veleroCoverageKey and resource filters', () => {
  it('differs for specs whose resource filters differ', () => {
    expect(veleroCoverageKey({ includedResources: ['configmaps'] })).not.toBe(
      veleroCoverageKey({}),
    );
    expect(
      veleroCoverageKey({ excludedNamespaceScopedResources: ['pods'] }),
    ).not.toBe(veleroCoverageKey({}));
  });
});

describe('resourceLeftOut with malformed filters', () => {
  it('does not read a filter that is not a list as all resources', () => {
    expect(
      resourceLeftOut(
        { includedNamespaceScopedResources: 'configmaps' },
        WORKLOAD_RESOURCES.Deployment,
      ),
    ).toBe('has a malformed includedNamespaceScopedResources (not a list)');
  });
});

describe('resourceLeftOut for a spec Velero rejects', () => {
  it('includes nothing when both labelSelector and orLabelSelectors are set', () => {
    const spec = {
      labelSelector: { matchLabels: { app: 'web' } },
      orLabelSelectors: [{ matchLabels: { tier: 'fe' } }],
    };
    for (const r of [WORKLOAD_RESOURCES.Deployment, PVC_RESOURCE, PV_RESOURCE])
      expect(resourceLeftOut(spec, r)).toContain(
        'sets both labelSelector and orLabelSelectors, which Velero rejects',
      );
  });
});
