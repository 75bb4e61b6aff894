/**
 * Scrape jobs defined outside ServiceMonitors, PodMonitors and PodMonitorings, which the engine
 * cannot read or does not model: a loader's spec.additionalScrapeConfigs (a key of a Secret,
 * never read) and the ScrapeConfig objects a loader selects (any service discovery, static
 * targets). A workload that no monitor selects may still be scraped by them.
 */
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import {
  loadersFor,
  MONITORING_KEYS,
  prometheusSelectionOnce,
  qualifiedName,
  SCRAPE_CONFIG_FIELDS,
} from './prometheus';

/** `Secret monitoring/extra, key prometheus-additional.yaml`. */
function secretKeyOf(reference: any, namespace: string | undefined): string {
  const name =
    typeof reference?.name === 'string' ? reference.name : '(unnamed)';
  const key =
    typeof reference?.key === 'string' ? `, key ${reference.key}` : '';
  return `Secret ${namespace ? `${namespace}/` : ''}${name}${key}`;
}

/**
 * What scrapes outside monitors on the cluster and cannot be verified, as one clause, or undefined
 * when there is none. Loaders scaled to zero scrape nothing and are left out. Once per cluster.
 */
export const unmodelledScraping = perCluster(
  (cluster: ClusterView): string | undefined => {
    const found: string[] = [];
    const running = loadersFor(cluster, SCRAPE_CONFIG_FIELDS).loaders.filter(
      l => !l.idle,
    );
    for (const loader of running) {
      const reference = loader.object.spec?.additionalScrapeConfigs;
      if (reference !== undefined && reference !== null)
        found.push(
          `${
            loader.label
          } also runs the scrape jobs of spec.additionalScrapeConfigs (${secretKeyOf(
            reference,
            loader.object.metadata.namespace,
          )}), a Secret that is never read`,
        );
    }
    const status = cluster.fetchState(MONITORING_KEYS.scrapeConfigs).status;
    if (status === 'ok') {
      for (const scrapeConfig of cluster.list(MONITORING_KEYS.scrapeConfigs)) {
        const selection = prometheusSelectionOnce(
          cluster,
          scrapeConfig,
          SCRAPE_CONFIG_FIELDS,
        );
        if (selection.state === 'rejected') continue;
        const label = `ScrapeConfig ${qualifiedName(scrapeConfig)}`;
        found.push(
          selection.state === 'selected'
            ? `${label} (loaded by ${selection.loaders.join(
                ', ',
              )}) defines scrape jobs the checks do not model`
            : `${label} defines scrape jobs the checks do not model, and which scraper loads it is not verifiable: ${selection.reason}`,
        );
      }
    } else if (status !== 'not-installed') {
      const selecting = running.filter(l => {
        const selector = l.selectors(SCRAPE_CONFIG_FIELDS)?.selector;
        return selector !== undefined && selector !== null;
      });
      if (selecting.length > 0)
        found.push(
          `${selecting.map(l => l.label).join(', ')} ${
            selecting.length === 1 ? 'selects' : 'select'
          } ScrapeConfigs, which could not be read: ${cluster.unavailable(
            MONITORING_KEYS.scrapeConfigs,
          )}`,
        );
    }
    return found.length > 0 ? found.join('; ') : undefined;
  },
);
