import { splitListItems } from './yamlListItems';

const lines = (...text: string[]) => text.join('\n');

describe('splitListItems', () => {
  it('cuts a kubectl dump at its items and keeps the line numbers of the rest', () => {
    const text = lines(
      'apiVersion: v1',
      'items:',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  data:',
      '    script: |',
      '      items:',
      '      - not an item',
      '',
      '# between items',
      '- apiVersion: v1',
      '  kind: Pod',
      'kind: List',
      'metadata:',
      '  resourceVersion: ""',
      '',
    );
    const split = splitListItems(text)!;
    expect(split.items.map(i => i.line)).toEqual([3, 11]);
    expect(split.items[0].text).toContain(
      '      - not an item\n\n# between items\n',
    );
    expect(split.items[1].text).toBe('- apiVersion: v1\n  kind: Pod\n');
    expect(split.outline.split('\n')).toHaveLength(text.split('\n').length);
    expect(split.outline.split('\n')[12]).toBe('kind: List');
    expect(split.outline).not.toContain('apiVersion: v1\n  kind');
  });

  it('follows the sequence indentation (items indented under the key) to the end of the text', () => {
    const text = lines(
      'kind: List',
      'items:   # every object',
      '  - kind: A',
      '    spec:',
      '      list:',
      '      - x',
      '  -',
      '    kind: B',
    );
    const split = splitListItems(text)!;
    expect(split.items.map(i => i.line)).toEqual([3, 7]);
    expect(split.items[1].text).toBe('  -\n    kind: B');
    expect(split.outline).toBe(
      'kind: List\nitems:   # every object\n\n\n\n\n\n',
    );
  });

  it('leaves to the whole-text parse what it cannot cut safely', () => {
    // Several documents, flow style, no items, a key that is not a sequence, an empty sequence.
    expect(splitListItems('---\nitems:\n- a\n---\nb: 1\n')).toBeUndefined();
    expect(splitListItems('kind: List\nitems: [a, b]\n')).toBeUndefined();
    expect(splitListItems('kind: Pod\nmetadata: {}\n')).toBeUndefined();
    expect(splitListItems('items:\n  a: 1\n')).toBeUndefined();
    expect(splitListItems('items:\nkind: List\n')).toBeUndefined();
    expect(splitListItems('items:')).toBeUndefined();
  });
});
