import {
  clusterFrom,
  crd,
  prometheus,
  prometheusRule,
  serviceMonitor,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import {
  otelCollector,
  prometheusAgent,
  scrapeConfig,
  shopCluster,
  thanosRuler,
} from './monitoring.fixtures';
import {
  loadersFor,
  prometheusSelection,
  RULE_FIELDS,
  SCRAPE_CONFIG_FIELDS,
  SERVICE_MONITOR_FIELDS,
} from './prometheus';

const rule = prometheusRule(
  'web',
  { WebDown: 'up{job="web"} == 0' },
  { namespace: 'shop' },
);
const monitor = serviceMonitor('web', { namespace: 'shop', port: 'metrics' });
const ruleSelection = (...objects: K8sObject[]) =>
  prometheusSelection(
    clusterFrom(shopCluster(rule, ...objects)),
    rule,
    RULE_FIELDS,
  );

describe('prometheusSelection', () => {
  it('counts a ThanosRuler that selects the rule, named with its kind', () => {
    const selection = ruleSelection(
      prometheus('k8s'),
      thanosRuler('thanos', { ruleSelector: {}, ruleNamespaceSelector: {} }),
    );
    expect(selection).toEqual({
      state: 'selected',
      by: ['monitoring/thanos'],
      loaders: ['ThanosRuler monitoring/thanos'],
    });
    // A Prometheus that loads it is enough, whatever the ThanosRuler selects.
    expect(
      ruleSelection(
        prometheus('k8s', { ruleSelector: {}, ruleNamespaceSelector: {} }),
        thanosRuler('thanos', { ruleSelector: {} }),
      ),
    ).toEqual({
      state: 'selected',
      by: ['monitoring/k8s'],
      loaders: ['Prometheus monitoring/k8s'],
    });
  });

  it('gives every loader’s reason, with its kind, when none loads the rule', () => {
    expect(
      ruleSelection(
        prometheus('k8s'),
        thanosRuler('thanos', { ruleSelector: {}, replicas: 0 }),
      ),
    ).toEqual({
      state: 'rejected',
      reasons: [
        'Prometheus monitoring/k8s has no ruleSelector (it selects none)',
        'ThanosRuler monitoring/thanos is scaled to zero (spec.replicas: 0), so it loads nothing',
      ],
    });
    expect(
      ruleSelection(thanosRuler('thanos', { ruleSelector: {} })),
    ).toMatchObject({
      reasons: [
        'ThanosRuler monitoring/thanos has no ruleNamespaceSelector, so it only reads its own namespace monitoring',
      ],
    });
  });

  it('does not let a PrometheusAgent load rules', () => {
    expect(
      ruleSelection(prometheusAgent('agent', { serviceMonitorSelector: {} })),
    ).toEqual({
      state: 'unverifiable',
      reason:
        'no Prometheus, ThanosRuler or VMAlert in the cluster (another agent such as Grafana Alloy or VictoriaMetrics may read PrometheusRules; not verifiable)',
    });
  });

  it('is unverifiable when a kind of loader that might load it cannot be read', () => {
    const cluster = clusterFrom(
      shopCluster(
        monitor,
        prometheus('k8s'),
        crd('prometheusagents.monitoring.coreos.com'),
      ),
      { fetch: { 'prometheusagents.monitoring.coreos.com': 'forbidden' } },
    );
    const selection = prometheusSelection(
      cluster,
      monitor,
      SERVICE_MONITOR_FIELDS,
    );
    expect(selection.state).toBe('unverifiable');
    expect(selection).toMatchObject({
      reason: expect.stringContaining(
        'prometheusagents.monitoring.coreos.com forbidden',
      ),
    });
  });

  it('does not let a loader with ignoreNamespaceSelectors load a monitor for another namespace', () => {
    const prom = prometheus('k8s', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
    });
    prom.spec.ignoreNamespaceSelectors = true;
    const cluster = clusterFrom(shopCluster(monitor, prom));
    expect(
      prometheusSelection(cluster, monitor, SERVICE_MONITOR_FIELDS).state,
    ).toBe('selected');
    expect(
      prometheusSelection(cluster, monitor, SERVICE_MONITOR_FIELDS, true),
    ).toEqual({
      state: 'rejected',
      reasons: [
        'Prometheus monitoring/k8s sets ignoreNamespaceSelectors, so ServiceMonitor shop/web only discovers targets in its own namespace shop',
      ],
    });
    // Rules have no namespace selector of their own: the setting does not concern them.
    const forRules = prometheus('k8s', {
      ruleSelector: {},
      ruleNamespaceSelector: {},
    });
    forRules.spec.ignoreNamespaceSelectors = true;
    expect(
      prometheusSelection(
        clusterFrom(shopCluster(rule, forRules)),
        rule,
        RULE_FIELDS,
        true,
      ).state,
    ).toBe('selected');
  });
});

describe('loadersFor', () => {
  it('leaves out a loader whose version cannot load the kind (a v1alpha1 collector and ScrapeConfigs)', () => {
    const old = otelCollector('otel', { serviceMonitorSelector: {} });
    old.apiVersion = 'opentelemetry.io/v1alpha1';
    const cluster = clusterFrom(shopCluster(old, scrapeConfig('jobs')));
    expect(loadersFor(cluster, SCRAPE_CONFIG_FIELDS).loaders).toEqual([]);
    expect(
      loadersFor(cluster, SERVICE_MONITOR_FIELDS).loaders.map(l => l.label),
    ).toEqual(['OpenTelemetryCollector monitoring/otel']);
    const current = clusterFrom(
      shopCluster(
        otelCollector('otel', { scrapeConfigSelector: {} }),
        scrapeConfig('jobs'),
      ),
    );
    expect(loadersFor(current, SCRAPE_CONFIG_FIELDS).loaders).toHaveLength(1);
  });
});
