/**
 * Turns the bytes of one input (a file or stdin) into Kubernetes objects, each with the line it
 * starts on: multi-document YAML, JSON, `kind: List` / `<Kind>List` (`kubectl get -o yaml|json`
 * dumps) and top-level arrays. Anything that is not a Kubernetes object is a UsageError naming
 * the file and line: the scan would otherwise silently judge less than the user gave it. Kustomize
 * files are passed on as they are, for the engine to ignore (see kustomizeFiles.ts).
 */
import { findNodeAtLocation, Node as JsonNode, parseTree } from 'jsonc-parser';
import { constants as bufferConstants } from 'node:buffer';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import YAML, { LineCounter, Node as YamlNode } from 'yaml';
import {
  apiVersionProblemOf,
  resourceTypeOf,
  shapeProblemOf,
} from '@ha-posture/plugin-ha-posture-node';
import { UsageError } from '../exitCodes';
import {
  bomLength,
  JsonListError,
  lineOfOffset,
  readJsonList,
} from './jsonListItems';
import { jsonValueLines, pathKey, ValuePath } from './jsonValueLines';
import { asKustomizeFile } from './kustomizeFiles';
import { ListItemText, splitListItems } from './yamlListItems';

/** Where an object was read from: a display path (or `<stdin>`) and a 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** @public */
export interface LoadedObject {
  /** With apiVersion, kind and metadata; metadata.name too, except in a kustomize file. */
  object: Record<string, any>;
  location: SourceLocation;
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** ASCII in the first two UTF-16 code units, in either byte order: UTF-16 without a BOM. */
function looksLikeBomlessUtf16(bytes: Uint8Array): boolean {
  if (bytes.length < 4) return false;
  const ascii = (byte: number) => byte >= 0x09 && byte < 0x7f;
  const le = ascii(bytes[0]) && !bytes[1] && ascii(bytes[2]) && !bytes[3];
  const be = !bytes[0] && ascii(bytes[1]) && !bytes[2] && ascii(bytes[3]);
  return le || be;
}

/**
 * NUL bytes mean a binary file (or UTF-16 without a byte order mark, which cannot be told
 * apart reliably): reported as such rather than as a confusing YAML or JSON error.
 */
function rejectBinary(bytes: Uint8Array, file: string): void {
  if (bytes.includes(0)) {
    throw new UsageError(
      looksLikeBomlessUtf16(bytes)
        ? `${file}: UTF-16 text without a byte order mark: save it as UTF-8 (or UTF-16 with a byte order mark)`
        : `${file}: binary content (NUL bytes), expected YAML or JSON text`,
    );
  }
}

const isStringTooLong = (error: unknown) =>
  (error as { code?: string }).code === 'ERR_STRING_TOO_LONG';

function tooLongForOneString(bytes: Uint8Array, file: string): UsageError {
  return new UsageError(
    `${file}: ${Math.round(
      bytes.length / 2 ** 20,
    )} MiB of text, more than Node.js holds in one string (at most 512 MiB), and only a JSON kind: List (kubectl get -o json) is read in pieces: split the dump into files (one per kind or namespace) and scan their folder, or read the live cluster with --kubeconfig`,
  );
}

/** The encoding a UTF-16 or UTF-32 byte order mark announces (UTF-32LE's starts like UTF-16LE's). */
function encodingOfBom(
  bytes: Uint8Array,
): 'utf-16le' | 'utf-16be' | 'utf-32' | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe)
    return b2 === 0 && b3 === 0 ? 'utf-32' : 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'utf-32';
  return undefined;
}

/**
 * UTF-16 with a byte order mark is decoded (Windows PowerShell 5 writes it for
 * `kubectl get -o yaml > dump.yaml`); its NUL bytes are code units, not binary content.
 * Undefined for other input.
 */
