import { clusterFrom, crd, prometheus } from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { scrapeConfig, shopCluster } from './monitoring.fixtures';
import { unmodelledScraping } from './scrapeConfigs';

const withAdditional = (options: Parameters<typeof prometheus>[1] = {}) => {
  const prom = prometheus('k8s', options);
  prom.spec.additionalScrapeConfigs = {
    name: 'additional-scrape-configs',
    key: 'prometheus-additional.yaml',
  };
  return prom;
};
const scrapeConfigsCrd = crd('scrapeconfigs.monitoring.coreos.com');
const unmodelled = (
  objects: K8sObject[],
  options: Parameters<typeof clusterFrom>[1] = {},
) => unmodelledScraping(clusterFrom(shopCluster(...objects), options));

describe('unmodelledScraping', () => {
  it('names a running Prometheus with additionalScrapeConfigs and its Secret', () => {
    expect(unmodelled([withAdditional()])).toBe(
      'Prometheus monitoring/k8s also runs the scrape jobs of spec.additionalScrapeConfigs ' +
        '(Secret monitoring/additional-scrape-configs, key prometheus-additional.yaml), a Secret that is never read',
    );
    expect(unmodelled([withAdditional({ replicas: 0 })])).toBeUndefined();
  });

  it('names a ScrapeConfig a Prometheus selects, not one it does not', () => {
    const selecting = prometheus('k8s');
    selecting.spec.scrapeConfigSelector = {};
    expect(unmodelled([selecting, scrapeConfig('web')])).toBe(
      'ScrapeConfig monitoring/web (loaded by Prometheus monitoring/k8s) defines scrape jobs the checks do not model',
    );
    // A null scrapeConfigSelector selects none.
    expect(
      unmodelled([prometheus('k8s'), scrapeConfig('web')]),
    ).toBeUndefined();
    // A null scrapeConfigNamespaceSelector: the Prometheus's own namespace only.
    expect(
      unmodelled([selecting, scrapeConfig('web', { namespace: 'shop' })]),
    ).toBeUndefined();
  });

  it('names the Prometheus that selects ScrapeConfigs when they cannot be read', () => {
    const selecting = prometheus('k8s');
    selecting.spec.scrapeConfigSelector = {};
    expect(
      unmodelled([selecting, scrapeConfigsCrd], {
        fetch: { 'scrapeconfigs.monitoring.coreos.com': 'forbidden' },
      }),
    ).toContain(
      'Prometheus monitoring/k8s selects ScrapeConfigs, which could not be read: scrapeconfigs.monitoring.coreos.com forbidden',
    );
    expect(
      unmodelled([prometheus('k8s'), scrapeConfigsCrd], {
        fetch: { 'scrapeconfigs.monitoring.coreos.com': 'forbidden' },
      }),
    ).toBeUndefined();
  });

  it('finds nothing without additional scrape configs or ScrapeConfigs', () => {
    expect(unmodelled([prometheus('k8s')])).toBeUndefined();
  });
});
