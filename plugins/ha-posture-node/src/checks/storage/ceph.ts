/**
 * Ceph volumes (Rook's RBD and CephFS CSI drivers): the replication of the CephBlockPool or
 * CephFilesystem pools a StorageClass names.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { plural } from '../util';
import {
  byCopies,
  positiveInt,
  REPLICATION_RANK,
  Verdict,
} from './replication';
import { STORAGE_KEYS } from './storageKeys';

/** An erasure-coded pool that survives m lost chunks (codingChunks) is judged like m + 1 copies. */
function erasureCodedVerdict(
  erasureCoded: { dataChunks?: unknown; codingChunks: number },
  what: string,
): Verdict {
  const coding = erasureCoded.codingChunks;
  const data = erasureCoded.dataChunks;
  const shape =
    typeof data === 'number'
      ? `erasure coded ${data}+${coding}`
      : `erasure coded with ${plural(coding, 'coding chunk')}`;
  const { replication } = byCopies(coding + 1, what);
  return {
    replication,
    detail: `${what} is ${shape}: it survives ${
      replication === 'replicated' ? '' : 'only '
    }${plural(coding, 'lost chunk')}`,
  };
}

/** A Ceph pool's copies: replicated.size, or for erasure coding the chunks that may be lost. */
function cephPoolVerdict(pool: any, what: string): Verdict {
  const failureDomain: string | undefined = pool?.failureDomain;
  const where = failureDomain ? ` (failure domain ${failureDomain})` : '';
  const coding = pool?.erasureCoded?.codingChunks;
  const verdict =
    typeof coding === 'number' && coding > 0
      ? erasureCodedVerdict(pool.erasureCoded, what)
      : byCopies(positiveInt(pool?.replicated?.size, 1), what);
  // failureDomain osd: every copy may sit on one host.
  if (verdict.replication === 'replicated' && failureDomain === 'osd') {
    return {
      replication: 'under-replicated',
      detail: `${verdict.detail}${where}: copies may share a host`,
    };
  }
  return { ...verdict, detail: `${verdict.detail}${where}` };
}

/**
 * An RBD StorageClass's pools. With `dataPool` set, `pool` holds only the image metadata and the data
 * goes to `dataPool` (Rook's erasure-coding example, storageclass-ec.yaml: a replicated metadata pool
 * and an erasure-coded data pool): the data pool is judged, unless the metadata pool is weaker (an
 * image whose metadata is lost is lost too).
 */
function rbdVerdict(
  pool: K8sObject,
  dataPoolName: string | undefined,
  find: (name: string) => K8sObject | undefined,
): Verdict {
  const name = pool.metadata.name;
  if (!dataPoolName || dataPoolName === name)
    return cephPoolVerdict(pool.spec, `Ceph pool ${name}`);
  const dataPool = find(dataPoolName);
  if (!dataPool)
    return {
      replication: 'unknown',
      detail: `CephBlockPool "${dataPoolName}" (the StorageClass's dataPool, which holds the volume's data) not found`,
    };
  const metadata = cephPoolVerdict(
    pool.spec,
    `Ceph pool ${name} (the image metadata, without which the data in dataPool ${dataPoolName} is lost too)`,
  );
  const data = cephPoolVerdict(
    dataPool.spec,
    `Ceph data pool ${dataPoolName} (the StorageClass's dataPool, which holds the volume's data; pool ${name} holds only the image metadata)`,
  );
  return REPLICATION_RANK[metadata.replication] >
    REPLICATION_RANK[data.replication]
    ? metadata
    : data;
}

export function cephVerdict(
  cluster: ClusterView,
  driver: string,
  params: Record<string, string>,
): Verdict {
  const isFs = driver.endsWith('.cephfs.csi.ceph.com');
  const key = isFs ? STORAGE_KEYS.cephFilesystems : STORAGE_KEYS.cephBlockPools;
  const reason = cluster.unavailable(key);
  if (reason)
    return {
      replication: 'unknown',
      detail: `Ceph pool replication not readable: ${reason}`,
    };
  const name = isFs ? params.fsname : params.pool;
  const find = (wanted: string | undefined) =>
    cluster
      .list(key)
      .find(
        p =>
          p.metadata.name === wanted &&
          (!params.clusterid || p.metadata.namespace === params.clusterid),
      );
  const target = find(name);
  if (!name || !target) {
    return {
      replication: 'unknown',
      detail: `${isFs ? 'CephFilesystem' : 'CephBlockPool'} "${
        name ?? '(none)'
      }" not found`,
    };
  }
  if (!isFs) return rbdVerdict(target, params.datapool, find);
  const dataPools: any[] = Array.isArray(target.spec?.dataPools)
    ? target.spec.dataPools
    : [];
  if (dataPools.length === 0)
    return {
      replication: 'unknown',
      detail: `CephFilesystem ${name} lists no data pools`,
    };
  // The class's `pool` names the data pool its volumes use (Rook names them <fsName>-<pool name>,
  // data<i> when unnamed); without it, the first data pool holds the data.
  const poolName = (p: any, i: number) => `${name}-${p?.name ?? `data${i}`}`;
  const index = params.pool
    ? dataPools.findIndex((p, i) => poolName(p, i) === params.pool)
    : 0;
  if (index < 0)
    return {
      replication: 'unknown',
      detail: `CephFilesystem ${name} has no data pool ${params.pool}`,
    };
  return cephPoolVerdict(
    dataPools[index],
    `CephFS ${name} data pool ${dataPools[index]?.name ?? index}`,
  );
}
