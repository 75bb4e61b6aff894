import { LabelMatcher } from './promqlShape';
import {
  ANY_NAMESPACE,
  namespaceConstraint,
  NamespaceConstraint,
} from './namespaceConstraint';

/** `namespace="shop"` → its matcher (values without commas or quotes). */
const matchers = (...text: string[]): LabelMatcher[] =>
  text.map(t => {
    const [, label, op, value] = /^(\w+)(=~|!~|!=|=)"(.*)"$/.exec(t)!;
    return { label, op: op as LabelMatcher['op'], value };
  });
const constraint = (...text: string[]) =>
  new NamespaceConstraint(matchers(...text));
const admitted = (c: NamespaceConstraint) =>
  ['shop', 'staging', 'qa', 'kube-system', 'monitoring'].filter(ns =>
    c.admits(ns),
  );

describe('NamespaceConstraint', () => {
  it('admits what equality and regex matchers keep, fully anchored', () => {
    expect(admitted(constraint('namespace="staging"'))).toEqual(['staging']);
    expect(admitted(constraint('namespace=~"stag|q.*"'))).toEqual(['qa']);
    expect(admitted(constraint('namespace=~"stag.*|qa"'))).toEqual([
      'staging',
      'qa',
    ]);
  });

  it('admits what negative matchers do not exclude', () => {
    expect(admitted(constraint('namespace!="shop"'))).toEqual([
      'staging',
      'qa',
      'kube-system',
      'monitoring',
    ]);
    expect(admitted(constraint('namespace!~"kube-.*|monitoring"'))).toEqual([
      'shop',
      'staging',
      'qa',
    ]);
    expect(
      admitted(constraint('namespace=~"s.*"', 'namespace!="shop"')),
    ).toEqual(['staging']);
  });

  it('takes the workload namespace from a label other than the scraped target one', () => {
    // kube-state-metrics in monitoring, its series' own namespace renamed exported_namespace.
    const exported = constraint(
      'namespace="monitoring"',
      'exported_namespace="shop"',
    );
    expect(admitted(exported)).toEqual(['shop']);
    expect(exported.values).toEqual(['shop']);
    expect(
      admitted(
        constraint(
          'destination_workload_namespace=~"shop|qa"',
          'namespace="istio-system"',
        ),
      ),
    ).toEqual(['shop', 'qa']);
  });

  it('tells bounded constraints, and lists their namespaces when equality matchers give them', () => {
    expect(constraint('namespace="shop"')).toMatchObject({
      bounded: true,
      values: ['shop'],
    });
    expect(constraint('namespace=~"shop|qa"').bounded).toBe(true);
    expect(constraint('namespace=~"shop|qa"').values).toBeUndefined();
    // Matchers that keep any namespace, or all but some, bound nothing.
    for (const text of ['namespace=~".*"', 'namespace=~".+"', 'namespace!="x"'])
      expect([text, constraint(text).bounded]).toEqual([text, false]);
    expect(ANY_NAMESPACE.bounded).toBe(false);
    expect(admitted(ANY_NAMESPACE)).toHaveLength(5);
  });

  it('admits no namespace through a regex JavaScript cannot read', () => {
    expect(admitted(constraint('namespace=~"(?i)shop"'))).toEqual([]);
    expect(admitted(constraint('namespace!~"(?i)shop"'))).toEqual([]);
  });

  it('shares one object per set of matchers, whatever their order', () => {
    const cache = new Map<string, NamespaceConstraint>();
    const a = namespaceConstraint(
      matchers('namespace="shop"', 'exported_namespace!="x"'),
      cache,
    );
    const b = namespaceConstraint(
      matchers('exported_namespace!="x"', 'namespace="shop"'),
      cache,
    );
    expect(b).toBe(a);
    expect(a.key).toBe('exported_namespace!="x",namespace="shop"');
    expect(namespaceConstraint([], cache)).toBe(ANY_NAMESPACE);
  });
});
