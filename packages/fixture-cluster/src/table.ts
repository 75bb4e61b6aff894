/**
 * Server-side printing (`meta.k8s.io/v1 Table`), which kubectl asks for on
 * `kubectl get`: without it kubectl can only show NAME and AGE. Columns follow
 * the real API server's printers for common kinds, and CRDs'
 * additionalPrinterColumns; everything else gets Name and Age.
 */
import type { PrinterColumn, ResourceType } from './resources';

type Column = {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: any, nowMs: number) => unknown;
};

/** True when the Accept header asks for a Table (kubectl's human-readable output). */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /;\s*as=Table\b/.test(accept.split(',')[0] ?? '');
}

/** k8s.io/apimachinery/pkg/util/duration.HumanDuration */
function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8)
    return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8)
    return hours % 24 === 0 ? `${days}d` : `${days}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8)
    return days % 365 === 0 ? `${years}y` : `${years}y${days % 365}d`;
  return `${years}y`;
}

const age = (ts: unknown, nowMs: number) =>
  typeof ts === 'string' && !Number.isNaN(Date.parse(ts))
    ? humanDuration(nowMs - Date.parse(ts))
    : '<unknown>';

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  cell: o => o.metadata?.name,
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => age(o.metadata?.creationTimestamp, now),
};
const col = (
  name: string,
  cell: Column['cell'],
  priority = 0,
  type = 'string',
): Column => ({
  name,
  type,
  priority,
  cell,
});
const orNone = (v: unknown) =>
  v === undefined || v === null || v === '' ? '<none>' : v;

function podStatus(p: any): string {
  if (p.metadata?.deletionTimestamp) return 'Terminating';
  for (const cs of p.status?.containerStatuses ?? []) {
    const reason = cs.state?.waiting?.reason ?? cs.state?.terminated?.reason;
    if (reason) return reason;
  }
  return p.status?.reason ?? p.status?.phase ?? 'Unknown';
}

const NODE_READY: Record<string, string> = { True: 'Ready', False: 'NotReady' };

function nodeStatus(n: any): string {
  const ready = (n.status?.conditions ?? []).find(
    (c: any) => c.type === 'Ready',
  );
  const base = NODE_READY[ready?.status] ?? 'Unknown';
  return n.spec?.unschedulable ? `${base},SchedulingDisabled` : base;
}

function nodeRoles(n: any): string {
  const roles = Object.keys(n.metadata?.labels ?? {})
    .filter(k => k.startsWith('node-role.kubernetes.io/'))
    .map(k => k.slice('node-role.kubernetes.io/'.length));
  return roles.length ? roles.sort().join(',') : '<none>';
}

const ready = (o: any) =>
  `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`;

const BUILTIN_COLUMNS: Record<string, Column[]> = {
  '/pods': [
    NAME,
    col('Ready', p => {
      const statuses = p.status?.containerStatuses ?? [];
      const total = (p.spec?.containers ?? []).length;
      return `${statuses.filter((c: any) => c.ready).length}/${total}`;
    }),
    col('Status', podStatus),
    col(
      'Restarts',
      p =>
        (p.status?.containerStatuses ?? []).reduce(
          (n: number, c: any) => n + (c.restartCount ?? 0),
          0,
        ),
      0,
      'integer',
    ),
    AGE,
    col('IP', p => orNone(p.status?.podIP), 1),
    col('Node', p => orNone(p.spec?.nodeName), 1),
  ],
  '/nodes': [
    NAME,
    col('Status', nodeStatus),
    col('Roles', nodeRoles),
    AGE,
    col('Version', n => n.status?.nodeInfo?.kubeletVersion ?? ''),
    col(
      'Internal-IP',
      n =>
        orNone(
          (n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')
            ?.address,
        ),
      1,
    ),
  ],
  '/namespaces': [NAME, col('Status', n => n.status?.phase ?? 'Active'), AGE],
  '/services': [
    NAME,
    col('Type', s => s.spec?.type ?? 'ClusterIP'),
    col('Cluster-IP', s => orNone(s.spec?.clusterIP)),
    col('External-IP', s =>
      orNone(
        (s.status?.loadBalancer?.ingress ?? [])
          .map((i: any) => i.ip ?? i.hostname)
          .join(','),
      ),
    ),
    col('Port(s)', s =>
      orNone(
        (s.spec?.ports ?? [])
          .map(
            (p: any) =>
              `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${
                p.protocol ?? 'TCP'
              }`,
          )
          .join(','),
      ),
    ),
    AGE,
  ],
  '/persistentvolumeclaims': [
    NAME,
    col('Status', c => c.status?.phase ?? ''),
    col('Volume', c => c.spec?.volumeName ?? ''),
    col('Capacity', c => c.status?.capacity?.storage ?? ''),
    col('Access Modes', c => (c.status?.accessModes ?? []).join(',')),
    col('StorageClass', c => orNone(c.spec?.storageClassName)),
    AGE,
  ],
  'apps/deployments': [
    NAME,
    col('Ready', ready),
    col('Up-to-date', d => d.status?.updatedReplicas ?? 0, 0, 'integer'),
    col('Available', d => d.status?.availableReplicas ?? 0, 0, 'integer'),
    AGE,
  ],
  'apps/statefulsets': [NAME, col('Ready', ready), AGE],
  'apps/replicasets': [
    NAME,
    col('Desired', r => r.spec?.replicas ?? 1, 0, 'integer'),
    col('Current', r => r.status?.replicas ?? 0, 0, 'integer'),
    col('Ready', r => r.status?.readyReplicas ?? 0, 0, 'integer'),
    AGE,
  ],
  'apps/daemonsets': [
    NAME,
    col('Desired', d => d.status?.desiredNumberScheduled ?? 0, 0, 'integer'),
    col('Current', d => d.status?.currentNumberScheduled ?? 0, 0, 'integer'),
    col('Ready', d => d.status?.numberReady ?? 0, 0, 'integer'),
    col('Up-to-date', d => d.status?.updatedNumberScheduled ?? 0, 0, 'integer'),
    col('Available', d => d.status?.numberAvailable ?? 0, 0, 'integer'),
    AGE,
  ],
  'policy/poddisruptionbudgets': [
    NAME,
    col('Min Available', p => p.spec?.minAvailable ?? 'N/A'),
    col('Max Unavailable', p => p.spec?.maxUnavailable ?? 'N/A'),
    col(
      'Allowed Disruptions',
      p => p.status?.disruptionsAllowed ?? 0,
      0,
      'integer',
    ),
    AGE,
  ],
  'autoscaling/horizontalpodautoscalers': [
    NAME,
    col(
      'Reference',
      h => `${h.spec?.scaleTargetRef?.kind}/${h.spec?.scaleTargetRef?.name}`,
    ),
    col('MinPods', h => h.spec?.minReplicas ?? 1, 0, 'integer'),
    col('MaxPods', h => h.spec?.maxReplicas ?? 0, 0, 'integer'),
    col('Replicas', h => h.status?.currentReplicas ?? 0, 0, 'integer'),
    AGE,
  ],
  'storage.k8s.io/storageclasses': [
    NAME,
    col('Provisioner', s => s.provisioner ?? ''),
    col('ReclaimPolicy', s => s.reclaimPolicy ?? 'Delete'),
    col('VolumeBindingMode', s => s.volumeBindingMode ?? 'Immediate'),
    AGE,
  ],
  'coordination.k8s.io/leases': [
    NAME,
    col('Holder', l => l.spec?.holderIdentity ?? ''),
    AGE,
  ],
};

/** Evaluates the simple JSONPath subset CRD printer columns use (`.a.b`, `.a[0].b`). */
function jsonPath(obj: any, path: string): unknown {
  let v = obj;
  for (const m of path.matchAll(/\.([^.[\]]+)|\[(\d+)\]/g)) {
    v = v?.[m[1] ?? Number(m[2])];
  }
  return v;
}

function crdColumns(printerColumns: PrinterColumn[]): Column[] {
  return [
    NAME,
    ...printerColumns.map(pc =>
      col(
        pc.name,
        (o, now) => {
          const v = jsonPath(o, pc.jsonPath);
          if (pc.type === 'date')
            return v === undefined ? '<unknown>' : age(v, now);
          return typeof v === 'object' && v !== null
            ? JSON.stringify(v)
            : v ?? '';
        },
        pc.priority ?? 0,
        pc.type === 'date' ? 'string' : pc.type,
      ),
    ),
  ];
}

function columnsFor(rt: ResourceType): Column[] {
  if (rt.printerColumns) return crdColumns(rt.printerColumns);
  return BUILTIN_COLUMNS[`${rt.group}/${rt.plural}`] ?? [NAME, AGE];
}

/**
 * A Table for already time-shifted objects. `includeObject` follows the API:
 * `Metadata` (default) embeds PartialObjectMetadata, `Object` the object, `None` nothing.
 */
export function buildTable(
  rt: ResourceType,
  objects: any[],
  listMeta: Record<string, unknown>,
  nowMs: number,
  includeObject: string | null,
) {
  const columns = columnsFor(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o, nowMs)),
      ...(includeObject === 'None'
        ? {}
        : {
            object:
              includeObject === 'Object'
                ? o
                : {
                    kind: 'PartialObjectMetadata',
                    apiVersion: 'meta.k8s.io/v1',
                    metadata: o.metadata,
                  },
          }),
    })),
  };
}