function decodeUtf16(bytes: Uint8Array, file: string): string | undefined {
  const encoding = encodingOfBom(bytes);
  if (!encoding) return undefined;
  if (encoding === 'utf-32')
    throw new UsageError(
      `${file}: UTF-32 text, expected UTF-8 or UTF-16 (convert it: iconv -f UTF-32 -t UTF-8)`,
    );
  const name = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  let text: string;
  try {
    // The decoder drops the byte order mark (ignoreBOM is false).
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (e) {
    if (isStringTooLong(e)) throw tooLongForOneString(bytes, file);
    throw new UsageError(
      `${file}: not valid ${name} text (it starts with a ${name} byte order mark)`,
    );
  }
  if (text.includes('\0'))
    throw new UsageError(
      `${file}: binary content (NUL characters), expected YAML or JSON text`,
    );
  return text;
}

/**
 * Decodes UTF-8 text, or UTF-16 with a byte order mark (a BOM is dropped); binary content,
 * invalid UTF-8 and UTF-32 are UsageErrors.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const utf16 = decodeUtf16(bytes, file);
  if (utf16 !== undefined) return utf16;
  rejectBinary(bytes, file);
  try {
    return UTF8.decode(bytes);
  } catch (e) {
    if (isStringTooLong(e)) throw tooLongForOneString(bytes, file);
    throw new UsageError(
      `${file}: not valid UTF-8 text, expected YAML or JSON`,
    );
  }
}

/** `yaml` messages repeat the position and a code excerpt after the first line; we print our own. */
export function firstLineOf(message: string): string {
  return message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

/** A typed list (`DeploymentList`) may omit apiVersion/kind on its items: they inherit them. */
interface Inherited {
  apiVersion?: unknown;
  kind: string;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** The line each value of one parsed document starts on. */
interface LineIndex {
  lineOf(path: ValuePath, fallback: number): number;
}

function yamlLines(
  document: YAML.Document,
  lineCounter: LineCounter,
): LineIndex {
  return {
    lineOf(path, fallback) {
      const node = (
        path.length === 0 ? document.contents : document.getIn(path, true)
      ) as YamlNode | null | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
    },
  };
}

/**
 * Lists and arrays nest objects at most this deep (an array of Lists: `[i, 'items', j]`); the
 * lines of shallower values are recorded in one pass, deeper ones (a field, only for an error)
 * looked up when asked.
 */
const RECORDED_DEPTH = 3;

/**
 * Lines of a JSON text: those of shallow values from one quick scan (jsonValueLines), deeper ones
 * (a field, only for an error) from jsonc-parser's tree when asked.
 */
function jsonLines(text: string): LineIndex {
  const recorded = jsonValueLines(text, RECORDED_DEPTH);
  let tree: JsonNode | undefined;
  return {
    lineOf(path, fallback) {
      const known = recorded.get(pathKey(path));
      if (known !== undefined) return known;
      tree ??= parseTree(text);
      const node = tree && findNodeAtLocation(tree, path);
      if (!node) return fallback;
      // An error's field only: counting lines up to it once is cheap enough.
      return text.slice(0, node.offset).split('\n').length;
    },
  };
}

/** Every Kubernetes object in one parsed document (Lists and arrays flattened), with its line. */
function objectsOf(
  root: unknown,
  lines: LineIndex,
  file: string,
  out: LoadedObject[],
): void {
  const visitValue = (
    value: unknown,
    path: ValuePath,
    line: number,
    inherited?: Inherited,
    label = '',
  ) => {
    // An empty document (a stray `---`); inside a list, null is an entry that is not an object.
    if ((value === null || value === undefined) && path.length === 0) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const itemPath = [...path, i];
        const itemLine = lines.lineOf(itemPath, line);
        const itemLabel = `${label}[${i}]`;
        // Lists hold objects (or, at the top, Lists): a list in a list, a scalar or null would
        // otherwise be flattened or skipped without a word.
        if (!isRecord(item)) {
          throw new UsageError(
            `${file}:${itemLine}: ${itemLabel}: expected a Kubernetes object, found ${describeValue(
              item,
            )}`,
          );
        }
        visitValue(item, itemPath, itemLine, inherited, itemLabel);
      });
      return;
    }
    const where = `${file}:${line}`;
    if (!isRecord(value)) {
      throw new UsageError(
        `${where}: expected a Kubernetes object, found ${describeValue(value)}`,
      );
    }
    if (
      typeof value.kind === 'string' &&
      value.kind.endsWith('List') &&
      'items' in value
    ) {
      if (value.items !== null && !Array.isArray(value.items)) {
        throw new UsageError(`${where}: ${value.kind}.items must be a list`);
      }
      const itemKind =
        value.kind === 'List' ? undefined : value.kind.slice(0, -'List'.length);
      const itemsPath = [...path, 'items'];
      if (value.items === null) return;
      visitValue(
        value.items,
        itemsPath,
        lines.lineOf(itemsPath, line),
        itemKind ? { apiVersion: value.apiVersion, kind: itemKind } : undefined,
        `${label ? `${label}.` : ''}${value.kind}.items`,
      );
      return;
    }
    const object = inherited
      ? { apiVersion: inherited.apiVersion, kind: inherited.kind, ...value }
      : value;
    const kustomizeFile = asKustomizeFile(object, file);
    if (kustomizeFile) {
      out.push({ object: kustomizeFile, location: { file, line } });
      return;
    }
    if (
      typeof object.apiVersion !== 'string' ||
      typeof object.kind !== 'string'
    ) {
      throw new UsageError(
        `${where}: document without apiVersion and kind (not a Kubernetes object)`,
      );
    }
    if (
      !isRecord(object.metadata) ||
      typeof object.metadata.name !== 'string' ||
      object.metadata.name === ''
    ) {
      throw new UsageError(`${where}: ${object.kind} without metadata.name`);
    }
    // A field of the wrong type (`replicas: "3"`), a label the API server would refuse or a
    // version the engine does not read (`apps/v9`) would be misjudged: stop at its line.
    const type =
      object.kind === 'Secret'
        ? undefined
        : resourceTypeOf(object.apiVersion, object.kind);
    const problem =
      type &&
      (apiVersionProblemOf(type, object) ?? shapeProblemOf(type.key, object));
    if (problem) {
      throw new UsageError(
        `${file}:${lines.lineOf([...path, ...problem.segments], line)}: ${
          problem.object
        }: ${problem.message}`,
      );
    }
    out.push({ object, location: { file, line } });
  };
  visitValue(root, [], lines.lineOf([], 1));
}

