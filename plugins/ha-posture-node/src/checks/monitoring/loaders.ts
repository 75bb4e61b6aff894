/**
 * The objects that load ServiceMonitors, PodMonitors, PrometheusRules and ScrapeConfigs through
 * label selectors: Prometheus, PrometheusAgent and ThanosRuler of the Prometheus Operator, an
 * OpenTelemetryCollector whose target allocator reads Prometheus Operator resources, and the
 * VictoriaMetrics operator's VMAgent (its VMServiceScrapes and VMPodScrapes, and the monitors the
 * operator converts into them). Each is read into a Loader, so that one selection logic
 * (prometheus.ts) judges them all.
 */
import { LabelSelector } from '../../engine/labels';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import {
  describeObject,
  isSet,
  longRunningContainers,
  perCluster,
} from '../util';
import { countOf } from '../workloads';
import type { SelectorFields } from './prometheus';

export const LOADER_KEYS = {
  prometheuses: 'prometheuses.monitoring.coreos.com',
  prometheusAgents: 'prometheusagents.monitoring.coreos.com',
  thanosRulers: 'thanosrulers.monitoring.coreos.com',
  openTelemetryCollectors: 'opentelemetrycollectors.opentelemetry.io',
  vmAgents: 'vmagents.operator.victoriametrics.com',
  vmAlerts: 'vmalerts.operator.victoriametrics.com',
} as const;

/** How a loader picks one kind of object. */
export interface LoaderSelectors {
  /** Null or undefined selects none; `{}` selects all. */
  selector: LabelSelector | null | undefined;
  /** The selector's field as messages name it, e.g. `serviceMonitorSelector`. */
  selectorField: string;
  /** The namespaces it reads objects from: its own only, all, or those a selector picks. */
  namespaces: 'own' | 'all' | LabelSelector;
  namespaceSelectorField: string;
  /** Namespaces it is limited to (none: no limit) and namespaces it leaves out. */
  allowNamespaces: string[];
  denyNamespaces: string[];
  /** Why it loads none of the kind whatever the selectors say, if so. */
  refuses?: string;
}

export interface Loader {
  object: K8sObject;
  /** `Prometheus monitoring/k8s`, as results name it. */
  label: string;
  /** Why it loads nothing although it selects (scaled to zero), if so. */
  idle?: string;
  /** spec.ignoreNamespaceSelectors: the ServiceMonitors and PodMonitors it loads only discover targets in their own namespace. */
  ignoresMonitorNamespaceSelectors: boolean;
  /** Its selectors for a kind of object, or undefined when it does not load that kind. */
  selectors(fields: SelectorFields): LoaderSelectors | undefined;
}

/** A kind of loader: which objects it loads, and how one object of it is read. */
export interface LoaderKind {
  key: string;
  /** As messages list the kinds that could load an object. */
  name: string;
  loads: ReadonlySet<string>;
  /** Undefined for an object that loads nothing (an OpenTelemetryCollector without the target allocator's prometheusCR). */
  read(obj: K8sObject, cluster: ClusterView): Loader | undefined;
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];

/** The replicas of a spec, 1 when unset (the operators' default). */
const replicasOf = (spec: any): number => countOf(spec?.replicas) ?? 1;

/**
 * Prometheus, PrometheusAgent and ThanosRuler: `<kind>Selector` null selects none and `{}` all;
 * a null `<kind>NamespaceSelector` means the loader's own namespace only.
 */
function operatorKind(
  key: string,
  kind: string,
  loads: string[],
  idle: (spec: any) => boolean,
): LoaderKind {
  return {
    key,
    name: kind,
    loads: new Set(loads),
    read(obj) {
      const spec = obj.spec ?? {};
      const label = describeObject(obj, kind);
      return {
        object: obj,
        label,
        ...(idle(spec)
          ? {
              idle: `${label} is scaled to zero (spec.replicas: 0), so it loads nothing`,
            }
          : {}),
        ignoresMonitorNamespaceSelectors:
          spec.ignoreNamespaceSelectors === true,
        selectors: fields =>
          loads.includes(fields.kind)
            ? {
                selector: spec[fields.selector],
                selectorField: fields.selector,
                namespaces: isSet(spec[fields.namespaceSelector])
                  ? spec[fields.namespaceSelector]
                  : 'own',
                namespaceSelectorField: fields.namespaceSelector,
                allowNamespaces: [],
                denyNamespaces: [],
              }
            : undefined,
      };
    },
  };
}

