import {
  clusterFrom,
  crd,
  deployment,
  gmpCollector,
  k8sObject,
  podMonitor,
  podMonitoring,
  prometheus,
  runOne,
  service,
  serviceMonitor,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { monitoringScraped } from './monitoring-scraped';
import {
  otelCollector,
  prometheusAgent,
  scrapeConfig,
  shopCluster,
  web,
  webService,
} from './monitoring.fixtures';

const check = (
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runOne(monitoringScraped, clusterFrom(objects, options), { workload: 'web' });

/** A Prometheus that loads every ServiceMonitor and PodMonitor of every namespace. */
const promAll = prometheus('k8s', {
  serviceMonitorSelector: {},
  serviceMonitorNamespaceSelector: {},
  podMonitorSelector: {},
  podMonitorNamespaceSelector: {},
});
const webMonitor = serviceMonitor('web', {
  namespace: 'shop',
  port: 'metrics',
});

/** A VictoriaMetrics VMAgent in namespace vm with this spec. */
const vmAgent = (spec: object) =>
  k8sObject('operator.victoriametrics.com/v1beta1', 'VMAgent', 'agent', {
    namespace: 'vm',
    spec,
  });

/** The same monitor as a VictoriaMetrics VMServiceScrape or VMPodScrape (same fields). */
const asVm = (monitor: K8sObject, kind: 'VMServiceScrape' | 'VMPodScrape') => ({
  ...monitor,
  apiVersion: 'operator.victoriametrics.com/v1beta1',
  kind,
});

describe('monitoring-scraped', () => {
  it('passes for a ServiceMonitor selected by a Prometheus ({} selects all)', () => {
    const outcome = check(shopCluster(webMonitor, promAll));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain(
      'ServiceMonitor shop/web (loaded by Prometheus monitoring/k8s)',
    );
  });

  it('fails when the Prometheus namespace selector is null (own namespace only)', () => {
    const prom = prometheus('k8s', { serviceMonitorSelector: {} });
    const outcome = check(shopCluster(webMonitor, prom));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'only reads its own namespace monitoring',
    );
  });

  it('fails when the Prometheus serviceMonitorSelector is null (selects none)', () => {
    const outcome = check(
      shopCluster(
        webMonitor,
        prometheus('k8s', { serviceMonitorNamespaceSelector: {} }),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('has no serviceMonitorSelector');
  });

  it('honours label selectors on the monitor and its namespace', () => {
    const prom = prometheus('k8s', {
      serviceMonitorSelector: { matchLabels: { release: 'prom' } },
      serviceMonitorNamespaceSelector: { matchLabels: { team: 'shop' } },
    });
    const labelled = serviceMonitor('web', {
      namespace: 'shop',
      port: 'metrics',
      labels: { release: 'prom' },
    });
    expect(check(shopCluster(labelled, prom)).status).toBe('pass');
    const unlabelled = check(shopCluster(webMonitor, prom));
    expect(unlabelled.status).toBe('fail');
    expect(unlabelled.message).toContain(
      'does not match the labels of ServiceMonitor shop/web',
    );
    const byName = prometheus('k8s', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'shop' },
      },
    });
    expect(check(shopCluster(webMonitor, byName)).status).toBe('pass');
  });

  it('follows the monitor namespaceSelector (default: its own namespace)', () => {
    const central = serviceMonitor('web', {
      namespace: 'monitoring',
      port: 'metrics',
    });
    const notWatched = check(shopCluster(central, promAll));
    expect(notWatched.status).toBe('fail');
    expect(notWatched.message).toContain('No ServiceMonitor');
    expect(
      check(
        shopCluster(
          serviceMonitor('web', {
            namespace: 'monitoring',
            port: 'metrics',
            namespaceSelector: { matchNames: ['shop'] },
          }),
          promAll,
        ),
      ).status,
    ).toBe('pass');
    expect(
      check(
        shopCluster(
          serviceMonitor('web', {
            namespace: 'monitoring',
            port: 'metrics',
            namespaceSelector: { any: true },
          }),
          promAll,
        ),
      ).status,
    ).toBe('pass');
  });

  it('fails when the only ServiceMonitor selects no Service (kube-linter dangling-servicemonitor)', () => {
    const dangling = serviceMonitor('web', {
      namespace: 'shop',
      port: 'metrics',
      selector: { matchLabels: { app: 'web-v1' } },
    });
    const outcome = check(shopCluster(dangling, promAll));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain('No ServiceMonitor');
  });

  it('requires the endpoint port to name a Service port', () => {
    const wrongPort = serviceMonitor('web', {
      namespace: 'shop',
      port: 'prometheus',
    });
    expect(check(shopCluster(wrongPort, promAll)).status).toBe('fail');
  });

  it('passes for a PodMonitor on a named container port', () => {
    expect(
      check(
        shopCluster(
          podMonitor('web', { namespace: 'shop', port: 'metrics' }),
          promAll,
        ),
      ).status,
    ).toBe('pass');
    expect(
      check(
        shopCluster(
          podMonitor('web', { namespace: 'shop', port: 'nope' }),
          promAll,
        ),
      ).status,
    ).toBe('fail');
  });

  it('passes for GKE Managed Prometheus PodMonitoring and ClusterPodMonitoring when managed collection runs', () => {
    expect(
      check(
        shopCluster(
          podMonitoring('web', { namespace: 'shop' }),
          gmpCollector(),
        ),
      ).status,
    ).toBe('pass');
    expect(
      check(
        shopCluster(
          podMonitoring('web', { namespace: 'other' }),
          gmpCollector(),
          crd('servicemonitors.monitoring.coreos.com'),
        ),
      ).status,
    ).toBe('fail');
    expect(
      check(
        shopCluster(
          podMonitoring('all-web', {
            cluster: true,
            selector: { matchLabels: { app: 'web' } },
            port: 9090,
          }),
          gmpCollector(),
        ),
      ).status,
    ).toBe('pass');
  });

  it('fails for a GKE PodMonitoring without managed collection, unknown when DaemonSets cannot be read', () => {
    const monitoring = podMonitoring('web', { namespace: 'shop' });
    const outcome = check(shopCluster(monitoring));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      'PodMonitoring shop/web selects Deployment shop/web, but no scraper loads it: GKE managed collection does not ' +
        'run on the cluster (no DaemonSet gmp-system/collector).',
    );
    const unreadable = check(shopCluster(monitoring, gmpCollector()), {
      fetch: { 'daemonsets.apps': 'forbidden' },
    });
    expect(unreadable.status).toBe('unknown');
    expect(unreadable.message).toContain(
      'whether GKE managed collection runs (DaemonSet gmp-system/collector) is not known',
    );
    // A ServiceMonitor that a Prometheus loads still scrapes it.
    expect(check(shopCluster(monitoring, webMonitor, promAll)).status).toBe(
      'pass',
    );
  });

  it('is unknown for prometheus.io/scrape annotations alone (a convention whose scrape configuration cannot be read)', () => {
    const annotated = deployment('web', {
      namespace: 'shop',
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    const outcome = check([
      ...shopCluster().filter(o => o !== web),
      annotated,
      crd('servicemonitors.monitoring.coreos.com'),
    ]);
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'No ServiceMonitor, PodMonitor or PodMonitoring scrapes Deployment shop/web; only its pod template carries the prometheus.io/scrape: "true" annotation: a convention honoured by a ' +
        'scrape configuration (usually in a Secret) that cannot be read, so whether it is scraped is not verifiable.',
    );
    // On the Service in front of it, the message names the Service.
    const annotatedService = {
      ...webService,
      metadata: {
        ...webService.metadata,
        annotations: { 'prometheus.io/scrape': 'true' },
      },
    };
    const onService = check([
      ...shopCluster().filter(o => o !== webService),
      annotatedService,
      crd('servicemonitors.monitoring.coreos.com'),
    ]);
    expect(onService.status).toBe('unknown');
    expect(onService.message).toContain(
      'only its Service web carries the prometheus.io/scrape: "true" annotation',
    );
  });

  it('skips an annotated workload like any other in manifests without monitors', () => {
    const annotated = deployment('web', {
      namespace: 'shop',
      podAnnotations: { 'prometheus.io/scrape': 'true' },
    });
    const outcome = runOne(monitoringScraped, clusterFrom([annotated]), {
      workload: 'web',
    });
    expect(outcome.status).toBe('skipped');
    expect(outcome.message).toContain(
      'The scanned manifests contain no ServiceMonitor',
    );
  });

  it('is unknown when no monitoring CRD is installed, or none can be read', () => {
    const none = check(shopCluster());
    expect(none.status).toBe('unknown');
    expect(none.message).toContain(
      'No ServiceMonitor, PodMonitor or GKE PodMonitoring CRD',
    );
    expect(
      check(shopCluster(webMonitor), {
        fetch: { 'servicemonitors.monitoring.coreos.com': 'forbidden' },
      }).status,
    ).toBe('unknown');
  });

  it('is unknown when a ServiceMonitor exists but no Prometheus object does (another agent may read it)', () => {
    const outcome = check(shopCluster(webMonitor));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain('not verifiable');
  });

  it('mentions the missing Service when the workload has none', () => {
    const objects = shopCluster(
      promAll,
      crd('servicemonitors.monitoring.coreos.com'),
    ).filter(o => o !== webService);
    expect(check(objects).message).toContain('no Service selects its pods');
  });

  it('in a manifests scan: passes a matching monitor without a Prometheus, skips without any monitor', () => {
    expect(check([web, webService, webMonitor]).status).toBe('pass');
    expect(check([web, webService]).status).toBe('skipped');
  });

  it("in a manifests scan: another namespace's monitors say nothing about this one, a monitor here or one watching it does", () => {
    const otherTeams = serviceMonitor('api', { namespace: 'payments' });
    const skipped = check([web, webService, otherTeams]);
    expect(skipped.status).toBe('skipped');
    expect(skipped.message).toBe(
      'The scanned manifests contain no ServiceMonitor, PodMonitor or PodMonitoring in or watching namespace shop (those of other namespaces tell nothing about it); scraping is judged on a cluster.',
    );
    // A neighbour's monitor in the same namespace: this repository keeps the namespace's monitors.
    const neighbour = serviceMonitor('cart', { namespace: 'shop' });
    expect(check([web, webService, neighbour]).status).toBe('fail');
    // A central monitor watching the namespace that selects other pods.
    const central = serviceMonitor('api', {
      namespace: 'monitoring',
      namespaceSelector: { matchNames: ['shop'] },
    });
    expect(check([web, webService, central]).status).toBe('fail');
    const everywhere = serviceMonitor('api', {
      namespace: 'monitoring',
      namespaceSelector: { any: true },
    });
    expect(check([web, webService, everywhere]).status).toBe('fail');
  });

  it('counts a PrometheusAgent or an OpenTelemetry target allocator that loads the monitor', () => {
    const agent = prometheusAgent('agent', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
    });
    const byAgent = check(shopCluster(webMonitor, agent));
    expect(byAgent.status).toBe('pass');
    expect(byAgent.message).toBe(
      'Deployment shop/web is scraped: ServiceMonitor shop/web (loaded by PrometheusAgent monitoring/agent).',
    );
    // Beside a Prometheus that selects no ServiceMonitor.
    expect(
      check(shopCluster(webMonitor, agent, prometheus('k8s'))).status,
    ).toBe('pass');
    const byCollector = check(
      shopCluster(
        webMonitor,
        otelCollector('otel', { serviceMonitorSelector: {} }),
      ),
    );
    expect(byCollector.status).toBe('pass');
    expect(byCollector.message).toContain(
      '(loaded by OpenTelemetryCollector monitoring/otel)',
    );
  });

  it('fails when the OpenTelemetry target allocator selects no monitor (a null selector selects none)', () => {
    const outcome = check(
      shopCluster(
        webMonitor,
        otelCollector('otel', { podMonitorSelector: {} }),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'OpenTelemetryCollector monitoring/otel has no targetAllocator.prometheusCR.serviceMonitorSelector (it selects none)',
    );
  });

  it('does not count a Prometheus scaled to zero', () => {
    const outcome = check(
      shopCluster(
        webMonitor,
        prometheus('k8s', {
          replicas: 0,
          serviceMonitorSelector: {},
          serviceMonitorNamespaceSelector: {},
        }),
      ),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Prometheus monitoring/k8s is scaled to zero (spec.replicas: 0), so it loads nothing',
    );
    const unset = prometheus('k8s', {
      replicas: null,
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
    });
    expect(check(shopCluster(webMonitor, unset)).status).toBe('pass');
  });

  it('fails for a monitor of another namespace when the Prometheus sets ignoreNamespaceSelectors', () => {
    const prom = prometheus('k8s', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
    });
    prom.spec.ignoreNamespaceSelectors = true;
    const central = serviceMonitor('web', {
      namespace: 'monitoring',
      port: 'metrics',
      namespaceSelector: { any: true },
    });
    const outcome = check(shopCluster(central, prom));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(
      'Prometheus monitoring/k8s sets ignoreNamespaceSelectors, so ServiceMonitor monitoring/web only discovers ' +
        'targets in its own namespace monitoring',
    );
    expect(check(shopCluster(webMonitor, prom)).status).toBe('pass');
  });

  it('is unknown when the namespace selector needs labels of namespaces that cannot be read', () => {
    const prom = prometheus('k8s', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: { matchLabels: { team: 'shop' } },
    });
    expect(check(shopCluster(webMonitor, prom)).status).toBe('pass');
    const outcome = check(shopCluster(webMonitor, prom), {
      fetch: { namespaces: 'forbidden' },
    });
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toBe(
      'ServiceMonitor shop/web selects Deployment shop/web; which scraper loads it is not verifiable: Prometheus ' +
        "monitoring/k8s's serviceMonitorNamespaceSelector depends on the labels of namespace shop, and namespaces " +
        'forbidden on cluster test: simulated forbidden.',
    );
  });

  it('is unknown without a monitor when a Prometheus scrapes through additionalScrapeConfigs or a ScrapeConfig', () => {
    const additional = prometheus('k8s', {
      serviceMonitorSelector: {},
      serviceMonitorNamespaceSelector: {},
    });
    additional.spec.additionalScrapeConfigs = {
      name: 'additional-scrape-configs',
      key: 'prometheus-additional.yaml',
    };
    const monitorCrd = crd('servicemonitors.monitoring.coreos.com');
    const outcome = check(shopCluster(additional, monitorCrd));
    expect(outcome.status).toBe('unknown');
    expect(outcome.message).toContain(
      'No ServiceMonitor, PodMonitor or PodMonitoring scrapes Deployment shop/web, and whether scrape jobs defined ' +
        'elsewhere do is not verifiable: Prometheus monitoring/k8s also runs the scrape jobs of spec.additionalScrapeConfigs',
    );
    const selecting = prometheus('k8s');
    selecting.spec.scrapeConfigSelector = {};
    expect(
      check(shopCluster(selecting, scrapeConfig('web'), monitorCrd)).message,
    ).toContain(
      'ScrapeConfig monitoring/web (loaded by Prometheus monitoring/k8s) defines scrape jobs the checks do not model',
    );
    // A monitor that no Prometheus loads is still a finding.
    expect(
      check(
        shopCluster(
          additional,
          podMonitor('web', { namespace: 'shop', port: 'metrics' }),
        ),
      ).status,
    ).toBe('fail');
  });

  describe('ServiceMonitor targetPort (the port of the pod behind the Service)', () => {
    const byTargetPort = (targetPort: string | number) => {
      const sm = serviceMonitor('web', { namespace: 'shop' });
      sm.spec.endpoints = [{ targetPort }];
      return sm;
    };

    it('passes for the name or number of a container port a Service port forwards to', () => {
      expect(check(shopCluster(byTargetPort('metrics'), promAll)).status).toBe(
        'pass',
      );
      const namedTarget = service('web', {
        namespace: 'shop',
        selector: { app: 'web' },
        labels: { app: 'web' },
        ports: [{ name: 'metrics', port: 80, targetPort: 'metrics' }],
      });
      const objects = shopCluster(byTargetPort(9090), promAll).map(o =>
        o === webService ? namedTarget : o,
      );
      expect(check(objects).status).toBe('pass');
    });

    it('fails for a Service port number, which is not the pod port', () => {
      const httpOnly = service('web', {
        namespace: 'shop',
        selector: { app: 'web' },
        labels: { app: 'web' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      });
      const objects = shopCluster(byTargetPort(80), promAll).map(o =>
        o === webService ? httpOnly : o,
      );
      expect(check(objects).status).toBe('fail');
    });
  });

  it('reads a PodMonitor endpoint targetPort (deprecated) as the container port', () => {
    const byTargetPort = (targetPort: string) => {
      const pm = podMonitor('web', { namespace: 'shop' });
      pm.spec.podMetricsEndpoints = [{ targetPort }];
      return pm;
    };
    expect(check(shopCluster(byTargetPort('metrics'), promAll)).status).toBe(
      'pass',
    );
    expect(check(shopCluster(byTargetPort('prom'), promAll)).status).toBe(
      'fail',
    );
  });

  describe('VictoriaMetrics', () => {
    const vmScrape = asVm(webMonitor, 'VMServiceScrape');

    it('passes for a VMServiceScrape a VMAgent selects (selectAllByDefault), naming both', () => {
      const outcome = check(
        shopCluster(vmScrape, vmAgent({ selectAllByDefault: true })),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'VMServiceScrape shop/web (loaded by VMAgent vm/agent)',
      );
    });

    it('fails a VMServiceScrape no VMAgent selects, saying why', () => {
      const own = check(
        shopCluster(
          vmScrape,
          vmAgent({ serviceScrapeSelector: { matchLabels: {} } }),
        ),
      );
      expect(own.status).toBe('fail');
      expect(own.message).toContain(
        'VMAgent vm/agent has no serviceScrapeNamespaceSelector, so it only reads its own namespace vm',
      );
      const none = check(shopCluster(vmScrape, vmAgent({})));
      expect(none.message).toContain(
        'VMAgent vm/agent has no serviceScrapeSelector nor selectAllByDefault (it selects none)',
      );
    });

    it('passes a VMPodScrape, and a ServiceMonitor the operator converts for the VMAgent', () => {
      const podScrape = asVm(
        podMonitor('web', {
          namespace: 'shop',
          selector: { matchLabels: { app: 'web' } },
          port: 'metrics',
        }),
        'VMPodScrape',
      );
      const agent = vmAgent({ selectAllByDefault: true });
      expect(check(shopCluster(podScrape, agent)).message).toContain(
        'VMPodScrape shop/web (loaded by VMAgent vm/agent)',
      );
      expect(check(shopCluster(webMonitor, agent)).message).toContain(
        'ServiceMonitor shop/web (loaded by VMAgent vm/agent)',
      );
    });

    it('is unknown when a VMAgent runs an inline scrape config or selects VMScrapeConfigs', () => {
      const inline = check(
        shopCluster(
          vmAgent({ inlineScrapeConfig: '- job_name: extra\n' }),
          crd('servicemonitors.monitoring.coreos.com'),
        ),
      );
      expect(inline.status).toBe('unknown');
      expect(inline.message).toContain(
        'VMAgent vm/agent also runs the scrape jobs of spec.inlineScrapeConfig',
      );
      const vmScrapeConfig = k8sObject(
        'operator.victoriametrics.com/v1beta1',
        'VMScrapeConfig',
        'extra',
        { namespace: 'vm', spec: { staticConfigs: [] } },
      );
      const viaConfig = check(
        shopCluster(
          vmAgent({ selectAllByDefault: true }),
          vmScrapeConfig,
          crd('servicemonitors.monitoring.coreos.com'),
        ),
      );
      expect(viaConfig.status).toBe('unknown');
      const staticScrape = k8sObject(
        'operator.victoriametrics.com/v1beta1',
        'VMStaticScrape',
        'legacy',
        { namespace: 'vm', spec: { targetEndpoints: [] } },
      );
      const viaStatic = check(
        shopCluster(
          vmAgent({ selectAllByDefault: true, inlineScrapeConfig: 'x' }),
          staticScrape,
          crd('servicemonitors.monitoring.coreos.com'),
        ),
      );
      // One mention of the VMAgent's own jobs, however many kinds of scrape jobs it loads.
      expect(viaStatic.message.split('spec.inlineScrapeConfig')).toHaveLength(
        2,
      );
      expect(viaStatic.message).toContain(
        'VMStaticScrape vm/legacy (loaded by VMAgent vm/agent) defines scrape jobs the checks do not model',
      );
      expect(viaConfig.message).toContain(
        'VMScrapeConfig vm/extra (loaded by VMAgent vm/agent) defines scrape jobs the checks do not model',
      );
    });
  });
});
