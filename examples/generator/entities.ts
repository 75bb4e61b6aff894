/**
 * The demo catalog (examples/entities.yaml): the org (groups, users), systems,
 * one Component per catalog service (annotated for the Kubernetes plugin), a
 * component without Kubernetes annotations, and one Resource per cluster.
 * Each component's `dependsOn` lists the clusters it actually runs in.
 */
import fs from 'node:fs';
import YAML from 'yaml';
import { Cluster, K8s } from './lib/cluster';
import { matches } from './lib/selectors';
import { COMPONENTS, Component } from './services';

const TEAMS = [
  {
    name: 'team-shop',
    title: 'Shop team',
    description: 'Storefront, cart, checkout and search.',
    user: { name: 'alice', displayName: 'Alice Martin' },
  },
  {
    name: 'team-payments',
    title: 'Payments team',
    description: 'Payment processing (PCI scope).',
    user: { name: 'bob', displayName: 'Bob Okafor' },
  },
  {
    name: 'team-data',
    title: 'Data team',
    description: 'Databases, search indexing, recommendations and reporting.',
    user: { name: 'carol', displayName: 'Carol Nguyen' },
  },
  {
    name: 'team-platform',
    title: 'Platform team',
    description: 'Kubernetes clusters, ingress, observability and backups.',
    user: { name: 'dave', displayName: 'Dave Schmidt' },
  },
];

const SYSTEMS = [
  {
    name: 'shop',
    title: 'Shop',
    owner: 'team-shop',
    description: 'The customer-facing online shop.',
  },
  {
    name: 'payments',
    title: 'Payments',
    owner: 'team-payments',
    description: 'Card payments and refunds.',
  },
  {
    name: 'data-platform',
    title: 'Data platform',
    owner: 'team-data',
    description: 'Data stores, search and reporting.',
  },
  {
    name: 'platform',
    title: 'Platform',
    owner: 'team-platform',
    description: 'Shared runtime: clusters and their add-ons.',
  },
];

function selectorOf(comp: Component): K8s {
  const sel =
    comp.entityAnnotations?.['backstage.io/kubernetes-label-selector'];
  if (sel)
    return {
      matchLabels: Object.fromEntries(sel.split(',').map(kv => kv.split('='))),
    };
  return { matchLabels: { 'backstage.io/kubernetes-id': comp.id } };
}

function clustersRunning(comp: Component, clusters: Cluster[]): string[] {
  const ns = comp.entityAnnotations?.['backstage.io/kubernetes-namespace'];
  return clusters
    .filter(c =>
      c.objects.some(
        o =>
          ['Deployment', 'StatefulSet'].includes(o.kind) &&
          matches(selectorOf(comp), o.metadata.labels) &&
          (!ns || o.metadata.namespace === ns),
      ),
    )
    .map(c => c.name);
}

export function entities(clusters: Cluster[]): K8s[] {
  const docs: K8s[] = [];
  docs.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name: 'engineering',
      title: 'Engineering',
      description: 'All product and platform engineering teams.',
    },
    spec: {
      type: 'department',
      profile: { displayName: 'Engineering' },
      children: TEAMS.map(t => t.name),
    },
  });
  for (const t of TEAMS) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: t.name, title: t.title, description: t.description },
      spec: {
        type: 'team',
        profile: { displayName: t.title, email: `${t.name}@acme.example` },
        parent: 'engineering',
        children: [],
      },
    });
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: t.user.name },
      spec: {
        profile: {
          displayName: t.user.displayName,
          email: `${t.user.name}@acme.example`,
        },
        memberOf: [t.name],
      },
    });
  }
  for (const s of SYSTEMS) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: s.name, title: s.title, description: s.description },
      spec: { owner: s.owner },
    });
  }
  for (const c of clusters) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: c.name,
        title: c.info.title,
        description: `Kubernetes cluster ${c.name}${
          c.info.region ? ` (${c.info.region})` : ''
        }.`,
        annotations: { 'backstage.io/kubernetes-cluster': c.name },
        tags: ['kubernetes'],
      },
      spec: {
        type: 'kubernetes-cluster',
        owner: 'team-platform',
        system: 'platform',
      },
    });
  }
  for (const comp of COMPONENTS) {
    const annotations: Record<string, string> = {};
    if (comp.selectBy === 'id')
      annotations['backstage.io/kubernetes-id'] = comp.id;
    Object.assign(annotations, comp.entityAnnotations ?? {});
    const runsIn = clustersRunning(comp, clusters);
    if (runsIn.length === 0)
      throw new Error(`component ${comp.id} runs nowhere`);
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: comp.id,
        title: comp.title,
        description: comp.description,
        annotations,
        tags: comp.tags,
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: comp.owner,
        system: comp.system,
        dependsOn: runsIn.map(n => `resource:${n}`),
      },
    });
  }
  // No Kubernetes annotations at all: the HA plugin must say "not applicable", not fail.
  docs.push({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop-design-system',
      title: 'Shop design system',
      description:
        'React component library used by frontend-web (a library: nothing runs in Kubernetes).',
      tags: ['react', 'library'],
    },
    spec: {
      type: 'library',
      lifecycle: 'production',
      owner: 'team-shop',
      system: 'shop',
    },
  });
  return docs;
}

export function writeEntities(file: string, clusters: Cluster[]): void {
  const header =
    '# Demo catalog for the HA posture plugin (generated by examples/generator; do not edit by hand).\n';
  const body = entities(clusters)
    .map(d =>
      YAML.stringify(d, {
        lineWidth: 0,
        version: '1.1',
        indentSeq: true,
        aliasDuplicateObjects: false,
        singleQuote: true,
      }),
    )
    .join('---\n');
  fs.writeFileSync(file, `${header}---\n${body}`);
}
