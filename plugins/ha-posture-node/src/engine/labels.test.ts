import {
  LabelIndex,
  matchesLabelSelector,
  matchesServiceSelector,
  parseLabelSelectorString,
  SelectorIndex,
} from './labels';

describe('matchesLabelSelector', () => {
  const labels = { app: 'web', tier: 'front' };
  it('matches nothing for null/undefined and everything for {}', () => {
    expect(matchesLabelSelector(null, labels)).toBe(false);
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({}, {})).toBe(true);
  });
  it('requires every matchLabel', () => {
    expect(matchesLabelSelector({ matchLabels: { app: 'web' } }, labels)).toBe(
      true,
    );
    expect(
      matchesLabelSelector(
        { matchLabels: { app: 'web', tier: 'back' } },
        labels,
      ),
    ).toBe(false);
    expect(
      matchesLabelSelector({ matchLabels: { app: 'web' } }, undefined),
    ).toBe(false);
  });
  it.each([
    [{ key: 'tier', operator: 'In', values: ['front', 'back'] }, true],
    [{ key: 'tier', operator: 'In', values: ['back'] }, false],
    [{ key: 'missing', operator: 'In', values: ['x'] }, false],
    [{ key: 'tier', operator: 'NotIn', values: ['back'] }, true],
    [{ key: 'tier', operator: 'NotIn', values: ['front'] }, false],
    [{ key: 'missing', operator: 'NotIn', values: ['x'] }, true],
    [{ key: 'app', operator: 'Exists' }, true],
    [{ key: 'missing', operator: 'Exists' }, false],
    [{ key: 'missing', operator: 'DoesNotExist' }, true],
    [{ key: 'app', operator: 'DoesNotExist' }, false],
    [{ key: 'app', operator: 'Bogus' }, false],
  ])('evaluates %j', (expression, expected) => {
    expect(
      matchesLabelSelector({ matchExpressions: [expression] }, labels),
    ).toBe(expected);
  });
  it('combines matchLabels and matchExpressions with AND', () => {
    expect(
      matchesLabelSelector(
        {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }],
        },
        labels,
      ),
    ).toBe(false);
  });
});

describe('matchesServiceSelector', () => {
  it('matches nothing when empty or missing', () => {
    expect(matchesServiceSelector({}, { app: 'web' })).toBe(false);
    expect(matchesServiceSelector(undefined, { app: 'web' })).toBe(false);
    expect(matchesServiceSelector(null, { app: 'web' })).toBe(false);
  });
  it('requires every key', () => {
    expect(matchesServiceSelector({ app: 'web' }, { app: 'web', x: 'y' })).toBe(
      true,
    );
    expect(
      matchesServiceSelector({ app: 'web', x: 'z' }, { app: 'web', x: 'y' }),
    ).toBe(false);
  });
});

describe('parseLabelSelectorString', () => {
  it('parses every form', () => {
    expect(
      parseLabelSelectorString(
        'app=x, env==prod,tier in (a, b),zone notin (c),!legacy,owner,stage!=dev',
      ),
    ).toEqual({
      matchLabels: { app: 'x', env: 'prod' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'zone', operator: 'NotIn', values: ['c'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'owner', operator: 'Exists' },
        { key: 'stage', operator: 'NotIn', values: ['dev'] },
      ],
    });
  });
  it('accepts prefixed keys and empty values', () => {
    expect(
      parseLabelSelectorString('backstage.io/kubernetes-id=checkout,empty='),
    ).toEqual({
      matchLabels: { 'backstage.io/kubernetes-id': 'checkout', empty: '' },
    });
  });
  it('treats an empty string as select-all', () => {
    expect(parseLabelSelectorString('  ')).toEqual({});
  });
  it('keeps contradicting equalities (which then select nothing)', () => {
    const selector = parseLabelSelectorString('app=a,app=b');
    expect(matchesLabelSelector(selector, { app: 'a' })).toBe(false);
    expect(matchesLabelSelector(selector, { app: 'b' })).toBe(false);
  });
  it.each([
    'app=x,',
    'app in (a',
    'app in ()',
    'a b',
    '=x',
    'app=x y',
    'bad key=x',
    'app=x)',
    'app=-bad-',
  ])('rejects %p with a clear error', input => {
    expect(() => parseLabelSelectorString(input)).toThrow(
      /^Invalid label selector/,
    );
  });
  it('round-trips through matching', () => {
    const selector = parseLabelSelectorString('app=web,tier in (front)');
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'front' })).toBe(
      true,
    );
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'back' })).toBe(
      false,
    );
  });
});

describe('SelectorIndex', () => {
  const selectors: Array<{ name: string; selector: any }> = [
    { name: 'web', selector: { matchLabels: { app: 'web' } } },
    { name: 'all', selector: {} },
    { name: 'none', selector: null },
    {
      name: 'expr',
      selector: {
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
      },
    },
    {
      name: 'web-back',
      selector: { matchLabels: { app: 'web', tier: 'back' } },
    },
    { name: 'other', selector: { matchLabels: { app: 'other' } } },
  ];
  const index = new SelectorIndex(selectors, s => s.selector);
  it('finds the same items as testing every selector, in input order', () => {
    const labelSets: Array<Record<string, string>> = [
      { app: 'web', tier: 'front' },
      { app: 'web', tier: 'back' },
      {},
      { app: 'other' },
    ];
    for (const labels of labelSets) {
      const brute = selectors
        .filter(s => matchesLabelSelector(s.selector, labels))
        .map(s => s.name);
      expect(index.matching(labels).map(s => s.name)).toEqual(brute);
    }
  });
});

describe('LabelIndex', () => {
  const items: Array<{
    name: string;
    labels: Record<string, string>;
    extra: Record<string, string>;
  }> = [
    { name: 'a', labels: { app: 'web', tier: 'front' }, extra: { team: 'x' } },
    { name: 'b', labels: { app: 'web', tier: 'back' }, extra: {} },
    { name: 'c', labels: { app: 'api' }, extra: { team: 'x' } },
  ];
  const index = new LabelIndex(items, i => [i.labels, i.extra]);
  it.each([
    [{ matchLabels: { app: 'web' } }, ['a', 'b']],
    [{ matchLabels: { app: 'web', team: 'x' } }, []],
    [{ matchLabels: { team: 'x' } }, ['a', 'c']],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, ['a', 'b']],
    [{}, ['a', 'b', 'c']],
    [null, []],
    [{ matchLabels: { app: 'nope' } }, []],
  ])('matches %j', (selector, expected) => {
    expect(index.matching(selector as any).map(i => i.name)).toEqual(expected);
  });
});
