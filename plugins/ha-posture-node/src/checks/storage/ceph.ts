/**
 * Ceph volumes (Rook's RBD and CephFS CSI drivers): the replication of the CephBlockPool or
 * CephFilesystem pools a StorageClass names.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { REGION_LABELS, ZONE_LABELS } from '../../engine/topology';
import { plural } from '../util';
import {
  byCopies,
  judgeSpread,
  positiveInt,
  REPLICATION_RANK,
  SpreadLevel,
  Verdict,
} from './replication';
import { STORAGE_KEYS } from './storageKeys';

/** An erasure-coded pool that survives m lost chunks (codingChunks) is judged like m + 1 copies. */
function erasureCodedVerdict(
  erasureCoded: { dataChunks?: unknown; codingChunks: number },
  what: string,
  spread: SpreadLevel,
): Verdict {
  const coding = erasureCoded.codingChunks;
  const data = erasureCoded.dataChunks;
  const shape =
    typeof data === 'number'
      ? `erasure coded ${data}+${coding}`
      : `erasure coded with ${plural(coding, 'coding chunk')}`;
  const { replication } = byCopies(coding + 1, what, spread);
  return {
    replication,
    detail: `${what} is ${shape}: it survives ${
      replication === 'replicated' ? '' : 'only '
    }${plural(coding, 'lost chunk')}`,
    spread,
  };
}

/**
 * CRUSH failure domains that keep copies in different zones. Rook orders datacenter (and room, pod,
 * pdu, row, rack, chassis) below zone (topology.go CRUSHMapLevelsOrdered): separate datacenters may
 * share a zone, so those keep copies apart only by node.
 */
const ZONE_DOMAINS = new Set(['zone', 'region']);

/** The CRUSH levels Rook reads from topology.rook.io/<level> node labels. */
const ROOK_TOPOLOGY_LEVELS = new Set([
  'chassis',
  'rack',
  'row',
  'pdu',
  'pod',
  'room',
  'datacenter',
]);

/**
 * The node labels Rook builds a failure domain's CRUSH buckets from (legacy labels last); undefined
 * for levels it builds from none (osd, or a name Rook does not know).
 */
function failureDomainLabels(failureDomain: string): string[] | undefined {
  if (failureDomain === 'host') return ['kubernetes.io/hostname'];
  if (failureDomain === 'zone') return ZONE_LABELS;
  if (failureDomain === 'region') return REGION_LABELS;
  return ROOK_TOPOLOGY_LEVELS.has(failureDomain)
    ? [`topology.rook.io/${failureDomain}`]
    : undefined;
}

function cephSpread(pool: any, failureDomain: string): SpreadLevel {
  // Rook's hybrid rule takes the primary (primaryDeviceClass) and the other copies
  // (secondaryDeviceClass) in two CRUSH steps, which can pick one host twice.
  if (failureDomain === 'osd' || pool?.replicated?.hybridStorage) return 'disk';
  return ZONE_DOMAINS.has(failureDomain) ? 'zone' : 'node';
}

/**
 * What a pool places: its copies (or erasure-coded chunks), how many in each failure domain, and
 * how many must be in place to serve IO (min_size).
 */
interface Placement {
  total: number;
  perDomain: number;
  minSize: number;
  unit: 'copy' | 'chunk';
}

function countOf(n: number, unit: Placement['unit']): string {
  return unit === 'copy' ? plural(n, 'copy', 'copies') : plural(n, 'chunk');
}

/** A pool's erasure coding, when it has coding chunks (Rook leaves zeros in replicated pools). */
function erasureCodingOf(
  pool: any,
): { dataChunks?: unknown; codingChunks: number } | undefined {
  const coding = pool?.erasureCoded?.codingChunks;
  return typeof coding === 'number' && coding > 0
    ? pool.erasureCoded
    : undefined;
}

/** Undefined for erasure coding without dataChunks. */
function placementOf(pool: any): Placement | undefined {
  const explicitMinSize = pool?.parameters?.min_size;
  const erasureCoded = erasureCodingOf(pool);
  if (erasureCoded) {
    const data = erasureCoded.dataChunks;
    const coding = erasureCoded.codingChunks;
    if (typeof data !== 'number' || data < 1) return undefined;
    // Ceph's default for erasure coding: k + 1, or k with one coding chunk
    // (OSDMonitor::prepare_pool_size).
    const minSize = data + Math.min(1, coding - 1);
    return {
      total: data + coding,
      perDomain: 1,
      minSize: positiveInt(explicitMinSize, minSize),
      unit: 'chunk',
    };
  }
  const size = positiveInt(pool?.replicated?.size, 1);
  return {
    total: size,
    perDomain: Math.min(
      positiveInt(pool?.replicated?.replicasPerFailureDomain, 1),
      size,
    ),
    // Ceph's default (osd_pool_default_min_size 0): size - size / 2, rounded down.
    minSize: positiveInt(explicitMinSize, size - Math.floor(size / 2)),
    unit: 'copy',
  };
}

