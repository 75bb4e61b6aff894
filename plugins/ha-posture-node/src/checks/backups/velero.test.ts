import { veleroCoverageKey, veleroSpecNamespaces } from './velero';

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
