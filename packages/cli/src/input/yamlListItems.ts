/**
 * Cuts a YAML `kind: List` document (`kubectl get -o yaml`) into its items, so that each item is
 * parsed on its own. Parsed whole, a dump's syntax tree takes tens of times the text's size: an
 * 80 MB dump needed 3.8 GB and a larger one exhausts the heap. One item's tree at a time does not.
 *
 * The cut is textual but safe: a block sequence entry starts with `-` at the sequence's indentation,
 * and everything inside an entry (nested mappings, block scalars, continuation lines) is indented
 * deeper, so only blank lines, comments and deeper lines can sit between two entries.
 */

/** One entry of the `items:` sequence, verbatim, with the 1-based line it starts on. */
export interface ListItemText {
  text: string;
  line: number;
}

export interface SplitList {
  /** The text with the items' lines emptied (the line count is kept, so later lines keep their numbers). */
  outline: string;
  items: ListItemText[];
}

/** A top-level `items:` key whose value is on the following lines (a block sequence). */
const ITEMS_KEY = /^items:[ \t]*(?:#.*)?$/m;
/** `---` or `...` at column 0: a stream of several documents is parsed the ordinary way. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t]|$)/m;

function isBlankOrComment(line: string): boolean {
  const content = line.trimStart();
  return content === '' || content.startsWith('#');
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

/** Whether the line is a sequence entry (`- …` or a lone `-`) at exactly this indentation. */
function isEntryAt(line: string, indent: number): boolean {
  if (indentOf(line) !== indent || line[indent] !== '-') return false;
  const next = line[indent + 1];
  return next === undefined || next === ' ' || next === '\r';
}

/**
 * The items of the text's top-level `items:` block sequence, or undefined when the text is not a
 * single document with one (then it is parsed whole).
 */
export function splitListItems(text: string): SplitList | undefined {
  if (DOCUMENT_MARKER.test(text)) return undefined;
  const key = ITEMS_KEY.exec(text);
  if (!key) return undefined;

  let lineStart = text.indexOf('\n', key.index);
  if (lineStart < 0) return undefined;
  lineStart++;
  let lineNumber = countLines(text, 0, key.index) + 1;
  let indent: number | undefined;
  let regionStart = -1;
  let regionEnd = text.length;
  const items: ListItemText[] = [];
  let itemStart = -1;
  let itemLine = 0;
  while (lineStart < text.length) {
    lineNumber++;
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    if (!isBlankOrComment(line)) {
      if (indent === undefined) {
        indent = indentOf(line);
        if (!isEntryAt(line, indent)) return undefined;
      }
      if (isEntryAt(line, indent)) {
        if (itemStart >= 0)
          items.push({
            text: text.slice(itemStart, lineStart),
            line: itemLine,
          });
        else regionStart = lineStart;
        itemStart = lineStart;
        itemLine = lineNumber;
      } else if (indentOf(line) <= indent) {
        regionEnd = lineStart;
        break;
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  if (itemStart < 0) return undefined;
  items.push({ text: text.slice(itemStart, regionEnd), line: itemLine });

  const outline =
    text.slice(0, regionStart) +
    '\n'.repeat(countLines(text, regionStart, regionEnd)) +
    text.slice(regionEnd);
  return { outline, items };
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; ) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
