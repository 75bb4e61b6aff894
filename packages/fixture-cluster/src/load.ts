/**
 * Reading cluster dumps: `clusters.yaml` (which clusters exist and how they are
 * served) and each cluster's folder of `kubectl get -o yaml` style files.
 * Secrets are dropped here, so they never reach memory the server reads from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FixtureConfigError } from './errors';
import { parseYamlDocuments, readDocuments, readYamlFile } from './yamlFiles';

export type ClusterVersionInfo = {
  major?: string;
  minor?: string;
  gitVersion?: string;
  platform?: string;
  [field: string]: unknown;
};

export type ClusterSpec = {
  name: string;
  title?: string;
  /** 0 (or absent) = a random free port. */
  port?: number;
  /** RFC3339: when the dump was taken; the reference point for time shifting. */
  capturedAt?: string;
  /** Served at /version (missing fields are filled in). */
  version?: ClusterVersionInfo;
  /** When set, requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** The cluster's objects (Lists already flattened or not; Secrets are dropped). */
  objects?: unknown[];
};

export type ParsedManifests = { objects: any[]; warnings: string[] };

const isRecord = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Flattens documents into objects: `kind: List` (or `<Kind>List`) documents
 * contribute their items; items without kind/apiVersion inherit them from a
 * typed list. Secrets and malformed entries are left out (malformed with a warning).
 */
function flattenObjects(
  docs: unknown[],
  source: string,
): ParsedManifests {
  const objects: any[] = [];
  const warnings: string[] = [];
  const visit = (
    doc: unknown,
    inherited?: { apiVersion?: string; kind?: string },
  ) => {
    if (doc === null || doc === undefined) return;
    if (Array.isArray(doc)) {
      doc.forEach(d => visit(d, inherited));
      return;
    }
    if (!isRecord(doc)) {
      warnings.push(`${source}: skipped a document that is not an object`);
      return;
    }
    if (
      typeof doc.kind === 'string' &&
      doc.kind.endsWith('List') &&
      Array.isArray(doc.items)
    ) {
      const itemKind =
        doc.kind === 'List' ? undefined : doc.kind.slice(0, -'List'.length);
      doc.items.forEach((item: unknown) =>
        visit(
          item,
          itemKind ? { apiVersion: doc.apiVersion, kind: itemKind } : undefined,
        ),
      );
      return;
    }
    const obj = inherited
      ? { apiVersion: inherited.apiVersion, kind: inherited.kind, ...doc }
      : doc;
    if (obj.kind === 'Secret') return;
    if (
      typeof obj.apiVersion !== 'string' ||
      typeof obj.kind !== 'string' ||
      typeof obj.metadata?.name !== 'string'
    ) {
      warnings.push(
        `${source}: skipped an object without apiVersion, kind or metadata.name`,
      );
      return;
    }
    objects.push(obj);
  };
  visit(docs);
  return { objects, warnings };
}

/** Parses one YAML/JSON text (possibly multi-document). */
export function parseManifests(text: string, source: string): ParsedManifests {
  return flattenObjects(parseYamlDocuments(text, source), source);
}

function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...manifestFiles(full));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** All objects in a folder of dumps (recursively; *.yaml, *.yml, *.json). */
export function loadObjectsDir(dir: string): ParsedManifests {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new FixtureConfigError(`cluster folder not found: ${dir}`);
  }
  const objects: any[] = [];
  const warnings: string[] = [];
  for (const file of manifestFiles(dir)) {
    const parsed = flattenObjects(readDocuments(file), file);
    objects.push(...parsed.objects);
    warnings.push(...parsed.warnings);
  }
  return { objects, warnings };
}

function validateClusterEntry(
  entry: unknown,
  index: number,
  file: string,
): ClusterSpec {
  const where = `${file}: clusters[${index}]`;
  if (!isRecord(entry))
    throw new FixtureConfigError(`${where} is not a mapping`);
  const { name, title, port, capturedAt, version, token } = entry;
  if (
    typeof name !== 'string' ||
    !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name)
  ) {
    throw new FixtureConfigError(
      `${where}.name must be a lowercase DNS-style name`,
    );
  }
  if (title !== undefined && typeof title !== 'string') {
    throw new FixtureConfigError(`${where}.title must be a string`);
  }
  if (
    port !== undefined &&
    (!Number.isInteger(port) || port < 0 || port > 65535)
  ) {
    throw new FixtureConfigError(
      `${where}.port must be an integer between 0 and 65535`,
    );
  }
  const captured =
    capturedAt instanceof Date ? capturedAt.toISOString() : capturedAt;
  if (
    captured !== undefined &&
    (typeof captured !== 'string' || Number.isNaN(Date.parse(captured)))
  ) {
    throw new FixtureConfigError(
      `${where}.capturedAt must be an RFC3339 timestamp`,
    );
  }
  if (version !== undefined && !isRecord(version)) {
    throw new FixtureConfigError(`${where}.version must be a mapping`);
  }
  if (token !== undefined && typeof token !== 'string') {
    throw new FixtureConfigError(`${where}.token must be a string`);
  }
  return {
    name,
    ...(title !== undefined ? { title } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(captured !== undefined ? { capturedAt: captured } : {}),
    ...(version !== undefined
      ? {
          version: Object.fromEntries(
            Object.entries(version).map(([k, v]) => [
              k,
              typeof v === 'number' ? String(v) : v,
            ]),
          ),
        }
      : {}),
    ...(token !== undefined ? { token } : {}),
  };
}

export type LoadedClusters = { clusters: ClusterSpec[]; warnings: string[] };

/**
 * Reads `<dir>/clusters.yaml` and every listed cluster's folder `<dir>/<name>/`.
 * `only` restricts loading to the named clusters (unknown names are an error).
 */
export function loadClustersDir(
  dir: string,
  opts: { only?: string[] } = {},
): LoadedClusters {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new FixtureConfigError(`clusters directory not found: ${dir}`);
  }
  const file = path.join(dir, 'clusters.yaml');
  if (!fs.existsSync(file)) {
    throw new FixtureConfigError(`missing ${file}`);
  }
  const doc = readYamlFile(file);
  if (!isRecord(doc) || !Array.isArray(doc.clusters)) {
    throw new FixtureConfigError(
      `${file}: expected a top-level 'clusters:' list`,
    );
  }
  const entries = doc.clusters.map((e: unknown, i: number) =>
    validateClusterEntry(e, i, file),
  );
  const names = new Set(entries.map(e => e.name));
  const unknown = (opts.only ?? []).filter(n => !names.has(n));
  if (unknown.length > 0) {
    throw new FixtureConfigError(
      `unknown cluster(s) ${unknown.join(', ')}; ${file} defines ${[
        ...names,
      ].join(', ')}`,
    );
  }
  const selected = opts.only
    ? entries.filter(e => opts.only!.includes(e.name))
    : entries;
  const warnings: string[] = [];
  const clusters = selected.map(entry => {
    const parsed = loadObjectsDir(path.join(dir, entry.name));
    warnings.push(...parsed.warnings);
    return { ...entry, objects: parsed.objects };
  });
  return { clusters, warnings };
}
