/**
 * CustomResourceDefinitions for the custom kinds the example clusters use.
 * Only metadata, names, scope and versions are modelled (no schemas).
 */
import { Cluster, K8s } from '../lib/cluster';
import { Duration } from '../lib/time';
import { meta } from './meta';

interface CrdDef {
  group: string;
  plural: string;
  singular: string;
  kind: string;
  shortNames?: string[];
  categories?: string[];
  scope: 'Namespaced' | 'Cluster';
  versions: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const velero = (
  plural: string,
  kind: string,
  shortNames?: string[],
): CrdDef => ({
  group: 'velero.io',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  scope: 'Namespaced',
  versions: ['v1'],
  labels: { component: 'velero' },
  annotations: { 'controller-gen.kubebuilder.io/version': 'v0.16.5' },
});
/** Gateway API's standard channel CRDs (v1, still serving v1beta1), as its release installs them. */
const gatewayApi = (
  plural: string,
  kind: string,
  scope: CrdDef['scope'],
  shortNames?: string[],
): CrdDef => ({
  group: 'gateway.networking.k8s.io',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  categories: ['gateway-api'],
  scope,
  versions: ['v1', 'v1beta1'],
  annotations: {
    'api-approved.kubernetes.io':
      'https://github.com/kubernetes-sigs/gateway-api/pull/3328',
    'gateway.networking.k8s.io/bundle-version': 'v1.3.0',
    'gateway.networking.k8s.io/channel': 'standard',
  },
});
const coreos = (
  plural: string,
  kind: string,
  shortNames: string[],
  version = 'v1',
): CrdDef => ({
  group: 'monitoring.coreos.com',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  categories: ['prometheus-operator'],
  scope: 'Namespaced',
  versions: [version],
  annotations: {
    'controller-gen.kubebuilder.io/version': 'v0.16.4',
    'operator.prometheus.io/version': '0.78.2',
  },
});
const rook = (plural: string, kind: string, shortNames?: string[]): CrdDef => ({
  group: 'ceph.rook.io',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  scope: 'Namespaced',
  versions: ['v1'],
  annotations: {
    'controller-gen.kubebuilder.io/version': 'v0.16.1',
    'helm.sh/resource-policy': 'keep',
  },
});
const snapshot = (
  plural: string,
  kind: string,
  shortNames: string[],
  scope: 'Namespaced' | 'Cluster',
): CrdDef => ({
  group: 'snapshot.storage.k8s.io',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  scope,
  versions: ['v1'],
  annotations: {
    'api-approved.kubernetes.io':
      'https://github.com/kubernetes-csi/external-snapshotter/pull/955',
    'controller-gen.kubebuilder.io/version': 'v0.15.0',
  },
});
const gmp = (
  plural: string,
  kind: string,
  scope: 'Namespaced' | 'Cluster',
): CrdDef => ({
  group: 'monitoring.googleapis.com',
  plural,
  singular: kind.toLowerCase(),
  kind,
  scope,
  versions: ['v1'],
  labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
  annotations: { 'controller-gen.kubebuilder.io/version': 'v0.14.0' },
});

/** The Multi-Cluster Services API (sigs.k8s.io/mcs-api), as its controllers install it. */
const mcs = (plural: string, kind: string, shortNames: string[]): CrdDef => ({
  group: 'multicluster.x-k8s.io',
  plural,
  singular: kind.toLowerCase(),
  kind,
  shortNames,
  scope: 'Namespaced',
  versions: ['v1alpha1'],
  labels: { 'multicluster.kubernetes.io/crd-install': 'true' },
});

export const CRDS: Record<string, CrdDef> = {
  'mcs/serviceexports': mcs('serviceexports', 'ServiceExport', ['svcex']),
  'mcs/serviceimports': mcs('serviceimports', 'ServiceImport', ['svcim']),
  'velero/schedules': velero('schedules', 'Schedule'),
  'velero/backups': velero('backups', 'Backup'),
  'velero/backupstoragelocations': velero(
    'backupstoragelocations',
    'BackupStorageLocation',
    ['bsl'],
  ),
  'velero/volumesnapshotlocations': velero(
    'volumesnapshotlocations',
    'VolumeSnapshotLocation',
    ['vsl'],
  ),
  'velero/restores': velero('restores', 'Restore'),
  'coreos/servicemonitors': coreos('servicemonitors', 'ServiceMonitor', [
    'smon',
  ]),
  'coreos/podmonitors': coreos('podmonitors', 'PodMonitor', ['pmon']),
  'coreos/prometheusrules': coreos('prometheusrules', 'PrometheusRule', [
    'promrule',
  ]),
  'coreos/prometheuses': coreos('prometheuses', 'Prometheus', ['prom']),
  'coreos/alertmanagers': coreos('alertmanagers', 'Alertmanager', ['am']),
  'coreos/alertmanagerconfigs': coreos(
    'alertmanagerconfigs',
    'AlertmanagerConfig',
    ['amcfg'],
    'v1alpha1',
  ),
  'rook/cephclusters': rook('cephclusters', 'CephCluster'),
  'rook/cephblockpools': rook('cephblockpools', 'CephBlockPool', ['cephbp']),
  'rook/cephfilesystems': rook('cephfilesystems', 'CephFilesystem', ['cephfs']),
  'snapshot/volumesnapshotclasses': snapshot(
    'volumesnapshotclasses',
    'VolumeSnapshotClass',
    ['vsclass', 'vsclasses'],
    'Cluster',
  ),
  'snapshot/volumesnapshots': snapshot(
    'volumesnapshots',
    'VolumeSnapshot',
    ['vs'],
    'Namespaced',
  ),
  'snapshot/volumesnapshotcontents': snapshot(
    'volumesnapshotcontents',
    'VolumeSnapshotContent',
    ['vsc', 'vscs'],
    'Cluster',
  ),
  'gmp/podmonitorings': gmp('podmonitorings', 'PodMonitoring', 'Namespaced'),
  'gmp/clusterpodmonitorings': gmp(
    'clusterpodmonitorings',
    'ClusterPodMonitoring',
    'Cluster',
  ),
  'gmp/rules': gmp('rules', 'Rules', 'Namespaced'),
  'gmp/clusterrules': gmp('clusterrules', 'ClusterRules', 'Cluster'),
  'gmp/globalrules': gmp('globalrules', 'GlobalRules', 'Cluster'),
  'gmp/operatorconfigs': gmp('operatorconfigs', 'OperatorConfig', 'Namespaced'),
  'elbv2/targetgroupbindings': {
    group: 'elbv2.k8s.aws',
    plural: 'targetgroupbindings',
    singular: 'targetgroupbinding',
    kind: 'TargetGroupBinding',
    scope: 'Namespaced',
    versions: ['v1beta1'],
    labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' },
  },
  'elbv2/ingressclassparams': {
    group: 'elbv2.k8s.aws',
    plural: 'ingressclassparams',
    singular: 'ingressclassparams',
    kind: 'IngressClassParams',
    scope: 'Cluster',
    versions: ['v1beta1'],
    labels: { 'app.kubernetes.io/name': 'aws-load-balancer-controller' },
  },
  'helm/helmcharts': {
    group: 'helm.cattle.io',
    plural: 'helmcharts',
    singular: 'helmchart',
    kind: 'HelmChart',
    scope: 'Namespaced',
    versions: ['v1'],
  },
  'helm/helmchartconfigs': {
    group: 'helm.cattle.io',
    plural: 'helmchartconfigs',
    singular: 'helmchartconfig',
    kind: 'HelmChartConfig',
    scope: 'Namespaced',
    versions: ['v1'],
  },
  'k3s/addons': {
    group: 'k3s.cattle.io',
    plural: 'addons',
    singular: 'addon',
    kind: 'Addon',
    scope: 'Namespaced',
    versions: ['v1'],
  },
  'gateway-api/gatewayclasses': gatewayApi(
    'gatewayclasses',
    'GatewayClass',
    'Cluster',
    ['gc'],
  ),
  'gateway-api/gateways': gatewayApi('gateways', 'Gateway', 'Namespaced', [
    'gtw',
  ]),
  'gateway-api/httproutes': gatewayApi('httproutes', 'HTTPRoute', 'Namespaced'),
  'envoy-gateway/envoyproxies': {
    group: 'gateway.envoyproxy.io',
    plural: 'envoyproxies',
    singular: 'envoyproxy',
    kind: 'EnvoyProxy',
    shortNames: ['eproxy'],
    scope: 'Namespaced',
    versions: ['v1alpha1'],
    labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  },
  'traefik/ingressroutes': {
    group: 'traefik.io',
    plural: 'ingressroutes',
    singular: 'ingressroute',
    kind: 'IngressRoute',
    scope: 'Namespaced',
    versions: ['v1alpha1'],
    labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  },
  'traefik/middlewares': {
    group: 'traefik.io',
    plural: 'middlewares',
    singular: 'middleware',
    kind: 'Middleware',
    scope: 'Namespaced',
    versions: ['v1alpha1'],
    labels: { 'app.kubernetes.io/managed-by': 'Helm' },
  },
};

export function addCrds(c: Cluster, keys: string[], created: Duration): K8s[] {
  return keys.map(key => {
    const d = CRDS[key];
    if (!d) throw new Error(`unknown CRD ${key}`);
    const name = `${d.plural}.${d.group}`;
    const names: K8s = {
      kind: d.kind,
      listKind: `${d.kind}List`,
      plural: d.plural,
      singular: d.singular,
    };
    if (d.shortNames) names.shortNames = d.shortNames;
    if (d.categories) names.categories = d.categories;
    return c.add({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: meta(c, 'CustomResourceDefinition', {
        name,
        labels: d.labels,
        annotations: d.annotations,
        created,
        generation: 1,
      }),
      spec: {
        conversion: { strategy: 'None' },
        group: d.group,
        names,
        scope: d.scope,
        // The first version is the one stored (a CRD stores exactly one).
        versions: d.versions.map((v, i) => ({
          name: v,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
          served: true,
          storage: i === 0,
          subresources: { status: {} },
        })),
      },
      status: {
        acceptedNames: names,
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            reason: 'NoConflicts',
            message: 'no conflicts found',
            lastTransitionTime: c.ago(created),
          },
          {
            type: 'Established',
            status: 'True',
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
            lastTransitionTime: c.ago(created),
          },
        ],
        storedVersions: d.versions.slice(0, 1),
      },
    });
  });
}