const MONITORS = ['ServiceMonitor', 'PodMonitor'];

/**
 * An OpenTelemetryCollector loads monitors and ScrapeConfigs when spec.targetAllocator.enabled
 * and spec.targetAllocator.prometheusCR.enabled are true. In opentelemetry.io/v1beta1 (the
 * operator's TargetAllocatorPrometheusCR, apis/v1beta1/targetallocator_types.go) a null
 * serviceMonitorSelector, podMonitorSelector or scrapeConfigSelector matches no objects and `{}`
 * all; the namespace selectors default to `{}` (`+kubebuilder:default:={}`, and the target
 * allocator's own default config), so unset means every namespace. allowNamespaces and
 * denyNamespaces limit the namespaces it watches. In v1alpha1 the monitor selectors are plain
 * label maps and "Empty or nil map matches all" (apis/v1alpha1), with no namespace selectors.
 */
const OPEN_TELEMETRY_COLLECTOR: LoaderKind = {
  key: LOADER_KEYS.openTelemetryCollectors,
  name: 'OpenTelemetryCollector with a target allocator',
  loads: new Set([...MONITORS, 'ScrapeConfig']),
  read(obj) {
    const spec = obj.spec ?? {};
    const allocator = spec.targetAllocator;
    const cr = allocator?.prometheusCR;
    if (allocator?.enabled !== true || cr?.enabled !== true) return undefined;
    const label = describeObject(obj, 'OpenTelemetryCollector');
    const v1alpha1 = obj.apiVersion === 'opentelemetry.io/v1alpha1';
    // A DaemonSet collector runs on every node whatever spec.replicas says.
    let idle: string | undefined;
    if (replicasOf(allocator) === 0)
      idle = `${label}'s target allocator is scaled to zero (spec.targetAllocator.replicas: 0), so it loads nothing`;
    else if (spec.mode !== 'daemonset' && replicasOf(spec) === 0)
      idle = `${label} is scaled to zero (spec.replicas: 0), so it scrapes nothing`;
    const prefix = 'targetAllocator.prometheusCR.';
    const loads = v1alpha1 ? MONITORS : [...MONITORS, 'ScrapeConfig'];
    return {
      object: obj,
      label,
      ...(idle ? { idle } : {}),
      ignoresMonitorNamespaceSelectors: false,
      selectors: fields =>
        loads.includes(fields.kind)
          ? {
              selector: v1alpha1
                ? { matchLabels: cr[fields.selector] ?? {} }
                : cr[fields.selector],
              selectorField: prefix + fields.selector,
              namespaces:
                !v1alpha1 && isSet(cr[fields.namespaceSelector])
                  ? cr[fields.namespaceSelector]
                  : 'all',
              namespaceSelectorField: prefix + fields.namespaceSelector,
              allowNamespaces: stringList(cr.allowNamespaces),
              denyNamespaces: stringList(cr.denyNamespaces),
            }
          : undefined,
    };
  },
};

/**
 * The kinds the VictoriaMetrics operator does not convert into its own (its
 * VM_ENABLEDPROMETHEUSCONVERTER_<KIND> set to false on an operator container; on by default), by
 * that suffix: `SERVICESCRAPE`, `PODMONITOR`. Once per cluster.
 */
const vmConverterOff = perCluster((cluster: ClusterView): Set<string> => {
  const off = new Set<string>();
  const prefix = 'VM_ENABLEDPROMETHEUSCONVERTER_';
  for (const workload of cluster.workloads())
    for (const c of longRunningContainers(workload.podSpec))
      for (const env of Array.isArray(c?.env) ? c.env : [])
        if (
          typeof env?.name === 'string' &&
          env.name.startsWith(prefix) &&
          String(env.value).toLowerCase() === 'false'
        )
          off.add(env.name.slice(prefix.length));
  return off;
});

/** The selector fields of a VictoriaMetrics loader for a kind it loads, and the converter switch of converted kinds. */
type VmLoads = Record<string, { field: string; converter?: string }>;

