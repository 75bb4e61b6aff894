/**
 * Generates the example cluster dumps (examples/clusters/), the demo catalog
 * (examples/entities.yaml) and the object-count table in
 * examples/clusters/README.md. Deterministic: run it twice, get the same bytes.
 *
 *   node_modules/.bin/tsx examples/generator/generate.ts
 */
import path from 'node:path';
import { generateAll } from './build';

const examples = path.resolve(__dirname, '..');
const { summary } = generateAll(examples);
for (const s of summary) {
  console.log(
    `${s.cluster}: ${s.total} objects in ${Object.keys(s.files).length} files`,
  );
  console.log(
    `  ${Object.entries(s.kinds)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
}
console.log(
  `wrote ${
    path.relative(process.cwd(), examples) || '.'
  }/{clusters/,entities.yaml}`,
);
