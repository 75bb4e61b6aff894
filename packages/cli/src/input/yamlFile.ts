/**
 * Reads a small YAML file the CLI is configured by (`--config`, `clusters.yaml`) into a
 * document and its value. Every problem is a one-line UsageError naming the file (and line and
 * column where known): a missing file, a folder, binary or non-UTF-8 content, a syntax error, an
 * unresolved alias or an alias bomb.
 */
import fs from 'node:fs';
import YAML, { LineCounter } from 'yaml';
import { UsageError } from '../exitCodes';
import { decodeText, firstLineOf } from './parseManifests';

/** @public */
export interface YamlFile {
  document: YAML.Document;
  lineCounter: LineCounter;
  /** The document as plain data (null when it is empty). */
  value: unknown;
}

function readProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'a folder, not a file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return code ?? (error as Error).message;
}

/**
 * `file` is read, `display` names it in messages, `what` says what it is for
 * ("config": `x.yaml: cannot read config (no such file)`).
 */
export function readYamlFile(
  file: string,
  display: string,
  what: string,
): YamlFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    throw new UsageError(`${display}: cannot read ${what} (${readProblem(e)})`);
  }
  const text = decodeText(bytes, display);
  const lineCounter = new LineCounter();
  const document = YAML.parseDocument(text, {
    lineCounter,
    prettyErrors: true,
  });
  const [error] = document.errors;
  if (error) {
    const [start] = error.linePos ?? [];
    throw new UsageError(
      `${display}${
        start ? `:${start.line}:${start.col}` : ''
      }: invalid YAML: ${firstLineOf(error.message)}`,
    );
  }
  let value: unknown;
  try {
    value = document.toJS();
  } catch (e) {
    // An unresolved alias, an alias bomb (too many expansions), nesting too deep for the stack.
    throw new UsageError(
      `${display}: invalid YAML: ${firstLineOf((e as Error).message)}`,
    );
  }
  return { document, lineCounter, value };
}
