/**
 * Reads the scan's PATH arguments (files, folders, `-` for stdin) and groups the objects into
 * clusters. The rule (documented in the README):
 * - each PATH is one cluster, named after the file (without extension) or the folder;
 * - a folder is read recursively (*.yaml, *.yml, *.json; dot-files skipped);
 * - a folder with a `clusters.yaml` listing clusters is a fleet: one cluster per listed
 *   sub-folder, with the metadata of its entry;
 * - a cluster folder listed in its parent's `clusters.yaml` takes the metadata of that entry;
 * - `--cluster NAME` merges every PATH into one cluster named NAME (a fleet cannot be merged).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ClusterInfo } from '@ha-posture/plugin-ha-posture-node';
import { UsageError } from '../exitCodes';
import {
  ClusterEntry,
  entryForClusterFolder,
  readClustersManifest,
} from './clustersManifest';
import { LoadedObject, parseManifestBytes } from './parseManifests';

/** The objects of one cluster and what is known about it. @public */
export interface ClusterInput {
  cluster: ClusterInfo;
  /** From clusters.yaml `capturedAt`: the cluster's clock when it was dumped. */
  now?: string;
  version?: { gitVersion?: string; platform?: string };
  objects: LoadedObject[];
  /** The PATH arguments (or `-`) the objects came from. */
  inputs: string[];
}

/** @public */
export interface LoadInputsOptions {
  /** `--cluster NAME`. */
  clusterName?: string;
  /** Reads stdin to the end (injected by tests). */
  readStdin: () => Promise<Uint8Array>;
}

/** The display name of stdin in messages and locations. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

function describeFsError(display: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new UsageError(`${display}: no such file or directory`);
  if (code === 'EACCES' || code === 'EPERM')
    return new UsageError(`${display}: permission denied`);
  return new UsageError(
    `${display}: cannot read (${code ?? (error as Error).message})`,
  );
}

function statOf(target: string, display: string): fs.Stats {
  try {
    return fs.statSync(target);
  } catch (e) {
    throw describeFsError(display, e);
  }
}

/** Manifest files under `dir`, sorted, as display paths; symlinked folder loops are followed once. */
function manifestFilesIn(
  dir: string,
  display: string,
  visited = new Set<string>(),
): string[] {
  const real = fs.realpathSync(dir);
  if (visited.has(real)) return [];
  visited.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw describeFsError(display, e);
  }
  const files: string[] = [];
  for (const entry of [...entries].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const shown = path.join(display, entry.name);
    const isDirectory =
      entry.isDirectory() ||
      (entry.isSymbolicLink() && statOf(full, shown).isDirectory());
    if (isDirectory) files.push(...manifestFilesIn(full, shown, visited));
    else if (MANIFEST_FILE.test(entry.name)) files.push(shown);
  }
  return files;
}

function readManifestFile(display: string): LoadedObject[] {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(display);
  } catch (e) {
    throw describeFsError(display, e);
  }
  return parseManifestBytes(bytes, display);
}

/** One PATH's worth of clusters before `--cluster` merging. */
interface Unit {
  name: string;
  entry?: ClusterEntry;
  objects: LoadedObject[];
  input: string;
  fleet: boolean;
}

function folderUnits(dir: string): Unit[] {
  const fleet = readClustersManifest(dir, dir);
  if (!fleet) {
    const files = manifestFilesIn(dir, dir);
    if (files.length === 0)
      throw new UsageError(
        `${dir}: no *.yaml, *.yml or *.json files in this folder`,
      );
    return [
      {
        name: path.basename(path.resolve(dir)),
        entry: entryForClusterFolder(dir, dir),
        objects: files.flatMap(readManifestFile),
        input: dir,
        fleet: false,
      },
    ];
  }
  if (fleet.length === 0)
    throw new UsageError(
      `${path.join(dir, 'clusters.yaml')}: the clusters list is empty`,
    );
  return fleet.map(entry => {
    const folder = path.join(dir, entry.name);
    if (!fs.existsSync(folder) || !statOf(folder, folder).isDirectory()) {
      throw new UsageError(
        `${folder}: folder of cluster "${entry.name}" (listed in ${path.join(
          dir,
          'clusters.yaml',
        )}) not found`,
      );
    }
    return {
      name: entry.name,
      entry,
      objects: manifestFilesIn(folder, folder).flatMap(readManifestFile),
      input: folder,
      fleet: true,
    };
  });
}

function toClusterInput(
  name: string,
  entry: ClusterEntry | undefined,
  objects: LoadedObject[],
  inputs: string[],
): ClusterInput {
  if (objects.length === 0)
    throw new UsageError(`${inputs.join(', ')}: no Kubernetes objects found`);
  const cluster: ClusterInfo = { name };
  if (entry?.title) cluster.title = entry.title;
  if (entry?.region) cluster.region = entry.region;
  if (entry?.location) cluster.location = entry.location;
  return {
    cluster,
    ...(entry?.capturedAt ? { now: entry.capturedAt } : {}),
    ...(entry?.version ? { version: entry.version } : {}),
    objects,
    inputs,
  };
}

/**
 * Loads every PATH (see the rule above). Throws UsageError for missing or unreadable paths,
 * invalid or binary files, documents that are not Kubernetes objects, and empty input.
 * @public
 */
export async function loadInputs(
  paths: string[],
  options: LoadInputsOptions,
): Promise<ClusterInput[]> {
  if (paths.length === 0)
    throw new UsageError(
      'no input: give one or more files or folders, or - to read stdin',
    );
  if (paths.filter(p => p === '-').length > 1)
    throw new UsageError('- (stdin) can be given only once');

  const units: Unit[] = [];
  for (const input of paths) {
    if (input === '-') {
      const bytes = await options.readStdin();
      units.push({
        name: 'stdin',
        objects: parseManifestBytes(bytes, STDIN_NAME),
        input: STDIN_NAME,
        fleet: false,
      });
    } else if (statOf(input, input).isDirectory()) {
      units.push(...folderUnits(input));
    } else {
      const name = path.basename(input).replace(MANIFEST_FILE, '');
      units.push({
        name,
        objects: readManifestFile(input),
        input,
        fleet: false,
      });
    }
  }

  if (options.clusterName !== undefined) {
    const fleet = units.find(unit => unit.fleet);
    if (fleet) {
      throw new UsageError(
        `--cluster cannot merge the clusters listed in ${path.dirname(
          fleet.input,
        )}/clusters.yaml; scan one of its folders instead (e.g. ${
          fleet.input
        })`,
      );
    }
    // A single folder keeps what clusters.yaml says about it; merged inputs have no one entry.
    const entry = units.length === 1 ? units[0].entry : undefined;
    return [
      toClusterInput(
        options.clusterName,
        entry,
        units.flatMap(unit => unit.objects),
        units.map(unit => unit.input),
      ),
    ];
  }

  const byName = new Map<string, Unit>();
  for (const unit of units) {
    const other = byName.get(unit.name);
    if (other) {
      throw new UsageError(
        `${other.input} and ${unit.input} would both be cluster "${unit.name}": scan them separately, or merge them with --cluster NAME`,
      );
    }
    byName.set(unit.name, unit);
  }
  return units.map(unit =>
    toClusterInput(unit.name, unit.entry, unit.objects, [unit.input]),
  );
}
