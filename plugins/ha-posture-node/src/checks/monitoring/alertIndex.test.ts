import { K8sObject } from '../../model/snapshot';
import { gkeRules, prometheusRule } from '../../testing';
import { AlertIndex, RuleAlerts, RuleObject } from './alertIndex';

/** A rule object as ruleObjectsOf gives it. */
const ruleObject = (
  object: K8sObject,
  queryNamespace?: string,
): RuleObject => ({
  object,
  key: `${object.kind!.toLowerCase()}s.monitoring`,
  label: `${object.kind} ${object.metadata.name}`,
  ...(queryNamespace === undefined ? {} : { queryNamespace }),
});
const indexOf = (...objects: K8sObject[]) =>
  new AlertIndex(objects.map(o => ruleObject(o)));

describe('AlertIndex', () => {
  const team = prometheusRule(
    'shop-alerts',
    {
      CartDown:
        'kube_deployment_status_replicas_available{namespace="shop", deployment="cart"} < 1',
      CartErrors: 'rate(http_requests_total{job="cart", code=~"5.."}[5m]) > 1',
      ShopPodsRestart: 'increase(restarts{pod=~"(cart|orders)-.*"}[15m]) > 3',
      OrdersDown: 'sum(up{job="orders"}) == 0',
    },
    { namespace: 'shop' },
  );
  const platform = prometheusRule(
    'platform',
    {
      AnyPending: 'kube_pod_status_phase{namespace=~".*", phase="Pending"} > 0',
      SystemDown: 'up{namespace=~"kube-system|monitor.*"} == 0',
      Weird: 'up{pod=~"[co]art-.*"} == 0',
      ShopPending:
        'kube_pod_status_phase{namespace="shop", phase="Pending"} > 0',
    },
    { namespace: 'monitoring' },
  );
  const index = indexOf(team, platform);
  const found = (
    names: string[],
    podNames: string[] = [],
    namespace = 'elsewhere',
  ) =>
    index
      .mentioning(names, podNames, namespace)
      .found.map(
        r =>
          `${r.rule.object.metadata.name}: ${r.alerts.join(',')}${
            r.namespaceWide.length
              ? ` (wide: ${r.namespaceWide.join(',')})`
              : ''
          }`,
      );

  it('finds alerts by equality matchers on the names, in rule and alert order', () => {
    expect(found(['cart'], [], 'shop')).toEqual([
      'shop-alerts: CartDown,CartErrors',
      'platform: ShopPending (wide: ShopPending)',
    ]);
  });

  it('finds namespace-wide alerts only by the namespace, and only without a narrower matcher', () => {
    // CartDown has namespace="shop" beside deployment="cart": about cart, not about billing.
    expect(found(['billing'], ['billing-1'], 'shop')).toEqual([
      'platform: ShopPending (wide: ShopPending)',
    ]);
    // A namespace value is no name, and a name is no namespace.
    expect(found(['shop'])).toEqual([]);
    expect(found(['x'], [], 'cart')).toEqual([]);
    expect(found(['x'], [], 'monitoring')).toEqual([
      'platform: SystemDown (wide: SystemDown)',
    ]);
  });

  it('looks namespace-wide regexes up once per namespace', () => {
    const wide = indexOf(
      prometheusRule('wide', {
        Regex: 'up{namespace=~"shop|payments"} == 0',
        Narrowed: 'up{namespace=~"shop|payments", job=~"cart|orders"} == 0',
      }),
    );
    const alerts = (names: string[], namespace: string) =>
      wide.mentioning(names, [], namespace).found.map(r => r.alerts.join(','));
    expect(alerts(['checkout'], 'shop')).toEqual(['Regex']);
    expect(alerts(['orders'], 'payments')).toEqual(['Regex,Narrowed']);
    expect(alerts(['checkout'], 'billing')).toEqual([]);
    expect(wide.mentioning(['checkout'], [], 'shop').found[0]).toBe(
      wide.mentioning(['x'], [], 'payments').found[0],
    );
  });

  it('counts a name only where its selector admits the namespace', () => {
    const staging = indexOf(
      prometheusRule('staging', {
        Equal: 'up{namespace="staging", job="web"} == 0',
        Regex: 'up{namespace=~"stag.*|qa", pod=~"web-.*"} == 0',
        NotProd: 'up{namespace!="prod", job="web"} == 0',
        NotKube: 'up{namespace!~"kube-.*", service="web"} == 0',
        Exported:
          'kube_deployment_status_replicas_available{namespace="monitoring", exported_namespace="staging", deployment="web"} < 1',
        Anywhere: 'up{job="web"} == 0',
      }),
    );
    const alerts = (namespace: string) =>
      staging
        .mentioning(['web'], ['web-1'], namespace)
        .found.map(r => r.alerts.join(','));
    expect(alerts('staging')).toEqual([
      'Equal,Regex,NotProd,NotKube,Exported,Anywhere',
    ]);
    expect(alerts('qa')).toEqual(['Regex,NotProd,NotKube,Anywhere']);
    expect(alerts('prod')).toEqual(['NotKube,Anywhere']);
    expect(alerts('kube-system')).toEqual(['NotProd,Anywhere']);
    // Beside exported_namespace, namespace is the exporter's, not the workload's.
    expect(alerts('monitoring')).toEqual(['NotProd,NotKube,Anywhere']);
  });

  it('confines the alerts of a rule whose queries see one namespace to it', () => {
    const confined = new AlertIndex([
      ruleObject(
        gkeRules(
          'shop-rules',
          {
            Latency: 'histogram_quantile(0.99, latency) > 1',
            Cart: 'up{job="cart"} == 0',
            Web: 'up{job="web"} == 0',
            OtherNamespace: 'up{namespace="staging"} == 0',
          },
          { namespace: 'shop' },
        ),
        'shop',
      ),
      ruleObject(prometheusRule('anywhere', { Generic: 'up == 0' })),
    ]);
    const lookup = (name: string, namespace: string) => {
      const mentions = confined.mentioning([name], [], namespace);
      const show = (r: RuleAlerts) =>
        `${r.alerts.join(',')} (wide: ${r.namespaceWide.join(',')})`;
      return {
        found: mentions.found.map(show),
        elsewhere: mentions.confinedElsewhere.map(show),
      };
    };
    // A selector on no namespace is about every workload of the one the rule sees, and nowhere
    // else (a rule seeing every namespace, `Generic`, covers none in particular).
    expect(lookup('web', 'shop')).toEqual({
      found: ['Latency,Web (wide: Latency)'],
      elsewhere: [],
    });
    expect(lookup('cart', 'shop').found).toEqual([
      'Latency,Cart (wide: Latency)',
    ]);
    // Elsewhere, its alerts naming the workload are kept apart.
    expect(lookup('web', 'staging')).toEqual({
      found: [],
      elsewhere: ['Web,OtherNamespace (wide: OtherNamespace)'],
    });
    expect(lookup('api', 'billing')).toEqual({ found: [], elsewhere: [] });
  });

  it('finds alerts whose regex matches a name or a pod name, whatever its shape', () => {
    expect(found(['orders'], ['orders-5d9f-x2'])).toEqual([
      'shop-alerts: ShopPodsRestart,OrdersDown',
    ]);
    expect(found(['x'], ['oart-1'])).toEqual(['platform: Weird']);
    expect(found(['x'], [], 'monitoring')).toEqual([
      'platform: SystemDown (wide: SystemDown)',
    ]);
  });

  it('ignores regexes that match anything and alerts naming nothing of the workload', () => {
    expect(found(['billing'], ['billing-1'])).toEqual([]);
  });

  it('gives lookups that hit the same alerts of a rule the same result object', () => {
    const [first] = index.mentioning(['cart', 'web'], [], 'shop').found;
    const [again] = index.mentioning(['x'], ['cart-1'], 'shop').found;
    expect(again.alerts).toEqual(['ShopPodsRestart']);
    const [same] = index.mentioning(['web', 'cart'], [], 'shop').found;
    expect(same).toBe(first);
    // The same alerts hit another way (namespace-wide rather than by name) are another result.
    const platformHit = (names: string[]) =>
      index
        .mentioning(names, [], 'shop')
        .found.find(r => r.rule.object === platform)!;
    expect(platformHit(['x'])).toBe(platformHit(['y']));
    expect(platformHit(['x']).namespaceWide).toEqual(['ShopPending']);
    expect(platformHit(['shop']).namespaceWide).toEqual(['ShopPending']);
  });

  it('handles rules with more alerts than a lookup key has bits', () => {
    const alerts = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `A${i}`,
        `up{job="${i % 2 ? 'odd' : 'even'}-${i}"} == 0`,
      ]),
    );
    const big = indexOf(prometheusRule('big', alerts));
    const lookup = (...names: string[]) =>
      big.mentioning(names, [], 'default').found;
    const names = (...n: string[]) => lookup(...n).map(r => r.alerts.join(','));
    expect(names('even-0', 'odd-55')).toEqual(['A0,A55']);
    expect(names('odd-55', 'even-0')).toEqual(['A0,A55']);
    expect(names('even-2')).toEqual(['A2']);
    expect(lookup('odd-55')[0]).toBe(lookup('odd-55')[0]);
  });

  it('keeps alert order when a lookup hits many alerts', () => {
    const alerts = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [
        `B${i}`,
        i % 2 ? `up{namespace="big"} == ${i}` : `up{pod=~"big-.*"} == ${i}`,
      ]),
    );
    const many = indexOf(prometheusRule('many', alerts));
    const [all] = many.mentioning(['x'], ['big-1'], 'big').found;
    expect(all.alerts).toEqual(Object.keys(alerts));
    expect(all.namespaceWide).toEqual(
      Object.keys(alerts).filter((_, i) => i % 2),
    );
    expect(many.mentioning(['x'], ['big-1'], 'big').found[0]).toBe(all);
    expect(
      many.mentioning(['x'], ['big-1'], 'small').found[0].namespaceWide,
    ).toEqual([]);
  });
});
