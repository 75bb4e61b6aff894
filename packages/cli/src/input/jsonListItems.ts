/**
 * A JSON `kind: List` read from its bytes, item by item: for dumps larger than one JavaScript
 * string holds (512 MiB, `kubectl get -o json` of ~7,500 pods and up), which can be neither
 * decoded whole nor given to JSON.parse. @streamparser/json's tokenizer (chosen because, unlike
 * stream-json, it reports each token's byte offset) finds where each item of the top-level
 * `items` array starts and ends; JSON.parse then reads each item's own bytes, and the line of
 * each item is counted from the offsets.
 */
import { Tokenizer, TokenType } from '@streamparser/json';

/** One item of the list: its value and the 1-based line it starts on. */
export interface JsonListItem {
  value: unknown;
  line: number;
  /** Byte range of the item in the input (end exclusive). */
  start: number;
  end: number;
}

export interface JsonList {
  /** The list's own string fields (`apiVersion`, `kind`), wherever they stand in the object. */
  apiVersion?: string;
  kind?: string;
  items: JsonListItem[];
}

/** Why the bytes are not a JSON list, with the byte offset where that showed. */
export class JsonListError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Bytes handed to the tokenizer at a time. */
const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Bytes of the UTF-8 byte order mark the input starts with: 3 or 0. */
export function bomLength(input: Uint8Array): number {
  return UTF8_BOM.every((byte, i) => input[i] === byte) ? UTF8_BOM.length : 0;
}

const OPENERS = new Set([TokenType.LEFT_BRACE, TokenType.LEFT_BRACKET]);
const CLOSERS = new Set([TokenType.RIGHT_BRACE, TokenType.RIGHT_BRACKET]);

/** Counts lines forward through the bytes: item offsets only grow, so every byte is looked at once. */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  lineAt(offset: number): number {
    for (;;) {
      const next = this.bytes.indexOf(NEWLINE, this.offset);
      if (next < 0 || next >= offset) break;
      this.line++;
      this.offset = next + 1;
    }
    return this.line;
  }
}

/**
 * The items of a JSON object with an `items` array (`{"apiVersion": …, "items": [ … ], "kind":
 * "List"}`). Throws JsonListError when the bytes are not such an object, or not valid JSON.
 */
export function readJsonList(input: Uint8Array): JsonList {
  // The tokenizer skips a byte order mark without counting it: offsets are taken after it.
  const bom = bomLength(input);
  const bytes = Buffer.from(
    input.buffer,
    input.byteOffset + bom,
    input.byteLength - bom,
  );
  const lines = new LineCounter(bytes);
  const list: JsonList = { items: [] };

  // Where the tokens are: depth 1 is the list object, depth 2 the items array.
  let depth = 0;
  let lastOffset = 0;
  let expectKey = false;
  let key: string | undefined;
  let inItems = false;
  let itemStart = -1;

  const itemAt = (start: number, end: number, value?: unknown) => {
    let parsed = value;
    if (value === undefined) {
      // The tokenizer checked the UTF-8 and the tokens, not the grammar: JSON.parse checks each item's.
      try {
        parsed = JSON.parse(bytes.toString('utf8', start, end));
      } catch (error) {
        throw new JsonListError(
          `invalid JSON (${(error as Error).message})`,
          start,
        );
      }
    }
    list.items.push({
      value: parsed,
      line: lines.lineAt(start),
      start: start + bom,
      end: end + bom,
    });
  };

  const tokenizer = new Tokenizer();
  tokenizer.onToken = ({ token, value, offset }) => {
    lastOffset = offset;
    if (depth === 0) {
      if (token !== TokenType.LEFT_BRACE)
        throw new JsonListError('not a JSON object with items', offset);
      depth = 1;
      expectKey = true;
      return;
    }
    if (depth === 1) {
      if (expectKey) {
        if (token === TokenType.STRING) key = value as string;
        else if (token !== TokenType.RIGHT_BRACE) return;
        expectKey = false;
        if (token === TokenType.RIGHT_BRACE) depth = 0;
        return;
      }
      if (token === TokenType.COLON) return;
      if (token === TokenType.COMMA) {
        expectKey = true;
        return;
      }
      if (token === TokenType.RIGHT_BRACE) {
        depth = 0;
        return;
      }
      if (key === 'items' && token === TokenType.LEFT_BRACKET) {
        inItems = true;
        depth = 2;
        return;
      }
      if (key === 'items' && token !== TokenType.NULL)
        throw new JsonListError(
          `${list.kind ?? 'List'}.items must be a list`,
          offset,
        );
      if (
        token === TokenType.STRING &&
        (key === 'apiVersion' || key === 'kind')
      )
        list[key] = value as string;
      if (OPENERS.has(token)) depth++;
      return;
    }
    if (depth === 2 && inItems) {
      if (OPENERS.has(token)) {
        itemStart = offset;
        depth++;
      } else if (token === TokenType.RIGHT_BRACKET) {
        inItems = false;
        depth = 1;
      } else if (token !== TokenType.COMMA) {
        // A scalar item (null, a string ...): the caller says what is wrong with it.
        itemAt(offset, offset, value);
      }
      return;
    }
    if (OPENERS.has(token)) depth++;
    else if (CLOSERS.has(token)) {
      depth--;
      if (depth === 2 && inItems) itemAt(itemStart, offset + 1);
      else if (depth === 1) expectKey = false;
    }
  };

  try {
    for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
      tokenizer.write(bytes.subarray(at, at + CHUNK_BYTES));
    tokenizer.end();
  } catch (error) {
    // Offsets in errors, as in items, count from the start of the input.
    if (error instanceof JsonListError)
      throw new JsonListError(error.message, error.offset + bom);
    throw new JsonListError(
      `invalid JSON (${(error as Error).message})`,
      lastOffset + bom,
    );
  }
  if (depth !== 0)
    throw new JsonListError('unexpected end of JSON', lastOffset + bom);
  return list;
}

/** The 1-based line of a byte offset (for an error: counts from the start). */
export function lineOfOffset(input: Uint8Array, offset: number): number {
  return new LineCounter(
    Buffer.from(input.buffer, input.byteOffset, input.byteLength),
  ).lineAt(offset);
}
