/** Builds every cluster and writes all generated files under an examples directory. */
import path from 'node:path';
import { CLUSTERS } from './clusters';
import { writeEntities } from './entities';
import { Cluster } from './lib/cluster';
import { writeCounts } from './readme';
import { countKinds, writeCluster, writeClustersIndex } from './write';

export interface Summary {
  cluster: string;
  total: number;
  files: Record<string, number>;
  kinds: Record<string, number>;
}

export function generateAll(examplesDir: string): {
  clusters: Cluster[];
  summary: Summary[];
} {
  const outDir = path.join(examplesDir, 'clusters');
  const clusters = CLUSTERS.map(build => build());
  const summary = clusters.map(c => {
    const files = writeCluster(c, outDir);
    return {
      cluster: c.name,
      total: c.objects.length,
      files,
      kinds: countKinds(c),
    };
  });
  writeClustersIndex(clusters, outDir);
  writeEntities(path.join(examplesDir, 'entities.yaml'), clusters);
  writeCounts(path.join(outDir, 'README.md'), summary);
  return { clusters, summary };
}