/**
 * A pool whose failure domain has fewer CRUSH buckets than it needs (one per copy or chunk, or per
 * replicasPerFailureDomain) places only what the buckets hold: Rook makes a bucket for each distinct
 * value of the domain's node label, over all nodes (OSD hosts are often tainted, and a domain that is
 * down still holds its OSDs). Undefined when the buckets suffice or cannot be counted.
 */
function domainShortfallVerdict(
  cluster: ClusterView,
  verdict: Verdict,
  failureDomain: string,
  placement: Placement,
): Verdict | undefined {
  const labels = failureDomainLabels(failureDomain);
  const nodes = cluster.list('nodes');
  if (!labels || nodes.length === 0) return undefined;
  const { total, perDomain, minSize, unit } = placement;
  const buckets = new Set(
    nodes
      .map(node =>
        labels
          .map(key => node.metadata.labels?.[key])
          .find(value => typeof value === 'string' && value !== ''),
      )
      .filter(Boolean),
  ).size;
  const domainsUsed = Math.ceil(total / perDomain);
  if (domainsUsed <= buckets) return undefined;
  const domains = plural(
    domainsUsed,
    failureDomain,
    failureDomain === 'chassis' ? 'chassis' : undefined,
  );
  const placed = Math.min(total, buckets * perDomain);
  const need = `${verdict.detail}: its ${countOf(total, unit)} need ${domains}`;
  const shortfall =
    buckets === 0
      ? `${need} and no node carries the ${labels[0]} label Rook builds them from, so it places none`
      : `${need} and the cluster has ${buckets}, so it places only ${placed}`;
  if (placed < minSize)
    return {
      ...verdict,
      replication: 'under-replicated',
      detail: `${shortfall}, fewer than the ${minSize} it needs to serve IO (min_size)`,
      consequence:
        'Reads and writes hang: Ceph serves a placement group only while min_size of its copies or chunks are in place.',
    };
  return { ...verdict, replication: 'under-replicated', detail: shortfall };
}

/**
 * A pool whose failure domain is a zone (or holds zones) keeps its copies apart by zone only if it
 * uses several and keeps min_size in place when one is lost.
 */
function zoneLevelVerdict(
  cluster: ClusterView,
  verdict: Verdict,
  failureDomain: string,
  placement: Placement,
): Verdict {
  const { total, perDomain, minSize, unit } = placement;
  if (Math.ceil(total / perDomain) === 1) {
    const oneDomain = `${verdict.detail}: all in one ${failureDomain}`;
    return failureDomain === 'zone' && cluster.zones.length >= 2
      ? { ...verdict, replication: 'zonal', detail: oneDomain }
      : { ...verdict, detail: oneDomain, spread: 'node' };
  }
  const left = total - perDomain;
  if (left < minSize)
    return {
      ...verdict,
      replication: 'node-redundant',
      detail: `${verdict.detail}: a ${failureDomain} outage leaves ${countOf(
        left,
        unit,
      )}, fewer than the ${minSize} it needs to serve IO (min_size), and blocks IO`,
    };
  return verdict;
}

/**
 * A pool whose failure domain is a host (or a level below zone: a rack, a datacenter) that blocks IO
 * when one of them is lost: fewer copies than min_size remain (size 3 with min_size 3), so a node
 * failure or a drain stops reads and writes although no data is lost.
 */
function hostLossVerdict(
  verdict: Verdict,
  failureDomain: string,
  placement: Placement,
): Verdict {
  const { total, perDomain, minSize, unit } = placement;
  const left = total - perDomain;
  if (left >= minSize) return verdict;
  return {
    ...verdict,
    replication: 'under-replicated',
    detail: `${verdict.detail}: a ${failureDomain} outage leaves ${countOf(
      left,
      unit,
    )}, fewer than the ${minSize} it needs to serve IO (min_size)`,
    consequence:
      'A node failure or drain blocks reads and writes: Ceph serves a placement group only while min_size of its copies or chunks are in place.',
  };
}

