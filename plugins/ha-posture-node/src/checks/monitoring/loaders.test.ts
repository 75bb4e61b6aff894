import { clusterFrom, k8sObject, prometheus, vmOperator } from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { LOADER_KINDS } from './loaders';
import {
  otelCollector,
  prometheusAgent,
  thanosRuler,
} from './monitoring.fixtures';
import {
  POD_MONITOR_FIELDS,
  RULE_FIELDS,
  SCRAPE_CONFIG_FIELDS,
  SERVICE_MONITOR_FIELDS,
  VM_POD_SCRAPE_FIELDS,
  VM_SERVICE_SCRAPE_FIELDS,
} from './prometheus';

/** The object read by the loader kind of its kind, on a cluster of `others`. */
const read = (obj: K8sObject, others: K8sObject[] = []) =>
  LOADER_KINDS.find(k => k.name.split(' ')[0] === obj.kind)!.read(
    obj,
    clusterFrom([obj, ...others]),
  );

/** A VMAgent (operator.victoriametrics.com/v1beta1) in namespace vm with this spec. */
const vmAgent = (spec: object) =>
  k8sObject('operator.victoriametrics.com/v1beta1', 'VMAgent', 'agent', {
    namespace: 'vm',
    spec,
  });

describe('loaders', () => {
  it('reads a Prometheus: its selectors, own namespace for a null namespace selector, every kind of object', () => {
    const loader = read(
      prometheus('k8s', {
        serviceMonitorSelector: { matchLabels: { release: 'prom' } },
      }),
    )!;
    expect(loader.label).toBe('Prometheus monitoring/k8s');
    expect(loader.idle).toBeUndefined();
    expect(loader.selectors(SERVICE_MONITOR_FIELDS)).toMatchObject({
      selector: { matchLabels: { release: 'prom' } },
      selectorField: 'serviceMonitorSelector',
      namespaces: 'own',
    });
    expect(loader.selectors(POD_MONITOR_FIELDS)?.selector).toBeUndefined();
    expect(loader.selectors(RULE_FIELDS)).toBeDefined();
    expect(loader.selectors(SCRAPE_CONFIG_FIELDS)).toBeDefined();
  });

  it('takes a loader scaled to zero as idle, and one without replicas as running one', () => {
    expect(read(prometheus('k8s', { replicas: 0 }))!.idle).toBe(
      'Prometheus monitoring/k8s is scaled to zero (spec.replicas: 0), so it loads nothing',
    );
    expect(read(prometheus('k8s', { replicas: null }))!.idle).toBeUndefined();
    expect(
      read(prometheusAgent('agent', { mode: 'DaemonSet', replicas: 0 }))!.idle,
    ).toBeUndefined();
  });

  it('reads ignoreNamespaceSelectors', () => {
    const prom = prometheus('k8s');
    prom.spec.ignoreNamespaceSelectors = true;
    expect(read(prom)!.ignoresMonitorNamespaceSelectors).toBe(true);
    expect(read(prometheus('k8s'))!.ignoresMonitorNamespaceSelectors).toBe(
      false,
    );
  });

  it('lets a PrometheusAgent load monitors and a ThanosRuler rules only', () => {
    const agent = read(prometheusAgent('agent', { podMonitorSelector: {} }))!;
    expect(agent.label).toBe('PrometheusAgent monitoring/agent');
    expect(agent.selectors(POD_MONITOR_FIELDS)?.selector).toEqual({});
    expect(agent.selectors(RULE_FIELDS)).toBeUndefined();
    const ruler = read(thanosRuler('thanos', { ruleSelector: {} }))!;
    expect(ruler.selectors(RULE_FIELDS)?.namespaces).toBe('own');
    expect(ruler.selectors(SERVICE_MONITOR_FIELDS)).toBeUndefined();
  });

  it('reads an OpenTelemetryCollector target allocator: null selects none, unset namespace selectors mean all', () => {
    const loader = read(
      otelCollector('otel', {
        serviceMonitorSelector: {},
        podMonitorNamespaceSelector: { matchLabels: { team: 'shop' } },
        allowNamespaces: ['shop'],
      }),
    )!;
    expect(loader.label).toBe('OpenTelemetryCollector monitoring/otel');
    expect(loader.selectors(SERVICE_MONITOR_FIELDS)).toEqual({
      selector: {},
      selectorField: 'targetAllocator.prometheusCR.serviceMonitorSelector',
      namespaces: 'all',
      namespaceSelectorField:
        'targetAllocator.prometheusCR.serviceMonitorNamespaceSelector',
      allowNamespaces: ['shop'],
      denyNamespaces: [],
    });
    expect(loader.selectors(POD_MONITOR_FIELDS)).toMatchObject({
      selector: undefined,
      namespaces: { matchLabels: { team: 'shop' } },
    });
    expect(loader.selectors(RULE_FIELDS)).toBeUndefined();
  });

  it('reads v1alpha1 collector selectors as label maps that select all when empty', () => {
    const collector = otelCollector('otel', {
      serviceMonitorSelector: { release: 'otel' },
    });
    collector.apiVersion = 'opentelemetry.io/v1alpha1';
    const loader = read(collector)!;
    expect(loader.selectors(SERVICE_MONITOR_FIELDS)?.selector).toEqual({
      matchLabels: { release: 'otel' },
    });
    expect(loader.selectors(POD_MONITOR_FIELDS)?.selector).toEqual({
      matchLabels: {},
    });
  });

  it('does not take a collector without the target allocator reading Prometheus resources for a loader', () => {
    const plain = k8sObject(
      'opentelemetry.io/v1beta1',
      'OpenTelemetryCollector',
      'traces',
      { namespace: 'monitoring', spec: { mode: 'deployment' } },
    );
    expect(read(plain)).toBeUndefined();
    expect(
      read(otelCollector('otel', {}, { targetAllocator: { enabled: true } })),
    ).toBeUndefined();
  });

  it('takes a collector or its target allocator scaled to zero as idle, not a DaemonSet collector', () => {
    expect(read(otelCollector('otel', {}, { replicas: 0 }))!.idle).toContain(
      'is scaled to zero (spec.replicas: 0)',
    );
    const allocatorOff = otelCollector('otel', {});
    allocatorOff.spec.targetAllocator.replicas = 0;
    expect(read(allocatorOff)!.idle).toContain(
      'target allocator is scaled to zero',
    );
    expect(
      read(otelCollector('otel', {}, { mode: 'daemonset', replicas: 0 }))!.idle,
    ).toBeUndefined();
  });

  describe('VMAgent', () => {
    it('selects everything everywhere with selectAllByDefault and no selectors, nothing without it', () => {
      const all = read(vmAgent({ selectAllByDefault: true }))!;
      for (const fields of [
        VM_SERVICE_SCRAPE_FIELDS,
        VM_POD_SCRAPE_FIELDS,
        SERVICE_MONITOR_FIELDS,
        POD_MONITOR_FIELDS,
      ])
        expect(all.selectors(fields)).toMatchObject({
          selector: {},
          namespaces: 'all',
        });
      expect(all.selectors(RULE_FIELDS)).toBeUndefined();
      expect(
        read(vmAgent({}))!.selectors(VM_SERVICE_SCRAPE_FIELDS),
      ).toMatchObject({
        selector: null,
        selectorField: 'serviceScrapeSelector nor selectAllByDefault',
      });
    });

    it('reads a nil namespace selector as its own namespace, and a nil selector as every object of the selected namespaces', () => {
      const own = read(
        vmAgent({ serviceScrapeSelector: { matchLabels: { team: 'a' } } }),
      )!;
      expect(own.selectors(VM_SERVICE_SCRAPE_FIELDS)).toMatchObject({
        selector: { matchLabels: { team: 'a' } },
        namespaces: 'own',
      });
      const inNamespaces = read(
        vmAgent({
          podScrapeNamespaceSelector: { matchLabels: { scrape: 'yes' } },
        }),
      )!;
      expect(inNamespaces.selectors(VM_POD_SCRAPE_FIELDS)).toMatchObject({
        selector: {},
        namespaces: { matchLabels: { scrape: 'yes' } },
        namespaceSelectorField: 'podScrapeNamespaceSelector',
      });
    });

    it("loads ServiceMonitors and PodMonitors through the operator's conversion, unless an operator container turns it off", () => {
      const agent = vmAgent({ selectAllByDefault: true });
      expect(
        read(agent)!.selectors(SERVICE_MONITOR_FIELDS)?.refuses,
      ).toBeUndefined();
      const operator = vmOperator(['SERVICESCRAPE']);
      const loader = read(agent, [operator])!;
      expect(loader.selectors(SERVICE_MONITOR_FIELDS)?.refuses).toBe(
        'the VictoriaMetrics operator does not convert ServiceMonitors for VMAgent vm/agent (VM_ENABLEDPROMETHEUSCONVERTER_SERVICESCRAPE=false)',
      );
      expect(loader.selectors(POD_MONITOR_FIELDS)?.refuses).toBeUndefined();
    });

    it('is idle at replicaCount 0, except in DaemonSet mode', () => {
      expect(read(vmAgent({ replicaCount: 0 }))!.idle).toBe(
        'VMAgent vm/agent is scaled to zero (spec.replicaCount: 0), so it scrapes nothing',
      );
      expect(
        read(vmAgent({ replicaCount: 0, daemonSetMode: true }))!.idle,
      ).toBeUndefined();
    });
  });
});
