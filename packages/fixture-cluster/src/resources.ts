/**
 * The resource types a fixture cluster serves: a static table of built-in
 * Kubernetes APIs plus whatever the cluster's CustomResourceDefinitions define.
 */

export type ResourceType = {
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Served in discovery, but every request is refused (Secrets are never served). */
  forbidden?: boolean;
  /** CRD `additionalPrinterColumns` for this version (used for kubectl's table output). */
  printerColumns?: PrinterColumn[];
};

export type PrinterColumn = {
  name: string;
  type: string;
  jsonPath: string;
  priority?: number;
  description?: string;
};

const READ_VERBS = ['get', 'list', 'watch'];

type Builtin = [
  plural: string,
  kind: string,
  namespaced: boolean,
  shortNames?: string[],
  categories?: string[],
];

const NS = true;
const CLUSTER = false;
const ALL = ['all'];

/**
 * group → versions (preferred first) → resources. Mirrors what a stock
 * kube-apiserver (1.3x) serves for read-only clients.
 */
const BUILTINS: Array<[group: string, versions: string[], Builtin[]]> = [
  [
    '',
    ['v1'],
    [
      ['configmaps', 'ConfigMap', NS, ['cm']],
      ['endpoints', 'Endpoints', NS, ['ep']],
      ['events', 'Event', NS, ['ev']],
      ['limitranges', 'LimitRange', NS, ['limits']],
      ['namespaces', 'Namespace', CLUSTER, ['ns']],
      ['nodes', 'Node', CLUSTER, ['no']],
      ['persistentvolumeclaims', 'PersistentVolumeClaim', NS, ['pvc']],
      ['persistentvolumes', 'PersistentVolume', CLUSTER, ['pv']],
      ['pods', 'Pod', NS, ['po'], ALL],
      ['podtemplates', 'PodTemplate', NS],
      ['replicationcontrollers', 'ReplicationController', NS, ['rc'], ALL],
      ['resourcequotas', 'ResourceQuota', NS, ['quota']],
      ['secrets', 'Secret', NS],
      ['serviceaccounts', 'ServiceAccount', NS, ['sa']],
      ['services', 'Service', NS, ['svc'], ALL],
    ],
  ],
  [
    'apps',
    ['v1'],
    [
      ['controllerrevisions', 'ControllerRevision', NS],
      ['daemonsets', 'DaemonSet', NS, ['ds'], ALL],
      ['deployments', 'Deployment', NS, ['deploy'], ALL],
      ['replicasets', 'ReplicaSet', NS, ['rs'], ALL],
      ['statefulsets', 'StatefulSet', NS, ['sts'], ALL],
    ],
  ],
  [
    'autoscaling',
    ['v2', 'v1'],
    [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', NS, ['hpa'], ALL]],
  ],
  [
    'batch',
    ['v1'],
    [
      ['cronjobs', 'CronJob', NS, ['cj'], ALL],
      ['jobs', 'Job', NS, [], ALL],
    ],
  ],
  [
    'networking.k8s.io',
    ['v1'],
    [
      ['ingressclasses', 'IngressClass', CLUSTER],
      ['ingresses', 'Ingress', NS, ['ing']],
      ['networkpolicies', 'NetworkPolicy', NS, ['netpol']],
    ],
  ],
  [
    'policy',
    ['v1'],
    [['poddisruptionbudgets', 'PodDisruptionBudget', NS, ['pdb']]],
  ],
  [
    'rbac.authorization.k8s.io',
    ['v1'],
    [
      ['clusterrolebindings', 'ClusterRoleBinding', CLUSTER],
      ['clusterroles', 'ClusterRole', CLUSTER],
      ['rolebindings', 'RoleBinding', NS],
      ['roles', 'Role', NS],
    ],
  ],
  [
    'storage.k8s.io',
    ['v1'],
    [
      ['csidrivers', 'CSIDriver', CLUSTER],
      ['csinodes', 'CSINode', CLUSTER],
      ['storageclasses', 'StorageClass', CLUSTER, ['sc']],
      ['volumeattachments', 'VolumeAttachment', CLUSTER],
    ],
  ],
  [
    'apiextensions.k8s.io',
    ['v1'],
    [
      [
        'customresourcedefinitions',
        'CustomResourceDefinition',
        CLUSTER,
        ['crd', 'crds'],
      ],
    ],
  ],
  [
    'scheduling.k8s.io',
    ['v1'],
    [['priorityclasses', 'PriorityClass', CLUSTER, ['pc']]],
  ],
  [
    'admissionregistration.k8s.io',
    ['v1'],
    [
      [
        'mutatingwebhookconfigurations',
        'MutatingWebhookConfiguration',
        CLUSTER,
      ],
      [
        'validatingwebhookconfigurations',
        'ValidatingWebhookConfiguration',
        CLUSTER,
      ],
    ],
  ],
  ['coordination.k8s.io', ['v1'], [['leases', 'Lease', NS]]],
  ['discovery.k8s.io', ['v1'], [['endpointslices', 'EndpointSlice', NS]]],
];

/** One served API group with its versions in preference order. */
export type ApiGroup = {
  name: string;
  versions: Array<{ version: string; resources: ResourceType[] }>;
};

export function builtinGroups(): ApiGroup[] {
  return BUILTINS.map(([group, versions, resources]) => ({
    name: group,
    versions: versions.map(version => ({
      version,
      resources: resources.map(
        ([plural, kind, namespaced, shortNames = [], categories = []]) => ({
          group,
          version,
          plural,
          singular: kind.toLowerCase(),
          kind,
          namespaced,
          shortNames,
          categories,
          verbs: READ_VERBS,
          ...(plural === 'secrets' && group === '' ? { forbidden: true } : {}),
        }),
      ),
    })),
  }));
}

/** The resource types one CRD object defines (one per served version). */
export function crdResourceTypes(crd: any): ResourceType[] {
  const spec = crd?.spec ?? {};
  const names = spec.names ?? {};
  if (!spec.group || !names.plural || !names.kind) {
    return [];
  }
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  return versions
    .filter(v => v && v.name && v.served !== false)
    .map(v => ({
      group: String(spec.group),
      version: String(v.name),
      plural: String(names.plural),
      singular: String(names.singular ?? String(names.kind).toLowerCase()),
      kind: String(names.kind),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames)
        ? names.shortNames.map(String)
        : [],
      categories: Array.isArray(names.categories)
        ? names.categories.map(String)
        : [],
      verbs: READ_VERBS,
      printerColumns: Array.isArray(v.additionalPrinterColumns)
        ? v.additionalPrinterColumns
        : undefined,
    }));
}

/**
 * Kubernetes version priority (GA > beta > alpha, higher numbers first, then
 * anything non-conforming alphabetically), used to pick a group's preferred version.
 */
const STABILITY: Record<string, number> = { ga: 3, beta: 2, alpha: 1 };

export function compareVersions(a: string, b: string): number {
  const rank = (v: string): [number, number, number, string] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, v];
    const stability = STABILITY[m[2] ?? 'ga'];
    return [stability, Number(m[1]), Number(m[3] ?? 0), v];
  };
  const [sa, ma, na, va] = rank(a);
  const [sb, mb, nb, vb] = rank(b);
  if (sa === 0 && sb === 0) return va.localeCompare(vb);
  if (sa === 0 || sb === 0) return sa === 0 ? 1 : -1;
  if (sa !== sb) return sb - sa;
  if (ma !== mb) return mb - ma;
  return nb - na;
}
