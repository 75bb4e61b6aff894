/**
 * Turns the bytes of one input (a file or stdin) into Kubernetes objects, each with the line it
 * starts on: multi-document YAML, JSON, `kind: List` / `<Kind>List` (`kubectl get -o yaml|json`
 * dumps) and top-level arrays. Anything that is not a Kubernetes object is a UsageError naming
 * the file and line: the scan would otherwise silently judge less than the user gave it.
 */
import YAML, { LineCounter, Node as YamlNode, isMap, isSeq } from 'yaml';
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

/**
 * Parses one input text. Empty documents are skipped (`---` separators, trailing `---`);
 * everything else must be a Kubernetes object with apiVersion, kind and metadata.name.
 */
export function parseManifests(text: string, file: string): LoadedObject[] {
  const lineCounter = new LineCounter();
  const documents = YAML.parseAllDocuments(text, {
    lineCounter,
    prettyErrors: true,
  });
  const lineOf = (node: YamlNode | null | undefined, fallback: number) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : fallback;
  const out: LoadedObject[] = [];

  const visit = (
    value: unknown,
    node: YamlNode | null | undefined,
    line: number,
    inherited?: Inherited,
  ) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      const items = isSeq(node) ? node.items : [];
      value.forEach((item, i) =>
        visit(
          item,
          items[i] as YamlNode,
          lineOf(items[i] as YamlNode, line),
          inherited,
        ),
      );
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
      const itemsNode = isMap(node)
        ? (node.get('items', true) as YamlNode | undefined)
        : undefined;
      visit(
        value.items,
        itemsNode,
        lineOf(itemsNode, line),
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
      const field = isMap(node)
        ? (node.getIn(problem.segments, true) as YamlNode | undefined)
        : undefined;
      throw new UsageError(
        `${file}:${lineOf(field, line)}: ${problem.object}: ${problem.message}`,
      );
    }
    out.push({ object, location: { file, line } });
  };

  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const [start] = error.linePos ?? [];
      const position = start ? `:${start.line}:${start.col}` : '';
      throw new UsageError(
        `${file}${position}: invalid YAML: ${firstLineOf(error.message)}`,
      );
    }
    let value: unknown;
    try {
      value = document.toJS();
    } catch (e) {
      // e.g. an alias bomb (too many alias expansions) or an unresolved alias.
      throw new UsageError(
        `${file}:${lineOf(document.contents, 1)}: invalid YAML: ${firstLineOf(
          (e as Error).message,
        )}`,
      );
    }
    visit(value, document.contents, lineOf(document.contents, 1));
  }
  return out;
}
