import { JsonListError, lineOfOffset, readJsonList } from './jsonListItems';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('readJsonList', () => {
  it('finds each item of a kubectl JSON list, its value, line and byte range, and the list header after the items', () => {
    const items = [
      { kind: 'Pod', metadata: { name: 'café-☕', labels: { a: 'é' } } },
      { kind: 'Pod', metadata: { name: 'b' }, spec: { c: [[1], { d: [] }] } },
    ];
    // kubectl sorts keys: items come before kind and metadata.
    const text = JSON.stringify(
      { apiVersion: 'v1', items, kind: 'List', metadata: { a: [1, { b: 2 }] } },
      null,
      4,
    );
    const input = bytes(text);
    const list = readJsonList(input);
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBe('List');
    expect(list.items.map(i => i.value)).toEqual(items);
    // Lines counted by a whole-text parse; byte offsets past the multi-byte characters.
    const lines = text.split('\n');
    expect(list.items.map(i => i.line)).toEqual([
      lines.indexOf('        {') + 1,
      lines.lastIndexOf('        {') + 1,
    ]);
    for (const item of list.items)
      expect(
        JSON.parse(input.subarray(item.start, item.end).toString()),
      ).toEqual(item.value);
  });

  it('keeps scalar items for the caller to judge, and reads an empty or compact list', () => {
    expect(
      readJsonList(bytes('{"items":[null,"x",3],"kind":"List"}')).items.map(
        i => i.value,
      ),
    ).toEqual([null, 'x', 3]);
    expect(readJsonList(bytes('{"kind":"PodList","items":[]}'))).toEqual({
      kind: 'PodList',
      items: [],
    });
    // Keys named like the header inside an item are the item's, not the list's.
    const list = readJsonList(
      bytes('{"items":[{"kind":"Pod"}],"apiVersion":"v1"}'),
    );
    expect(list.apiVersion).toBe('v1');
    expect(list.kind).toBeUndefined();
  });

  it('names the byte offset of what is wrong', () => {
    const fail = (text: string) => {
      let error: unknown;
      try {
        readJsonList(bytes(text));
      } catch (e) {
        error = e;
      }
      if (!(error instanceof JsonListError))
        throw new Error(`expected a JsonListError, got ${String(error)}`);
      return [error.message, error.offset];
    };
    expect(fail('[{"kind":"Pod"}]')).toEqual([
      'not a JSON object with items',
      0,
    ]);
    expect(fail('{"items":[{"a":1,}]}')).toEqual([
      expect.stringMatching(/^invalid JSON \(/),
      10,
    ]);
    expect(fail('{"items":[{"a":tru}]}')[0]).toMatch(/^invalid JSON \(/);
    expect(fail('{"items":[{"a":1}')).toEqual(['unexpected end of JSON', 16]);
    expect(fail('{"kind":"List","items":{"a":1}}')).toEqual([
      'List.items must be a list',
      23,
    ]);
  });

  it('rejects an item that is not valid UTF-8', () => {
    const input = Buffer.concat([
      bytes('{"items":[{"a":"'),
      Buffer.from([0xc3, 0x28]),
      bytes('"}]}'),
    ]);
    expect(() => readJsonList(input)).toThrow(/utf-8/i);
  });
});

describe('lineOfOffset', () => {
  it('counts the lines before a byte offset', () => {
    const input = bytes('a\nbé\nc');
    expect(lineOfOffset(input, 0)).toBe(1);
    expect(lineOfOffset(input, 2)).toBe(2);
    expect(lineOfOffset(input, 6)).toBe(3);
  });
});