/**
 * A whole JSON text (`kubectl get -o json`), parsed by JSON.parse: many times faster than a YAML
 * parser on a cluster dump of hundreds of megabytes. Undefined when the text is not one JSON value
 * (e.g. YAML flow style, or JSON with an error): the YAML parser then reads it, or names the error.
 */
function looksLikeJson(text: string): boolean {
  const first = text.trimStart()[0];
  return first === '{' || first === '[';
}

function parseJson(text: string, file: string): LoadedObject[] | undefined {
  if (!looksLikeJson(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: LoadedObject[] = [];
  objectsOf(value, jsonLines(text), file, out);
  return out;
}

/** The first syntax error of a parsed YAML document, as a UsageError (lines `lineOffset` further down). */
function syntaxError(
  document: YAML.Document,
  text: string,
  file: string,
  lineOffset = 0,
): UsageError | undefined {
  const error = document.errors[0];
  if (!error) return undefined;
  const [start] = error.linePos ?? [];
  const position = start ? `:${start.line + lineOffset}:${start.col}` : '';
  const language = looksLikeJson(text) ? 'JSON or YAML' : 'YAML';
  return new UsageError(
    `${file}${position}: invalid ${language}: ${firstLineOf(error.message)}`,
  );
}

function documentValue(
  document: YAML.Document,
  file: string,
  line: number,
): unknown {
  try {
    return document.toJS();
  } catch (e) {
    // e.g. an alias bomb (too many alias expansions) or an unresolved alias.
    throw new UsageError(
      `${file}:${line}: invalid YAML: ${firstLineOf((e as Error).message)}`,
    );
  }
}

/**
 * Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml), where `<<: *base` merges a mapping
 * in; `yaml` reads YAML 1.2, which has no merge keys, unless asked.
 */
const YAML_OPTIONS = { merge: true, prettyErrors: true } as const;

/**
 * `*name` where a node may start, or a `<<` key; a false hit (a quoted cron schedule) only costs
 * speed.
 */
const MAY_HOLD_ALIAS_OR_MERGE = /(?:^|[\s[{,])(?:\*[^\s,[\]{}]|<<\s*:)/m;

/**
 * One List item's value. js-yaml reads it (with its core schema: the same YAML 1.2 scalars as
 * `yaml`'s default), about ten times faster than `yaml`, which pays for the positions it keeps;
 * the item's line is already known. What js-yaml rejects is read again by `yaml`, whose message
 * and position are reported. Undefined when the item refers to an anchor outside itself.
 */
function listItemValue(
  item: ListItemText,
  text: string,
  file: string,
): { value: unknown } | undefined {
  // js-yaml shares an alias's value where `yaml` counts expansions (an alias bomb is refused),
  // and its core schema has no merge keys: an item that may hold either is read by `yaml` alone.
  if (!MAY_HOLD_ALIAS_OR_MERGE.test(item.text)) {
    try {
      // The entry `- …` is a one-item sequence: its value is the item.
      return {
        value: (loadYaml(item.text, { schema: CORE_SCHEMA }) as unknown[])[0],
      };
    } catch {
      // Read again below.
    }
  }
  const document = YAML.parseDocument(item.text, YAML_OPTIONS);
  if (refersOutside(document)) return undefined;
  const error = syntaxError(document, text, file, item.line - 1);
  if (error) throw error;
  return { value: (documentValue(document, file, item.line) as unknown[])[0] };
}

/** Whether an alias of the document names an anchor it does not hold (another item's). */
function refersOutside(document: YAML.Document): boolean {
  let outside = false;
  YAML.visit(document, {
    Alias(_key, alias) {
      if (alias.resolve(document)) return undefined;
      outside = true;
      return YAML.visit.BREAK;
    },
  });
  return outside;
}

/**
 * A single `kind: List` document read item by item (see yamlListItems.ts), or undefined when it
 * must be read whole: an item refers to an anchor of another item, or the rest of the document is
 * not the mapping that holds `items:`.
 */
function parseListInPieces(
  text: string,
  file: string,
): LoadedObject[] | undefined {
  const split = looksLikeJson(text) ? undefined : splitListItems(text);
  if (!split) return undefined;
  const outlineLines = new LineCounter();
  const outline = YAML.parseDocument(split.outline, {
    ...YAML_OPTIONS,
    lineCounter: outlineLines,
  });
  let root: unknown;
  try {
    root = outline.errors.length === 0 ? outline.toJS() : undefined;
  } catch {
    // The whole-text parse names the problem.
    return undefined;
  }
  if (!isRecord(root) || (root.items !== null && root.items !== undefined))
    return undefined;

  const items: unknown[] = [];
  for (const item of split.items) {
    const read = listItemValue(item, text, file);
    if (!read) return undefined;
    items.push(read.value);
  }
  root.items = items;

  const outlineIndex = yamlLines(outline, outlineLines);
  const lines: LineIndex = {
    lineOf(path, fallback) {
      const [key, index] = path;
      const item = typeof index === 'number' ? split.items[index] : undefined;
      if (key !== 'items' || !item) return outlineIndex.lineOf(path, fallback);
      if (path.length === 2) return item.line;
      // A field inside an item (only for an error): that item is parsed again, with positions.
      const lineCounter = new LineCounter();
      const document = YAML.parseDocument(item.text, {
        ...YAML_OPTIONS,
        lineCounter,
      });
      const offset = item.line - 1;
      return (
        yamlLines(document, lineCounter).lineOf(
          [0, ...path.slice(2)],
          fallback - offset,
        ) + offset
      );
    },
  };
  const out: LoadedObject[] = [];
  objectsOf(root, lines, file, out);
  return out;
}

/** The longest input decoded as one string (in UTF-8 bytes, never fewer than characters). */
const MAX_TEXT_BYTES = bufferConstants.MAX_STRING_LENGTH;

const OPENING_BRACE = 0x7b;

function firstNonSpaceByte(bytes: Uint8Array): number | undefined {
  for (let i = bomLength(bytes); i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)
      return byte;
  }
  return undefined;
}

/**
 * A JSON `kind: List` too large for one string, read item by item (jsonListItems.ts). Lines of
 * items come from their offsets; the line of a field inside an item (for an error) from the item's
 * own text.
 */
function parseJsonListBytes(bytes: Uint8Array, file: string): LoadedObject[] {
  let list: ReturnType<typeof readJsonList>;
  try {
    list = readJsonList(bytes);
  } catch (error) {
    if (!(error instanceof JsonListError)) throw error;
    throw new UsageError(
      `${file}:${lineOfOffset(bytes, error.offset)}: ${
        error.message
      }: a file over 512 MiB is read in pieces only as a JSON kind: List (kubectl get -o json)`,
    );
  }
  if (!list.kind?.endsWith('List')) {
    throw new UsageError(
      `${file}:1: a JSON object with items but kind ${JSON.stringify(
        list.kind ?? null,
      )}: a file over 512 MiB is read in pieces only as a JSON kind: List (kubectl get -o json)`,
    );
  }
  const root = {
    apiVersion: list.apiVersion,
    kind: list.kind,
    items: list.items.map(item => item.value),
  };
  const lines: LineIndex = {
    lineOf(path, fallback) {
      if (path.length === 0) return 1;
      const item =
        path[0] === 'items' && typeof path[1] === 'number'
          ? list.items[path[1]]
          : undefined;
      if (!item) return fallback;
      if (path.length === 2) return item.line;
      const text = new TextDecoder().decode(
        bytes.subarray(item.start, item.end),
      );
      return jsonLines(text).lineOf(path.slice(2), 1) + item.line - 1;
    },
  };
  const out: LoadedObject[] = [];
  objectsOf(root, lines, file, out);
  return out;
}

/**
 * Parses one input's bytes: decoded and parsed whole (parseManifests), or, when they are more
 * than one string can hold and look like JSON, as a JSON list read in pieces.
 */
export function parseManifestBytes(
  bytes: Uint8Array,
  file: string,
  maxTextBytes: number = MAX_TEXT_BYTES,
): LoadedObject[] {
  if (
    bytes.length > maxTextBytes &&
    firstNonSpaceByte(bytes) === OPENING_BRACE
  ) {
    rejectBinary(bytes, file);
    return guardStack(file, () => parseJsonListBytes(bytes, file));
  }
  return parseManifests(decodeText(bytes, file), file);
}

/**
 * Values nested many thousands deep exhaust the stack of a recursive reader (a line lookup, a
 * shape check): an input error saying so, not an internal error.
 */
function guardStack<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message))
      throw new UsageError(
        `${file}: values nested too deeply to read (the stack ran out); Kubernetes objects nest a few dozen levels at most`,
      );
    throw e;
  }
}

/**
 * Parses one input text. Empty documents are skipped (`---` separators, trailing `---`);
 * everything else must be a Kubernetes object with apiVersion, kind and metadata.name, or a
 * kustomize file.
 */
export function parseManifests(text: string, file: string): LoadedObject[] {
  return guardStack(file, () => parseText(text, file));
}

function parseText(text: string, file: string): LoadedObject[] {
  const read = parseJson(text, file) ?? parseListInPieces(text, file);
  if (read) return read;
  const lineCounter = new LineCounter();
  const documents = YAML.parseAllDocuments(text, {
    ...YAML_OPTIONS,
    lineCounter,
  });
  const out: LoadedObject[] = [];
  for (const document of documents) {
    const lines = yamlLines(document, lineCounter);
    const error = syntaxError(document, text, file);
    if (error) throw error;
    objectsOf(
      documentValue(document, file, lines.lineOf([], 1)),
      lines,
      file,
      out,
    );
  }
  return out;
}
