import { CheckOutcome, ClusterCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { notEvaluable, objectTarget } from '../util';
import {
  BACKUP_KEYS,
  inVeleroNamespace,
  nameOf,
  usedLocations,
  veleroNamespaceNames,
} from './velero';

/** An S3 endpoint served from inside the cluster (e.g. MinIO at http://minio.velero.svc:9000). */
function inClusterEndpoint(s3Url: unknown): boolean {
  if (typeof s3Url !== 'string') return false;
  try {
    const host = new URL(s3Url).hostname;
    return (
      host.endsWith('.svc') ||
      host.endsWith('.cluster.local') ||
      !host.includes('.')
    );
  } catch {
    return false;
  }
}

/**
 * The host of an S3 endpoint that is not AWS's own (MinIO, Ceph RGW, another S3-compatible
 * store), or undefined (no s3Url, an unparseable one, or an amazonaws.com host). For such an
 * endpoint spec.config.region is only what the S3 client signs requests with (Velero's MinIO
 * guide sets `region: minio`; many stores take any value, often us-east-1), not where the data is.
 */
function nonAwsEndpoint(s3Url: unknown): string | undefined {
  if (typeof s3Url !== 'string' || s3Url === '') return undefined;
  try {
    const host = new URL(s3Url).hostname.toLowerCase();
    return /(^|\.)amazonaws\.com(\.cn)?$/.test(host) ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * The locations to judge: those used by schedules, else every location. Locations outside
 * Velero's namespace (when known) are left out: Velero neither writes to nor reads from them.
 */
function locationsToJudge(cluster: ClusterView): K8sObject[] {
  const all = cluster
    .list(BACKUP_KEYS.locations)
    .filter(l => inVeleroNamespace(cluster, l));
  if (cluster.fetchState(BACKUP_KEYS.schedules).status !== 'ok') return all;
  const used = new Set(usedLocations(cluster).keys());
  const inUse = all.filter(l =>
    used.has(`${l.metadata.namespace}/${l.metadata.name}`),
  );
  return inUse.length > 0 ? inUse : all;
}

function judge(cluster: ClusterView, location: K8sObject): CheckOutcome {
  const config = location.spec?.config ?? {};
  const region: string | undefined =
    typeof config.region === 'string' && config.region !== ''
      ? config.region
      : undefined;
  const target = objectTarget(cluster, location, 'BackupStorageLocation');
  const evidence = {
    location: nameOf(location),
    provider: location.spec?.provider,
    bucket: location.spec?.objectStorage?.bucket,
    locationRegion: region,
    clusterRegion: cluster.region,
    ...(config.s3Url ? { s3Url: config.s3Url } : {}),
  };
  if (inClusterEndpoint(config.s3Url)) {
    return {
      status: 'fail',
      target,
      message: `BackupStorageLocation ${nameOf(location)} writes to ${
        config.s3Url
      }, an object store inside the cluster: the backups die with the cluster.`,
      evidence,
    };
  }
  // The rules file treats the region comparison as a guess (section 8); without a cloud region it is none.
  const endpoint = nonAwsEndpoint(config.s3Url);
  if (endpoint) {
    return {
      status: 'unknown',
      target,
      message: `BackupStorageLocation ${nameOf(location)} writes to ${
        config.s3Url
      }, an S3-compatible store outside the cluster: ${
        region
          ? `its region (${region}) is only what the S3 client signs requests with, not where the data is`
          : 'nothing says where the data is'
      }, so whether it is off-region cannot be told.`,
      evidence,
    };
  }
  if (!region) {
    return {
      status: 'unknown',
      target,
      message: `BackupStorageLocation ${nameOf(location)} (provider ${
        location.spec?.provider ?? 'unknown'
      }) names no region in spec.config, so whether it is off-region cannot be told.`,
      evidence,
    };
  }
  if (!cluster.region) {
    return {
      status: 'unknown',
      target,
      message: `The cluster's region is unknown (no region labels on nodes, none configured), so whether ${nameOf(
        location,
      )} (${region}) is off-region cannot be told.`,
      evidence,
    };
  }
  if (region !== cluster.region) {
    return {
      status: 'pass',
      target,
      message: `BackupStorageLocation ${nameOf(
        location,
      )} is off-region: ${region}, while the cluster runs in ${
        cluster.region
      }.`,
      evidence,
    };
  }
  return {
    status: 'warn',
    target,
    message: `BackupStorageLocation ${nameOf(
      location,
    )} is in the cluster's own region (${region}): a regional outage takes the cluster and its backups together.`,
    evidence,
  };
}

export const backupOffsite: ClusterCheck = {
  id: 'backup-offsite',
  title: 'Backups are stored off-region',
  category: 'backups',
  severity: 'medium',
  scope: 'cluster',
  rationale:
    "Disaster recovery needs backups that survive the disaster: a bucket in the cluster's own region (or an object " +
    'store inside the cluster) is lost together with it.',
  remediation:
    'Point a BackupStorageLocation at a bucket in another region (or replicate the bucket cross-region) and use it ' +
    'for the schedules.',
  references: [
    'https://velero.io/docs/main/api-types/backupstoragelocation/',
    'https://velero.io/docs/main/locations/',
  ],
  evaluate({ cluster }) {
    if (cluster.fetchState(BACKUP_KEYS.locations).status === 'not-installed') {
      return { status: 'skipped', message: 'Velero is not installed.' };
    }
    const blocked = notEvaluable(cluster, BACKUP_KEYS.locations);
    if (blocked) return blocked;
    const locations = locationsToJudge(cluster);
    if (locations.length === 0) {
      const elsewhere = cluster.list(BACKUP_KEYS.locations).length;
      return {
        status: 'skipped',
        message:
          elsewhere === 0
            ? 'No Velero BackupStorageLocation exists.'
            : `No Velero BackupStorageLocation exists in Velero's namespace (${veleroNamespaceNames(
                cluster,
              )}); the ${elsewhere} in other namespaces are not read by Velero.`,
      };
    }
    return locations.map(location => judge(cluster, location));
  },
};
