/**
 * `clusters.yaml`: the file at the root of a folder of cluster dumps (like examples/clusters/)
 * that lists the clusters, one sub-folder each, with facts the dumps cannot show: title,
 * region, managed-control-plane location, when the dump was captured, the server version.
 *
 * ```yaml
 * clusters:
 *   - name: prod-eu            # the sub-folder prod-eu/ holds its objects
 *     title: Production EU
 *     region: eu-west-1
 *     location: europe-west1   # GKE: a region = regional control plane, a zone = zonal
 *     capturedAt: 2025-01-15T10:00:00Z
 *     version: { gitVersion: v1.31.4-eks-2d5f260, platform: linux/amd64 }
 * ```
 * Other keys (the fixture server's `port`, `token`) are allowed and ignored here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../exitCodes';
import { readIsoTimestamp } from '../isoTimestamp';
import { readYamlFile } from './yamlFile';

/** The manifest's file name. @public */
export const CLUSTERS_MANIFEST = 'clusters.yaml';

/** One listed cluster. @public */
export interface ClusterEntry {
  name: string;
  title?: string;
  region?: string;
  location?: string;
  /** ISO 8601; the scan's `now` for this cluster. */
  capturedAt?: string;
  version?: { gitVersion?: string; platform?: string };
}

const isRecord = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(
  entry: Record<string, any>,
  key: string,
  where: string,
): string | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '')
    throw new UsageError(`${where}.${key} must be a non-empty string`);
  return value;
}

function validateEntry(entry: unknown, where: string): ClusterEntry {
  if (!isRecord(entry))
    throw new UsageError(`${where} must be a mapping with at least a name`);
  const name = optionalString(entry, 'name', where);
  // The name is a folder name: no separators, no way out of the manifest's folder.
  if (
    !name ||
    name.includes('/') ||
    name.includes('\\') ||
    name === '.' ||
    name === '..'
  ) {
    throw new UsageError(`${where}.name must be the name of a sub-folder`);
  }
  const capturedAt = optionalString(entry, 'capturedAt', where);
  const captured =
    capturedAt === undefined ? undefined : readIsoTimestamp(capturedAt);
  if (captured?.problem !== undefined) {
    throw new UsageError(
      `${where}.capturedAt must be an ISO 8601 timestamp, got "${capturedAt}" (${captured.problem})`,
    );
  }
  const version = entry.version;
  if (version !== undefined && !isRecord(version))
    throw new UsageError(`${where}.version must be a mapping`);
  const result: ClusterEntry = { name };
  const title = optionalString(entry, 'title', where);
  const region = optionalString(entry, 'region', where);
  const location = optionalString(entry, 'location', where);
  if (title) result.title = title;
  if (region) result.region = region;
  if (location) result.location = location;
  if (captured?.iso) result.capturedAt = captured.iso;
  if (version) {
    const gitVersion = optionalString(
      version,
      'gitVersion',
      `${where}.version`,
    );
    const platform = optionalString(version, 'platform', `${where}.version`);
    result.version = {
      ...(gitVersion ? { gitVersion } : {}),
      ...(platform ? { platform } : {}),
    };
  }
  return result;
}

/**
 * Reads and validates `<dir>/clusters.yaml`; undefined when the folder has none, or when it has
 * one without a `clusters:` list and `foreignFileIsError` is false (another tool's file).
 * `displayDir` is how the folder is named in messages.
 * @public
 */
export function readClustersManifest(
  dir: string,
  displayDir: string,
  foreignFileIsError = true,
): ClusterEntry[] | undefined {
  const file = path.join(dir, CLUSTERS_MANIFEST);
  if (!fs.existsSync(file)) return undefined;
  const display = path.join(displayDir, CLUSTERS_MANIFEST);
  const content = readYamlFile(file, display, 'clusters list').value;
  if (!isRecord(content) || !Array.isArray(content.clusters)) {
    if (!foreignFileIsError) return undefined;
    throw new UsageError(`${display}: expected a top-level "clusters:" list`);
  }
  const entries = content.clusters.map((entry: unknown, i: number) =>
    validateEntry(entry, `${display}: clusters[${i}]`),
  );
  const seen = new Set<string>();
  for (const entry of entries) {
    if (seen.has(entry.name))
      throw new UsageError(
        `${display}: cluster "${entry.name}" is listed twice`,
      );
    seen.add(entry.name);
  }
  return entries;
}

/**
 * The entry describing a cluster folder, from the clusters.yaml of its parent folder: scanning
 * `examples/clusters/gke-prod` alone still knows its location and capture time.
 * @public
 */
export function entryForClusterFolder(
  dir: string,
  displayDir: string,
): ClusterEntry | undefined {
  const parent = path.dirname(path.resolve(dir));
  const entries = readClustersManifest(parent, path.dirname(displayDir), false);
  const name = path.basename(path.resolve(dir));
  return entries?.find(entry => entry.name === name);
}
