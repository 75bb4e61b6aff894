/**
 * The line each shallow value of a JSON text starts on. JSON.parse gives no positions, and a
 * general tokenizer (jsonc-parser's scanner) cost ~5× JSON.parse on a cluster dump because it
 * tokenizes every value. This scanner only looks at the shallow structure (a dump's list and its
 * items); inside deeper values it only counts newlines and brackets, skipping strings with
 * indexOf. It expects text that JSON.parse has already accepted.
 */

/** A value's place in a parsed document: keys and indexes from the root. */
export type ValuePath = Array<string | number>;

/** The map key of a path. */
export const pathKey = (path: ValuePath): string => JSON.stringify(path);

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** `at` is on an opening quote: the offset after the closing one. */
function endOfString(text: string, at: number): number {
  let end = text.indexOf('"', at + 1);
  for (;;) {
    if (end < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end + 1;
    end = text.indexOf('"', end + 1);
  }
}

/** The next offset of `char` at or after `from`, or Infinity. */
function next(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? Infinity : at;
}

/**
 * The offset after the container starting at `start`. It jumps from one quote or bracket to the
 * next with indexOf (native, so whitespace and string contents cost little): a bracket found
 * inside a string is looked for again after it.
 */
function endOfContainer(text: string, start: number): number {
  let depth = 0;
  let quote = next(text, '"', start);
  let openBrace = next(text, '{', start);
  let openBracket = next(text, '[', start);
  let closeBrace = next(text, '}', start);
  let closeBracket = next(text, ']', start);
  for (;;) {
    const at = Math.min(
      quote,
      openBrace,
      openBracket,
      closeBrace,
      closeBracket,
    );
    if (at === Infinity) return text.length;
    if (at === quote) {
      const after = endOfString(text, at);
      quote = next(text, '"', after);
      if (openBrace < after) openBrace = next(text, '{', after);
      if (openBracket < after) openBracket = next(text, '[', after);
      if (closeBrace < after) closeBrace = next(text, '}', after);
      if (closeBracket < after) closeBracket = next(text, ']', after);
      continue;
    }
    if (at === openBrace) {
      depth++;
      openBrace = next(text, '{', at + 1);
    } else if (at === openBracket) {
      depth++;
      openBracket = next(text, '[', at + 1);
    } else {
      if (at === closeBrace) closeBrace = next(text, '}', at + 1);
      else closeBracket = next(text, ']', at + 1);
      if (--depth === 0) return at + 1;
    }
  }
}

/** The offset after the value starting at `at` (a container, a string or a literal). */
function endOfValue(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return endOfContainer(text, at);
  if (c === QUOTE) return endOfString(text, at);
  let end = at;
  for (; end < text.length; end++) {
    const d = text.charCodeAt(end);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d <= 0x20)
      break;
  }
  return end;
}

/** Newlines between two offsets (indexOf runs natively: far faster than a loop). */
function newlinesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; ) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}

/**
 * Lines (1-based) of every value whose path has at most `maxDepth` segments, keyed by
 * `pathKey(path)`. Valid JSON only: on anything else the result is incomplete, never an error.
 */
export function jsonValueLines(
  text: string,
  maxDepth: number,
): Map<string, number> {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;

  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === NEWLINE) line++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
      at++;
    }
  };

  /** Skips any value, counting the newlines inside it (a hot loop: locals only). */
  const skipValue = () => {
    const end = endOfValue(text, at);
    line += newlinesIn(text, at, end);
    at = end;
  };

  const readKey = (): string => {
    const start = at;
    at = endOfString(text, at);
    return JSON.parse(text.slice(start, at)) as string;
  };

  const scanValue = (path: ValuePath) => {
    skipSpace();
    lines.set(pathKey(path), line);
    const c = text.charCodeAt(at);
    if (path.length >= maxDepth || (c !== OPEN_BRACE && c !== OPEN_BRACKET)) {
      skipValue();
      return;
    }
    const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
    at++;
    for (let index = 0; at < text.length; index++) {
      skipSpace();
      if (text.charCodeAt(at) === close) break;
      let segment: string | number = index;
      if (close === CLOSE_BRACE) {
        segment = readKey();
        skipSpace();
        if (text.charCodeAt(at) === COLON) at++;
      }
      scanValue([...path, segment]);
      skipSpace();
      if (text.charCodeAt(at) === COMMA) at++;
    }
    at++;
  };

  scanValue([]);
  return lines;
}
