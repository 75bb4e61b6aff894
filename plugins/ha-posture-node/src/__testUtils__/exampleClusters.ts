import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository's example clusters (examples/clusters/<name>/*.yaml), as the demo serves them. */
const EXAMPLES_DIR = path.resolve(__dirname, '../../../../examples/clusters');

/** Names of the example clusters, sorted. */
export const EXAMPLE_CLUSTERS: string[] = fs
  .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort();

/** Every object of one example cluster, in file order. */
export function loadExampleCluster(name: string): unknown[] {
  const dir = path.join(EXAMPLES_DIR, name);
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
        .map(doc => doc.toJS())
        .filter(Boolean),
    );
}
