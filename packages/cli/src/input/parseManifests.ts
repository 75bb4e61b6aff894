/**
 * Turns the bytes of one input (a file or stdin) into Kubernetes objects, each with the line it
 * starts on: multi-document YAML, JSON, `kind: List` / `<Kind>List` (`kubectl get -o yaml|json`
 * dumps) and top-level arrays. Anything that is not a Kubernetes object is a UsageError naming
 * the file and line: the scan would otherwise silently judge less than the user gave it.
 */
import {
  findNodeAtLocation,
  Node as JsonNode,
  parseTree,
  visit,
} from 'jsonc-parser';
import YAML, { LineCounter, Node as YamlNode } from 'yaml';
import {
  resourceTypeOf,
  shapeProblemOf,
} from '@ha-posture/plugin-ha-posture-node';
import { UsageError } from '../exitCodes';

/** Where an object was read from: a display path (or `<stdin>`) and a 1-based line. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** @public */
export interface LoadedObject {
  object: Record<string, any>;
  location: SourceLocation;
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes UTF-8 text (a BOM is dropped). NUL bytes mean a binary file (or UTF-16, which
 * kubectl never writes): reported as such rather than as a confusing YAML error.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes.includes(0)) {
    throw new UsageError(
      `${file}: binary content (NUL bytes), expected YAML or JSON text`,
    );
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new UsageError(
      `${file}: not valid UTF-8 text, expected YAML or JSON`,
    );
  }
}

/** `yaml` messages repeat the position and a code excerpt after the first line; we print our own. */
function firstLineOf(message: string): string {
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

/** A value's place in a parsed document: keys and indexes from the root. */
type ValuePath = Array<string | number>;

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
 * Lines of a JSON text by jsonc-parser's scanner (JSON.parse gives no positions): one pass that
 * records where shallow values start and skips the inside of deeper objects and arrays.
 */
function jsonLines(text: string): LineIndex {
  const recorded = new Map<string, number>();
  const keyOf = (path: ValuePath) => JSON.stringify(path);
  let depth = 0;
  const record = (path: () => ValuePath, line: number) => {
    if (depth <= RECORDED_DEPTH) recorded.set(keyOf(path()), line + 1);
  };
  const open = (
    _offset: number,
    _length: number,
    line: number,
    _column: number,
    path: () => ValuePath,
  ) => {
    record(path, line);
    depth++;
    return depth <= RECORDED_DEPTH;
  };
  const close = () => {
    depth--;
  };
  visit(
    text,
    {
      onObjectBegin: open,
      onArrayBegin: open,
      onObjectEnd: close,
      onArrayEnd: close,
      onLiteralValue: (_value, _offset, _length, line, _column, path) =>
        record(path, line),
    },
    { disallowComments: true },
  );
  let tree: JsonNode | undefined;
  return {
    lineOf(path, fallback) {
      const known = recorded.get(keyOf(path));
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
  ) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        const itemPath = [...path, i];
        visitValue(item, itemPath, lines.lineOf(itemPath, line), inherited);
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
      visitValue(
        value.items,
        itemsPath,
        lines.lineOf(itemsPath, line),
        itemKind ? { apiVersion: value.apiVersion, kind: itemKind } : undefined,
      );
      return;
    }
    const object = inherited
      ? { apiVersion: inherited.apiVersion, kind: inherited.kind, ...value }
      : value;
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
    // A field of the wrong type (`replicas: "3"`) would be misjudged: stop at its line.
    const type =
      object.kind === 'Secret'
        ? undefined
        : resourceTypeOf(object.apiVersion, object.kind);
    const problem = type && shapeProblemOf(type.key, object);
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

/**
 * Parses one input text. Empty documents are skipped (`---` separators, trailing `---`);
 * everything else must be a Kubernetes object with apiVersion, kind and metadata.name.
 */
export function parseManifests(text: string, file: string): LoadedObject[] {
  const json = parseJson(text, file);
  if (json) return json;
  const lineCounter = new LineCounter();
  const documents = YAML.parseAllDocuments(text, {
    lineCounter,
    prettyErrors: true,
  });
  const out: LoadedObject[] = [];
  for (const document of documents) {
    const lines = yamlLines(document, lineCounter);
    const error = document.errors[0];
    if (error) {
      const [start] = error.linePos ?? [];
      const position = start ? `:${start.line}:${start.col}` : '';
      const language = looksLikeJson(text) ? 'JSON or YAML' : 'YAML';
      throw new UsageError(
        `${file}${position}: invalid ${language}: ${firstLineOf(
          error.message,
        )}`,
      );
    }
    let value: unknown;
    try {
      value = document.toJS();
    } catch (e) {
      // e.g. an alias bomb (too many alias expansions) or an unresolved alias.
      throw new UsageError(
        `${file}:${lines.lineOf([], 1)}: invalid YAML: ${firstLineOf(
          (e as Error).message,
        )}`,
      );
    }
    objectsOf(value, lines, file, out);
  }
  return out;
}
