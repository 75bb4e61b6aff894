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
    },
    { namespace: 'monitoring' },
  );
  const index = new AlertIndex([team, platform]);
  const found = (names: string[], podNames: string[] = []) =>
    index
      .mentioning(names, podNames)
      .map(r => `${r.rule.metadata.name}: ${r.alerts.join(',')}`);

  it('finds alerts by equality matchers on the names, in rule and alert order', () => {
    expect(found(['cart', 'shop'])).toEqual([
      'shop-alerts: CartDown,CartErrors',
    ]);
  });

  it('finds alerts whose regex matches a name or a pod name, whatever its shape', () => {
    expect(found(['orders'], ['orders-5d9f-x2'])).toEqual([
      'shop-alerts: ShopPodsRestart,OrdersDown',
    ]);
    expect(found(['x'], ['oart-1'])).toEqual(['platform: Weird']);
    expect(found(['monitoring'])).toEqual(['platform: SystemDown']);
  });

  it('ignores regexes that match anything and alerts naming nothing of the workload', () => {
    expect(found(['billing'], ['billing-1'])).toEqual([]);
  });

  it('gives lookups that hit the same alerts of a rule the same result object', () => {
    const [first] = index.mentioning(['cart', 'shop'], []);
    const [again] = index.mentioning(['shop'], ['cart-1']);
    expect(again.alerts).toEqual(['CartDown', 'ShopPodsRestart']);
    const [same] = index.mentioning(['shop', 'cart'], []);
    expect(same).toBe(first);
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
    expect(many.mentioning(['big'], ['big-1'])[0].alerts).toEqual(
      Object.keys(alerts),
    );
  });
});
