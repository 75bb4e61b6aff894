import {
  clusterFrom,
  crd,
  deployment,
  gkeRules,
  k8sObject,
  namespace,
  podsFor,
  prometheus,
  prometheusRule,
  runOne,
  vmOperator,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { monitoringAlertRules } from './monitoring-alert-rules';
import { shopCluster, web, webService } from './monitoring.fixtures';

const check = (
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) =>
  runOne(monitoringAlertRules, clusterFrom(objects, options), {
    workload: 'web',
  });
const promAll = prometheus('k8s', {
  ruleSelector: {},
  ruleNamespaceSelector: {},
});

/** GKE Managed Prometheus ClusterRules or GlobalRules (cluster-scoped) with one group of alerts. */
const gkeClusterScopedRules = (
  kind: 'ClusterRules' | 'GlobalRules',
  name: string,
  alerts: Record<string, string>,
): K8sObject =>
  k8sObject('monitoring.googleapis.com/v1', kind, name, {
    cluster: true,
    spec: gkeRules(name, alerts).spec,
  });

describe('monitoring-alert-rules', () => {
  it('passes when a loaded rule alerts on the namespace, the deployment or the job', () => {
    const byNamespace = prometheusRule(
      'shop',
      { ShopDown: 'sum(up{namespace="shop"}) == 0' },
      { namespace: 'shop' },
    );
    const outcome = check(shopCluster(byNamespace, promAll));
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toBe(
      'Alerts on the whole namespace shop cover Deployment shop/web (none names it): ' +
        'PrometheusRule shop/shop (namespace-wide: ShopDown; loaded by Prometheus monitoring/k8s).',
    );
    expect(outcome.evidence).toMatchObject({
      matchedOn: ['web'],
      namespace: 'shop',
      rules: [{ alerts: ['ShopDown'], namespaceWide: ['ShopDown'] }],
    });
    const byDeployment = prometheusRule(
      'apps',
      {
        WebReplicas:
          "kube_deployment_status_replicas_available{deployment='web'} < 2",
      },
      { namespace: 'monitoring' },
    );
    expect(check(shopCluster(byDeployment, promAll)).status).toBe('pass');
    const byJob = prometheusRule(
      'apps',
      { WebErrors: 'rate(http_errors_total{job=`web`}[5m]) > 1' },
      { namespace: 'monitoring' },
    );
    expect(check(shopCluster(byJob, promAll)).status).toBe('pass');
  });

  it('matches regex matchers against names and pod names, but not match-all regexes', () => {
    const pods = podsFor(web, ['w-1', 'w-2']);
    const byPod = prometheusRule('pods', {
      WebRestarts:
        'increase(kube_pod_container_status_restarts_total{pod=~"web-.*"}[1h]) > 3',
    });
    expect(check(shopCluster(...pods, byPod, promAll)).status).toBe('pass');
    const generic = prometheusRule('generic', {
      PodCrashLooping:
        'rate(restarts{namespace=~".*", job="kube-state-metrics"}[5m]) > 0',
    });
    expect(check(shopCluster(...pods, generic, promAll)).status).toBe('warn');
  });

  describe('namespace matchers', () => {
    const outcomeOf = (alerts: Record<string, string>) =>
      check(
        shopCluster(
          prometheusRule('team', alerts, { namespace: 'shop' }),
          promAll,
        ),
      );

    it("does not take another workload's alert in the namespace for the workload's", () => {
      const outcome = outcomeOf({
        CartDown: 'up{namespace="shop", job="cart"} == 0',
        CartErrors:
          'sum(rate(http_requests_total{namespace="shop",service="cart",code=~"5.."}[5m])) > 1',
        CartUnavailable:
          'kube_deployment_status_replicas_unavailable{namespace="shop",deployment="cart"} > 0',
        CartOrOrders: 'up{namespace=~"shop", job=~"cart|orders"} == 0',
        CartByNamespace:
          'sum by (namespace, job) (up{job="cart"}) == 0 and on (namespace) up{job="cart", namespace="shop"}',
      });
      expect(outcome.status).toBe('warn');
      expect(outcome.evidence).toMatchObject({ rules: [] });
    });

    it("counts a name only where its selector's namespace matchers admit the workload's namespace", () => {
      const statusOf = (expr: string) => outcomeOf({ WebDown: expr }).status;
      // Another workload of the same name, in another namespace.
      expect(statusOf('up{namespace="staging", job="web"} == 0')).toBe('warn');
      expect(statusOf('up{namespace="shop", job="web"} == 0')).toBe('pass');
      expect(statusOf('up{namespace=~"sh.*|qa", job="web"} == 0')).toBe('pass');
      expect(statusOf('up{namespace=~"staging|qa", job="web"} == 0')).toBe(
        'warn',
      );
      expect(statusOf('up{namespace!="staging", job="web"} == 0')).toBe('pass');
      expect(statusOf('up{namespace!="shop", job="web"} == 0')).toBe('warn');
      expect(statusOf('up{namespace!~"sh.*", service=~"web|api"} == 0')).toBe(
        'warn',
      );
    });

    it('keeps the namespace of each name when workloads of another namespace share it', () => {
      const stagingWeb = deployment('web', { namespace: 'staging' });
      const staging = prometheusRule(
        'web',
        { StagingWebDown: 'up{namespace="staging",job="web"} == 0' },
        { namespace: 'staging' },
      );
      const cluster = clusterFrom(
        shopCluster(namespace('staging'), stagingWeb, staging, promAll),
      );
      const outcomeIn = (workload: string) =>
        runOne(monitoringAlertRules, cluster, { workload });
      expect(outcomeIn('Deployment/shop/web').status).toBe('warn');
      expect(outcomeIn('Deployment/shop/web').evidence).toMatchObject({
        rules: [],
      });
      expect(outcomeIn('Deployment/staging/web').message).toBe(
        'Alerts cover Deployment staging/web: PrometheusRule staging/web ' +
          '(StagingWebDown; loaded by Prometheus monitoring/k8s).',
      );
    });

    it('does not count the namespace on a label that is not a namespace label', () => {
      expect(
        outcomeOf({ Nope: 'up{job="nope", note="shop"} == 0' }).status,
      ).toBe('warn');
      expect(
        outcomeOf({ Nope: 'up{job="nope", team=~"shop|payments"} == 0' })
          .status,
      ).toBe('warn');
    });

    it('counts selectors on the whole namespace: equality, regex, exporter jobs, other selectors of the expression', () => {
      for (const expr of [
        'kube_deployment_status_replicas_unavailable{namespace="shop"} > 0',
        'up{namespace=~"shop|payments"} == 0',
        'kube_deployment_status_replicas_unavailable{job="kube-state-metrics", namespace="shop", deployment=~".*"} > 0',
        'sum by (namespace) (rate(container_cpu_usage_seconds_total{job="kubelet", k8s_namespace_name="shop", container!=""}[5m])) > 4',
        'up{namespace="shop", job="cart"} == 0 or absent(up{exported_namespace="shop", phase="Running"})',
      ]) {
        const outcome = outcomeOf({ Wide: expr });
        expect([expr, outcome.status]).toEqual([expr, 'pass']);
        expect(outcome.message).toContain('(namespace-wide: Wide; loaded by');
      }
    });

    it('lists alerts naming the workload apart from namespace-wide ones', () => {
      const outcome = outcomeOf({
        ShopDown: 'up{namespace="shop"} == 0',
        WebDown: 'up{namespace="shop", job="web"} == 0',
        CartDown: 'up{namespace="shop", job="cart"} == 0',
      });
      expect(outcome.message).toBe(
        'Alerts cover Deployment shop/web: PrometheusRule shop/team ' +
          '(WebDown; namespace-wide: ShopDown; loaded by Prometheus monitoring/k8s).',
      );
    });

    it('reads matchers inside selectors only, whatever the strings hold', () => {
      // Braces and matcher-like text inside strings neither open a selector nor end one.
      expect(
        outcomeOf({
          Braces: 'up{job="cart}", namespace="shop", pod=~"{x}"} == 0',
          Outside:
            'label_replace(up{job="cart"}, "namespace", "shop", "", "") == 0',
        }).status,
      ).toBe('warn');
      expect(
        outcomeOf({
          Quoted:
            'label_replace(up{note="a{b", namespace="shop"}, "x", "job=\\"cart\\"}", "", "") == 0',
        }).status,
      ).toBe('pass');
    });
  });

  it('ignores recording rules and alerts about other workloads', () => {
    const rule = prometheusRule('other', { ApiDown: 'up{job="api"} == 0' });
    rule.spec.groups[0].rules.push({
      record: 'web:requests:rate5m',
      expr: 'rate(requests{job="web"}[5m])',
    });
    const outcome = check(shopCluster(rule, promAll));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'No alerting rule mentions Deployment shop/web',
    );
  });

  it('warns when the matching rule is not loaded by any Prometheus', () => {
    const rule = prometheusRule(
      'shop',
      { ShopDown: 'up{namespace="shop"} == 0' },
      { namespace: 'shop' },
    );
    const outcome = check(
      shopCluster(
        rule,
        prometheus('k8s', {
          ruleSelector: { matchLabels: { role: 'alert-rules' } },
          ruleNamespaceSelector: {},
        }),
      ),
    );
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toContain(
      'ruleSelector does not match the labels of PrometheusRule shop/shop',
    );
  });

  describe('GKE Managed Prometheus rules', () => {
    it('passes Rules of the namespace whose selectors name no workload: GKE confines them to the namespace', () => {
      const outcome = check(
        shopCluster(
          gkeRules(
            'alerts',
            { HighLatency: 'histogram_quantile(0.99, latency) > 1' },
            { namespace: 'shop' },
          ),
        ),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Alerts on the whole namespace shop cover Deployment shop/web (none names it): ' +
          'GKE Managed Prometheus Rules shop/alerts (namespace-wide: HighLatency; its queries see namespace shop only).',
      );
      expect(outcome.evidence).toMatchObject({
        rules: [],
        gkeRules: [
          {
            rule: 'GKE Managed Prometheus Rules shop/alerts',
            alerts: ['HighLatency'],
            namespaceWide: ['HighLatency'],
            queryNamespace: 'shop',
          },
        ],
      });
    });

    it('does not count Rules of the namespace about another workload', () => {
      const payments = gkeRules(
        'payments',
        { PaymentsDown: 'up{job="payments"} == 0' },
        { namespace: 'shop' },
      );
      const outcome = check(shopCluster(payments));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain(
        'No alerting rule mentions Deployment shop/web',
      );
      const both = gkeRules(
        'shop',
        {
          PaymentsDown: 'up{job="payments"} == 0',
          WebDown: 'up{job="web"} == 0',
        },
        { namespace: 'shop' },
      );
      expect(check(shopCluster(both)).message).toBe(
        'Alerts cover Deployment shop/web: GKE Managed Prometheus Rules shop/shop ' +
          '(WebDown; its queries see namespace shop only).',
      );
    });

    it('says why Rules of another namespace naming the workload do not cover it', () => {
      const elsewhere = gkeRules(
        'web',
        { WebDown: 'up{namespace="shop", job="web"} == 0' },
        { namespace: 'monitoring' },
      );
      const outcome = check(shopCluster(elsewhere));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'No alerting rule covers Deployment shop/web: GKE Managed Prometheus Rules monitoring/web (WebDown) ' +
          'only sees series of namespace monitoring, as GKE Managed Prometheus confines the queries of a Rules object ' +
          'to its namespace. Its failures may go unnoticed.',
      );
      expect(outcome.remediation).toContain("the workload's namespace");
    });

    it('passes ClusterRules and GlobalRules naming the workload in its namespace', () => {
      for (const kind of ['ClusterRules', 'GlobalRules'] as const) {
        const named = gkeClusterScopedRules(kind, 'web', {
          WebDown: 'up{cluster="c1", namespace="shop", job="web"} == 0',
        });
        expect([kind, check(shopCluster(named)).message]).toEqual([
          kind,
          `Alerts cover Deployment shop/web: GKE Managed Prometheus ${kind} web (WebDown).`,
        ]);
        const byNamespace = gkeClusterScopedRules(kind, 'shop', {
          ShopDown: 'up{namespace="shop"} == 0',
        });
        expect(check(shopCluster(byNamespace)).status).toBe('pass');
      }
    });

    it('does not count ClusterRules about another namespace or about every namespace', () => {
      for (const expr of [
        'up{namespace="staging", job="web"} == 0',
        'up == 0',
        'kube_pod_status_phase{namespace!="kube-system", phase="Pending"} > 0',
      ]) {
        const outcome = check(
          shopCluster(gkeClusterScopedRules('ClusterRules', 'x', { X: expr })),
        );
        expect([expr, outcome.status]).toEqual([expr, 'warn']);
      }
    });

    it('is unknown when ClusterRules or GlobalRules cannot be read and nothing else covers the workload', () => {
      for (const key of [
        'clusterrules.monitoring.googleapis.com',
        'globalrules.monitoring.googleapis.com',
      ]) {
        const outcome = check(
          shopCluster(crd('prometheusrules.monitoring.coreos.com')),
          { fetch: { [key]: 'forbidden' } },
        );
        expect([key, outcome.status]).toEqual([key, 'unknown']);
      }
    });
  });

  it('does not count a PrometheusRule with an expression that does not parse: the operator rejects all of it', () => {
    const broken = prometheusRule(
      'web',
      {
        WebDown: 'up{job="web"} == 0',
        WebErrors: 'rate(errors{job="web"}[5m] > 1',
      },
      { namespace: 'shop' },
    );
    const outcome = check(shopCluster(broken, promAll));
    expect(outcome.status).toBe('warn');
    expect(outcome.message).toBe(
      'PrometheusRule shop/web alerts on Deployment shop/web, but no Prometheus or ThanosRuler loads it: ' +
        'its alert WebErrors is not valid PromQL (the expression ends early, at column 31), and the Prometheus Operator ' +
        'rejects a PrometheusRule with an expression that is not valid PromQL, so none of its rules load.',
    );
    expect(outcome.remediation).toContain('promtool check rules');
    // A broken recording rule rejects the object too.
    const withRecord: K8sObject = prometheusRule(
      'web',
      { WebDown: 'up{job="web"} == 0' },
      { namespace: 'shop' },
    );
    withRecord.spec.groups[0].rules.push({
      record: 'job:up:sum',
      expr: 'sum(up',
    });
    expect(check(shopCluster(withRecord, promAll)).message).toContain(
      'its recording rule job:up:sum is not valid PromQL (the expression ends early, at column 7)',
    );
    // A valid rule beside it still covers the workload.
    const valid = prometheusRule(
      'web-ok',
      { WebDown: 'up{job="web"} == 0' },
      { namespace: 'shop' },
    );
    expect(check(shopCluster(broken, valid, promAll)).status).toBe('pass');
  });

  it('names the rules that no Prometheus loads, in the singular or the plural', () => {
    const rule = (name: string) =>
      prometheusRule(
        name,
        { WebDown: 'up{job="web"} == 0' },
        { namespace: 'shop' },
      );
    const nullSelector = prometheus('k8s', { ruleNamespaceSelector: {} });
    expect(check(shopCluster(rule('web'), nullSelector)).message).toBe(
      'PrometheusRule shop/web alerts on Deployment shop/web, but no Prometheus or ThanosRuler loads it: ' +
        'Prometheus monitoring/k8s has no ruleSelector (it selects none).',
    );
    expect(
      check(shopCluster(rule('web'), rule('web-slo'), nullSelector)).message,
    ).toBe(
      'PrometheusRule shop/web, PrometheusRule shop/web-slo alert on Deployment shop/web, but no Prometheus or ThanosRuler loads them: ' +
        'Prometheus monitoring/k8s has no ruleSelector (it selects none).',
    );
  });

  it('does not count GKE Rules whose PromQL does not parse', () => {
    const outcome = check(
      shopCluster(
        gkeRules(
          'alerts',
          { HighLatency: 'histogram_quantile(0.99, latency > 1' },
          { namespace: 'shop' },
        ),
      ),
    );
    expect(outcome.status).not.toBe('pass');
  });

  it('is unknown without rule CRDs, or when a matching rule has no Prometheus to load it', () => {
    expect(check(shopCluster()).status).toBe('unknown');
    const rule = prometheusRule(
      'shop',
      { ShopDown: 'up{namespace="shop"} == 0' },
      { namespace: 'shop' },
    );
    expect(check(shopCluster(rule)).status).toBe('unknown');
    expect(
      check(shopCluster(crd('prometheusrules.monitoring.coreos.com')), {
        fetch: { 'rules.monitoring.googleapis.com': 'forbidden' },
      }).status,
    ).toBe('unknown');
  });

  describe('enforcedNamespaceLabel', () => {
    /** A Prometheus loading every rule that adds `namespace="<rule's namespace>"` to their expressions. */
    const enforcing = (
      name = 'k8s',
      excluded?: Array<{ ruleNamespace: string; ruleName: string }>,
    ) => {
      const p = prometheus(name, {
        ruleSelector: {},
        ruleNamespaceSelector: {},
      });
      p.spec.enforcedNamespaceLabel = 'namespace';
      if (excluded) p.spec.prometheusRulesExcludedFromEnforce = excluded;
      return p;
    };
    const central = prometheusRule(
      'web',
      { WebDown: 'up{job="web"} == 0' },
      { namespace: 'monitoring' },
    );

    it('does not count a rule of another namespace when every Prometheus loading it confines it to its own namespace', () => {
      const outcome = check(shopCluster(central, enforcing()));
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toBe(
        'No alerting rule covers Deployment shop/web: PrometheusRule monitoring/web (WebDown) only sees series of ' +
          'namespace monitoring, as every Prometheus or ThanosRuler loading it sets enforcedNamespaceLabel. Its failures may go unnoticed.',
      );
      expect(outcome.remediation).toContain(
        'prometheusRulesExcludedFromEnforce',
      );
    });

    it('counts it when the Prometheus exempts it, or when another loader does not enforce the namespace', () => {
      expect(
        check(
          shopCluster(
            central,
            enforcing('k8s', [
              { ruleNamespace: 'monitoring', ruleName: 'web' },
            ]),
          ),
        ).status,
      ).toBe('pass');
      expect(
        check(
          shopCluster(
            central,
            enforcing('k8s', [
              { ruleNamespace: 'monitoring', ruleName: 'other' },
            ]),
          ),
        ).status,
      ).toBe('warn');
      const outcome = check(shopCluster(central, enforcing('tenant'), promAll));
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toContain(
        'loaded by Prometheus monitoring/tenant, Prometheus monitoring/k8s',
      );
    });

    it('reads the enforcedNamespaceLabel of a ThanosRuler loading the rule as that of a Prometheus', () => {
      const ruler = k8sObject(
        'monitoring.coreos.com/v1',
        'ThanosRuler',
        'ruler',
        {
          namespace: 'monitoring',
          spec: { ruleSelector: {}, ruleNamespaceSelector: {} },
        },
      );
      expect(check(shopCluster(central, enforcing(), ruler)).message).toBe(
        'Alerts cover Deployment shop/web: PrometheusRule monitoring/web (WebDown; loaded by Prometheus monitoring/k8s, ThanosRuler monitoring/ruler).',
      );
      ruler.spec.enforcedNamespaceLabel = 'namespace';
      expect(check(shopCluster(central, enforcing(), ruler)).status).toBe(
        'warn',
      );
      expect(check(shopCluster(central, ruler)).status).toBe('warn');
    });

    it("counts a rule of the workload's namespace, where a selector on no namespace is about the whole namespace", () => {
      const team = prometheusRule(
        'team',
        {
          WebDown: 'up{job="web"} == 0',
          AnyDown: 'up == 0',
        },
        { namespace: 'shop' },
      );
      const outcome = check(shopCluster(team, enforcing()));
      expect(outcome.message).toBe(
        'Alerts cover Deployment shop/web: PrometheusRule shop/team (WebDown; namespace-wide: AnyDown; ' +
          'loaded by Prometheus monitoring/k8s; its queries see namespace shop only).',
      );
      expect(outcome.evidence).toMatchObject({
        rules: [{ queryNamespace: 'shop', state: 'selected' }],
      });
    });
  });

  it('in a manifests scan: passes a matching rule, skips without any rule', () => {
    const rule = prometheusRule(
      'shop',
      { ShopDown: 'up{namespace="shop"} == 0' },
      { namespace: 'shop' },
    );
    expect(check([web, webService, rule]).status).toBe('pass');
    expect(check([web, webService]).status).toBe('skipped');
  });

  it("in a manifests scan: another namespace's rules say nothing about this one, a rule here does", () => {
    const otherTeams = prometheusRule(
      'payments',
      { PaymentsDown: 'up{job="payments"} == 0' },
      { namespace: 'payments' },
    );
    const skipped = check([web, webService, otherTeams]);
    expect(skipped.status).toBe('skipped');
    expect(skipped.message).toBe(
      'The scanned manifests contain no PrometheusRule or GKE Managed Prometheus rules in namespace shop or for the whole cluster, and none of the others mentions Deployment shop/web; alerting is judged on a cluster.',
    );
    const neighbour = prometheusRule(
      'cart',
      { CartDown: 'up{job="cart"} == 0' },
      { namespace: 'shop' },
    );
    expect(check([web, webService, neighbour]).status).toBe('warn');
  });

  describe('VictoriaMetrics', () => {
    /** A VMAlert in namespace vm with this spec. */
    const vmAlert = (spec: object) =>
      k8sObject('operator.victoriametrics.com/v1beta1', 'VMAlert', 'main', {
        namespace: 'vm',
        spec,
      });
    /** The same rule object as a VMRule (VictoriaMetrics reads the same groups). */
    const asVmRule = (rule: K8sObject): K8sObject => ({
      ...rule,
      apiVersion: 'operator.victoriametrics.com/v1beta1',
      kind: 'VMRule',
    });
    const webRule = prometheusRule(
      'web',
      { WebDown: 'up{job="web"} == 0' },
      { namespace: 'shop' },
    );

    it('passes a VMRule a VMAlert selects, naming both', () => {
      const outcome = check(
        shopCluster(asVmRule(webRule), vmAlert({ selectAllByDefault: true })),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Alerts cover Deployment shop/web: VMRule shop/web (WebDown; loaded by VMAlert vm/main).',
      );
    });

    it('warns about a VMRule no VMAlert selects, saying why', () => {
      const outcome = check(
        shopCluster(
          asVmRule(webRule),
          vmAlert({ ruleSelector: { matchLabels: { team: 'shop' } } }),
        ),
      );
      expect(outcome.status).toBe('warn');
      expect(outcome.message).toContain('but no VMAlert loads it');
      expect(outcome.message).toContain(
        "VMAlert vm/main's ruleSelector does not match the labels of VMRule shop/web",
      );
    });

    it('counts a PrometheusRule the operator converts for a VMAlert, unless the conversion is off', () => {
      const agent = vmAlert({ selectAllByDefault: true });
      expect(check(shopCluster(webRule, agent)).message).toContain(
        'PrometheusRule shop/web (WebDown; loaded by VMAlert vm/main)',
      );
      const operator = vmOperator(['PROMETHEUSRULE']);
      const off = check(shopCluster(webRule, agent, operator));
      expect(off.status).toBe('warn');
      expect(off.message).toContain(
        'the VictoriaMetrics operator does not convert PrometheusRules for VMAlert vm/main',
      );
    });

    it('does not refuse a VMRule for an expression in MetricsQL beyond PromQL', () => {
      const metricsql = asVmRule(
        prometheusRule(
          'web',
          { WebDown: 'up{job="web"} == 0', WebSlow: 'WITH (x = 1) x' },
          { namespace: 'shop' },
        ),
      );
      const outcome = check(
        shopCluster(metricsql, vmAlert({ selectAllByDefault: true })),
      );
      // Its PromQL alert counts; the MetricsQL one is not read, and nothing is refused.
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toBe(
        'Alerts cover Deployment shop/web: VMRule shop/web (WebDown; loaded by VMAlert vm/main).',
      );
    });
  });
});
