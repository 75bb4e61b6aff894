import { visit } from 'jsonc-parser';
import { jsonValueLines, pathKey, ValuePath } from './jsonValueLines';

/** The same lines from jsonc-parser's full tokenizer: slow, but a reference. */
function referenceLines(text: string, maxDepth: number): Map<string, number> {
  const lines = new Map<string, number>();
  const record = (path: ValuePath, line: number) => {
    if (path.length <= maxDepth) lines.set(pathKey(path), line + 1);
  };
  const at = (
    _offset: number,
    _length: number,
    line: number,
    _column: number,
    path: () => ValuePath,
  ) => record(path(), line);
  visit(text, {
    onObjectBegin: at,
    onArrayBegin: at,
    onLiteralValue: (_value, _offset, _length, line, _column, path) =>
      record(path(), line),
  });
  return lines;
}

const TRICKY = {
  apiVersion: 'v1',
  kind: 'List',
  items: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        annotations: {
          // Brackets, braces and escaped quotes inside strings must not count.
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"spec":{"replicas":[1,2]}}\n',
          quoted: 'say "hi" \\ and {',
          backslashes: 'ends with a backslash \\',
        },
      },
      spec: { replicas: 3, paused: false, minReadySeconds: null },
    },
    [],
    {},
    'a string item',
    42,
    [{ kind: 'Pod', metadata: { name: 'p' } }, [[1, [2]]]],
    { 'key with "quotes" and ] }': { deep: [1, 2, 3] }, ünïcødé: true },
  ],
};

describe('jsonValueLines', () => {
  it.each([
    ['indented by 4 (kubectl get -o json)', JSON.stringify(TRICKY, null, 4)],
    ['indented by 2', JSON.stringify(TRICKY, null, 2)],
    ['on one line', JSON.stringify(TRICKY)],
    [
      'with CRLF line ends and tabs',
      JSON.stringify(TRICKY, null, '\t').replace(/\n/g, '\r\n'),
    ],
    ['a top-level array', JSON.stringify([TRICKY, TRICKY], null, 1)],
    ['a top-level literal', '\n\n  7  \n'],
  ])(
    'finds the lines of shallow values as a full tokenizer does: %s',
    (_name, text) => {
      for (const depth of [1, 2, 3, 5]) {
        expect(jsonValueLines(text, depth)).toEqual(
          referenceLines(text, depth),
        );
      }
    },
  );

  it('records values down to the depth asked, and no deeper', () => {
    const text = '{\n"items": [\n{"a": {"b": 1}},\n2\n]\n}';
    expect(Object.fromEntries(jsonValueLines(text, 2))).toEqual({
      '[]': 1,
      '["items"]': 2,
      '["items",0]': 3,
      '["items",1]': 4,
    });
  });

  it('keeps the last of duplicate keys, as JSON.parse does', () => {
    const text = '{"a": 1,\n"a":\n2}';
    expect(JSON.parse(text).a).toBe(2);
    expect(jsonValueLines(text, 1).get(pathKey(['a']))).toBe(3);
  });
});