/**
 * A VictoriaMetrics operator object that loads others by label (operator.victoriametrics.com/v1beta1).
 * Per the operator's API docs: a nil namespace selector means the object's own namespace, a nil
 * selector every object of the selected namespaces, and both nil all objects everywhere with
 * spec.selectAllByDefault, none without it. Prometheus Operator kinds count when the operator
 * converts them into its own (with their labels), which it does unless its
 * VM_ENABLEDPROMETHEUSCONVERTER_<KIND> switch is off.
 */
function vmLoaderKind(
  key: string,
  kind: string,
  loadsByKind: VmLoads,
  idleWhat: string,
  idleOf: (spec: any) => boolean,
): LoaderKind {
  return {
    key,
    name: kind,
    loads: new Set(Object.keys(loadsByKind)),
    read(obj, cluster) {
      const spec = obj.spec ?? {};
      const label = describeObject(obj, kind);
      return {
        object: obj,
        label,
        ...(idleOf(spec)
          ? {
              idle: `${label} is scaled to zero (spec.replicaCount: 0), so it ${idleWhat}`,
            }
          : {}),
        ignoresMonitorNamespaceSelectors: false,
        selectors: fields => {
          const loads = loadsByKind[fields.kind];
          if (!loads) return undefined;
          const selectorField = `${loads.field}Selector`;
          const namespaceSelectorField = `${loads.field}NamespaceSelector`;
          const selector = spec[selectorField];
          const namespaceSelector = spec[namespaceSelectorField];
          const common = {
            selectorField,
            namespaceSelectorField,
            allowNamespaces: [],
            denyNamespaces: [],
            ...(loads.converter && vmConverterOff(cluster).has(loads.converter)
              ? {
                  refuses: `the VictoriaMetrics operator does not convert ${fields.kind}s for ${label} (VM_ENABLEDPROMETHEUSCONVERTER_${loads.converter}=false)`,
                }
              : {}),
          };
          if (!isSet(selector) && !isSet(namespaceSelector))
            return spec.selectAllByDefault === true
              ? { ...common, selector: {}, namespaces: 'all' }
              : {
                  ...common,
                  selector: null,
                  selectorField: `${selectorField} nor selectAllByDefault`,
                  namespaces: 'own',
                };
          return {
            ...common,
            selector: isSet(selector) ? selector : {},
            namespaces: isSet(namespaceSelector) ? namespaceSelector : 'own',
          };
        },
      };
    },
  };
}

/** VMAgent: its own scrape objects, and the monitors converted into them. */
const VM_AGENT = vmLoaderKind(
  LOADER_KEYS.vmAgents,
  'VMAgent',
  {
    VMServiceScrape: { field: 'serviceScrape' },
    VMPodScrape: { field: 'podScrape' },
    VMScrapeConfig: { field: 'scrapeConfig' },
    VMStaticScrape: { field: 'staticScrape' },
    ServiceMonitor: { field: 'serviceScrape', converter: 'SERVICESCRAPE' },
    PodMonitor: { field: 'podScrape', converter: 'PODMONITOR' },
  },
  'scrapes nothing',
  spec => spec.daemonSetMode !== true && countOf(spec.replicaCount) === 0,
);

/** VMAlert: VMRules, and the PrometheusRules converted into them. */
const VM_ALERT = vmLoaderKind(
  LOADER_KEYS.vmAlerts,
  'VMAlert',
  {
    VMRule: { field: 'rule' },
    PrometheusRule: { field: 'rule', converter: 'PROMETHEUSRULE' },
  },
  'evaluates no rule',
  spec => countOf(spec.replicaCount) === 0,
);

/** Every kind of loader, in the order results list them. */
export const LOADER_KINDS: readonly LoaderKind[] = [
  operatorKind(
    LOADER_KEYS.prometheuses,
    'Prometheus',
    [...MONITORS, 'PrometheusRule', 'ScrapeConfig'],
    spec => replicasOf(spec) === 0,
  ),
  // In DaemonSet mode an agent runs on every node; spec.replicas does not apply.
  operatorKind(
    LOADER_KEYS.prometheusAgents,
    'PrometheusAgent',
    [...MONITORS, 'ScrapeConfig'],
    spec => spec.mode !== 'DaemonSet' && replicasOf(spec) === 0,
  ),
  operatorKind(
    LOADER_KEYS.thanosRulers,
    'ThanosRuler',
    ['PrometheusRule'],
    spec => replicasOf(spec) === 0,
  ),
  OPEN_TELEMETRY_COLLECTOR,
  VM_AGENT,
  VM_ALERT,
];
