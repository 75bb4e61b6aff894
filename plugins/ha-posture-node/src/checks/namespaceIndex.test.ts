import { NamespaceIndex } from './namespaceIndex';

describe('NamespaceIndex', () => {
  const items = [
    { id: 'shop-a', reach: ['shop'] },
    { id: 'all-1', reach: 'all' as const },
    { id: 'shop-and-pay', reach: ['pay', 'shop', 'shop'] },
    { id: 'odd', reach: [42, null, 'pay'] },
    { id: 'all-2', reach: 'all' as const },
  ];
  const index = new NamespaceIndex(items, i => i.reach);
  const ids = (namespace: string) =>
    index.inNamespace(namespace).map(i => i.id);

  it('returns the items that reach the namespace, in input order, once each', () => {
    expect(ids('shop')).toEqual(['shop-a', 'all-1', 'shop-and-pay', 'all-2']);
    expect(ids('pay')).toEqual(['all-1', 'shop-and-pay', 'odd', 'all-2']);
  });

  it('returns the items that reach all namespaces for any other namespace', () => {
    expect(ids('billing')).toEqual(['all-1', 'all-2']);
  });

  it('ignores namespace names that are not strings', () => {
    expect(ids('42')).toEqual(['all-1', 'all-2']);
  });
});
