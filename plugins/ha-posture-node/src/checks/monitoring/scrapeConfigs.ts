/**
 * Scrape jobs defined outside ServiceMonitors, PodMonitors and PodMonitorings (and their
 * VictoriaMetrics counterparts), which the engine cannot read or does not model: a loader's
 * spec.additionalScrapeConfigs (a key of a Secret, never read) or a VMAgent's inlineScrapeConfig,
 * and the ScrapeConfig, VMScrapeConfig and VMStaticScrape objects a loader selects (any service
 * discovery, static targets). A workload that no monitor selects may still be scraped by them.
 */
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { perCluster } from '../util';
import {
  loadersFor,
  MONITORING_KEYS,
  prometheusSelectionOnce,
  qualifiedName,
  SCRAPE_CONFIG_FIELDS,
  VM_SCRAPE_CONFIG_FIELDS,
  VM_STATIC_SCRAPE_FIELDS,
} from './prometheus';

/** `Secret monitoring/extra, key prometheus-additional.yaml`. */
function secretKeyOf(reference: any, namespace: string | undefined): string {
  const name =
    typeof reference?.name === 'string' ? reference.name : '(unnamed)';
  const key =
    typeof reference?.key === 'string' ? `, key ${reference.key}` : '';
  return `Secret ${namespace ? `${namespace}/` : ''}${name}${key}`;
}

/** Scrape-job objects and the fields their loaders select them with: Prometheus Operator and VictoriaMetrics. */
const SCRAPE_JOB_KINDS = [
  { key: MONITORING_KEYS.scrapeConfigs, fields: SCRAPE_CONFIG_FIELDS },
  { key: MONITORING_KEYS.vmScrapeConfigs, fields: VM_SCRAPE_CONFIG_FIELDS },
  { key: MONITORING_KEYS.vmStaticScrapes, fields: VM_STATIC_SCRAPE_FIELDS },
];

/**
 * What scrapes outside monitors on the cluster and cannot be verified, as one clause, or undefined
 * when there is none. Loaders scaled to zero scrape nothing and are left out. Once per cluster.
 */
export const unmodelledScraping = perCluster(
  (cluster: ClusterView): string | undefined => {
    const found: string[] = [];
    // A loader of several kinds of scrape jobs is named once for its own extra jobs.
    const seen = new Set<K8sObject>();
    for (const { key, fields } of SCRAPE_JOB_KINDS) {
      const running = loadersFor(cluster, fields).loaders.filter(l => !l.idle);
      for (const loader of running) {
        if (seen.has(loader.object)) continue;
        seen.add(loader.object);
        const spec = loader.object.spec ?? {};
        const reference = spec.additionalScrapeConfigs;
        if (reference !== undefined && reference !== null)
          found.push(
            `${
              loader.label
            } also runs the scrape jobs of spec.additionalScrapeConfigs (${secretKeyOf(
              reference,
              loader.object.metadata.namespace,
            )}), a Secret that is never read`,
          );
        if (typeof spec.inlineScrapeConfig === 'string')
          found.push(
            `${loader.label} also runs the scrape jobs of spec.inlineScrapeConfig, which the checks do not model`,
          );
      }
      const status = cluster.fetchState(key).status;
      if (status === 'ok') {
        for (const scrapeConfig of cluster.list(key)) {
          const selection = prometheusSelectionOnce(
            cluster,
            scrapeConfig,
            fields,
          );
          if (selection.state === 'rejected') continue;
          const label = `${fields.kind} ${qualifiedName(scrapeConfig)}`;
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
          const selector = l.selectors(fields)?.selector;
          return selector !== undefined && selector !== null;
        });
        if (selecting.length > 0)
          found.push(
            `${selecting.map(l => l.label).join(', ')} ${
              selecting.length === 1 ? 'selects' : 'select'
            } ${fields.kind}s, which could not be read: ${cluster.unavailable(
              key,
            )}`,
          );
      }
    }
    return found.length > 0 ? found.join('; ') : undefined;
  },
);