/**
 * A Ceph pool's copies (replicated.size, or for erasure coding the chunks that may be lost), and how
 * far apart its failure domain (Rook's default: host) keeps them in this cluster.
 */
function cephPoolVerdict(
  cluster: ClusterView,
  pool: any,
  what: string,
): Verdict {
  const named = typeof pool?.failureDomain === 'string' && pool.failureDomain;
  const failureDomain: string = named || 'host';
  const spread = cephSpread(pool, failureDomain);
  const placement = placementOf(pool);
  const erasureCoded = erasureCodingOf(pool);
  const counted = erasureCoded
    ? erasureCodedVerdict(erasureCoded, what, spread)
    : byCopies(positiveInt(pool?.replicated?.size, 1), what, spread);
  const where = [
    named
      ? `failure domain ${failureDomain}`
      : "failure domain host, Rook's default",
    pool?.replicated?.hybridStorage ? 'hybridStorage' : undefined,
    placement && placement.perDomain > 1
      ? `${placement.perDomain} per ${failureDomain}`
      : undefined,
    pool?.parameters?.min_size !== undefined && placement
      ? `min_size ${placement.minSize}`
      : undefined,
  ].filter(Boolean);
  const verdict = {
    ...counted,
    detail: `${counted.detail} (${where.join(', ')})`,
  };
  if (verdict.replication !== 'replicated' || !placement || spread === 'disk')
    return judgeSpread(verdict, cluster.zones.length);
  const judged =
    domainShortfallVerdict(cluster, verdict, failureDomain, placement) ??
    (spread === 'zone'
      ? zoneLevelVerdict(cluster, verdict, failureDomain, placement)
      : hostLossVerdict(verdict, failureDomain, placement));
  return judgeSpread(judged, cluster.zones.length);
}

/** The weaker of a metadata pool's verdict and its data pool's: data whose metadata is lost is lost too. */
function worseOf(metadata: Verdict, data: Verdict): Verdict {
  return REPLICATION_RANK[metadata.replication] >
    REPLICATION_RANK[data.replication]
    ? metadata
    : data;
}

/**
 * An RBD StorageClass's pools. With `dataPool` set, `pool` holds only the image metadata and the data
 * goes to `dataPool` (Rook's erasure-coding example, storageclass-ec.yaml: a replicated metadata pool
 * and an erasure-coded data pool): the data pool is judged, unless the metadata pool is weaker (an
 * image whose metadata is lost is lost too).
 */
function rbdVerdict(
  cluster: ClusterView,
  pool: K8sObject,
  dataPoolName: string | undefined,
  find: (name: string) => K8sObject | undefined,
): Verdict {
  const name = pool.metadata.name;
  if (!dataPoolName || dataPoolName === name)
    return cephPoolVerdict(cluster, pool.spec, `Ceph pool ${name}`);
  const dataPool = find(dataPoolName);
  if (!dataPool)
    return {
      replication: 'unknown',
      detail: `CephBlockPool "${dataPoolName}" (the StorageClass's dataPool, which holds the volume's data) not found`,
    };
  const metadata = cephPoolVerdict(
    cluster,
    pool.spec,
    `Ceph pool ${name} (the image metadata, without which the data in dataPool ${dataPoolName} is lost too)`,
  );
  const data = cephPoolVerdict(
    cluster,
    dataPool.spec,
    `Ceph data pool ${dataPoolName} (the StorageClass's dataPool, which holds the volume's data; pool ${name} holds only the image metadata)`,
  );
  return worseOf(metadata, data);
}

/** Rook's Ceph CSI drivers (`<operator namespace>.rbd.csi.ceph.com`, `.cephfs.csi.ceph.com`). */
export function isCephDriver(driver: string): boolean {
  return (
    driver.endsWith('.rbd.csi.ceph.com') ||
    driver.endsWith('.cephfs.csi.ceph.com')
  );
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
  if (!isFs) return rbdVerdict(cluster, target, params.datapool, find);
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
  const dataPoolName = dataPools[index]?.name ?? index;
  const data = cephPoolVerdict(
    cluster,
    dataPools[index],
    `CephFS ${name} data pool ${dataPoolName}`,
  );
  const metadataPool = target.spec?.metadataPool;
  // Rook requires a metadataPool: a filesystem without one is judged by its data pool alone.
  if (!metadataPool || typeof metadataPool !== 'object') return data;
  const metadata = cephPoolVerdict(
    cluster,
    metadataPool,
    `CephFS ${name} metadata pool (without which the files in data pool ${dataPoolName} are lost too)`,
  );
  return worseOf(metadata, data);
}
