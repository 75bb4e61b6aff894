import { prometheusRule } from '../../testing';
import { AlertIndex } from './alertIndex';

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
  const index = new AlertIndex([team, platform]);
  const found = (
    names: string[],
    podNames: string[] = [],
    namespace?: string,
  ) =>
    index
      .mentioning(names, podNames, namespace)
      .map(
        r =>
          `${r.rule.metadata.name}: ${r.alerts.join(',')}${
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
    const wide = new AlertIndex([
      prometheusRule('wide', {
        Regex: 'up{namespace=~"shop|payments"} == 0',
        Narrowed: 'up{namespace=~"shop|payments", job=~"cart|orders"} == 0',
      }),
    ]);
    const alerts = (names: string[], namespace: string) =>
      wide.mentioning(names, [], namespace).map(r => r.alerts.join(','));
    expect(alerts(['checkout'], 'shop')).toEqual(['Regex']);
    expect(alerts(['orders'], 'payments')).toEqual(['Regex,Narrowed']);
    expect(alerts(['checkout'], 'billing')).toEqual([]);
    expect(wide.mentioning(['checkout'], [], 'shop')[0]).toBe(
      wide.mentioning(['x'], [], 'payments')[0],
    );
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
    const [first] = index.mentioning(['cart', 'web'], [], 'shop');
    const [again] = index.mentioning(['x'], ['cart-1'], 'shop');
    expect(again.alerts).toEqual(['ShopPodsRestart']);
    const [same] = index.mentioning(['web', 'cart'], [], 'shop');
    expect(same).toBe(first);
    // The same alerts hit another way (namespace-wide rather than by name) are another result.
    const platformHit = (names: string[]) =>
      index.mentioning(names, [], 'shop').find(r => r.rule === platform)!;
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
    const big = new AlertIndex([prometheusRule('big', alerts)]);
    const names = (...n: string[]) =>
      big.mentioning(n, []).map(r => r.alerts.join(','));
    expect(names('even-0', 'odd-55')).toEqual(['A0,A55']);
    expect(names('odd-55', 'even-0')).toEqual(['A0,A55']);
    expect(names('even-2')).toEqual(['A2']);
    expect(big.mentioning(['odd-55'], [])[0]).toBe(
      big.mentioning(['odd-55'], [])[0],
    );
  });

  it('keeps alert order when a lookup hits many alerts', () => {
    const alerts = Object.fromEntries(
      Array.from({ length: 70 }, (_, i) => [
        `B${i}`,
        i % 2 ? `up{namespace="big"} == ${i}` : `up{pod=~"big-.*"} == ${i}`,
      ]),
    );
    const many = new AlertIndex([prometheusRule('many', alerts)]);
    const [all] = many.mentioning(['x'], ['big-1'], 'big');
    expect(all.alerts).toEqual(Object.keys(alerts));
    expect(all.namespaceWide).toEqual(
      Object.keys(alerts).filter((_, i) => i % 2),
    );
    expect(many.mentioning(['x'], ['big-1'], 'big')[0]).toBe(all);
    expect(many.mentioning(['x'], ['big-1'])[0].namespaceWide).toEqual([]);
  });
});
