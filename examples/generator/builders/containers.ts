/** Small helpers to write container specs and pick nodes for replicas. */
import { Cluster, K8s } from '../lib/cluster';

export interface ContainerOpts {
  name: string;
  image: string;
  ports?: {
    name: string;
    containerPort: number;
    protocol?: string;
    hostPort?: number;
  }[];
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
  readinessProbe?: K8s;
  livenessProbe?: K8s;
  startupProbe?: K8s;
  args?: string[];
  command?: string[];
  env?: K8s[];
  volumeMounts?: K8s[];
  securityContext?: K8s;
}

export function container(o: ContainerOpts): K8s {
  const ct: K8s = { name: o.name, image: o.image };
  if (o.command) ct.command = o.command;
  if (o.args) ct.args = o.args;
  if (o.env) ct.env = o.env;
  if (o.ports) ct.ports = o.ports;
  const resources: K8s = {};
  if (o.requests) resources.requests = o.requests;
  if (o.limits) resources.limits = o.limits;
  ct.resources = resources;
  if (o.readinessProbe) ct.readinessProbe = o.readinessProbe;
  if (o.livenessProbe) ct.livenessProbe = o.livenessProbe;
  if (o.startupProbe) ct.startupProbe = o.startupProbe;
  if (o.volumeMounts) ct.volumeMounts = o.volumeMounts;
  if (o.securityContext) ct.securityContext = o.securityContext;
  return ct;
}

export const httpGet = (
  path: string,
  port: number | string,
  extra: K8s = {},
): K8s => ({ httpGet: { path, port }, ...extra });
export const tcpSocket = (port: number | string, extra: K8s = {}): K8s => ({
  tcpSocket: { port },
  ...extra,
});
export const execProbe = (command: string[], extra: K8s = {}): K8s => ({
  exec: { command },
  ...extra,
});

/**
 * Picks `count` nodes from `candidates`, round-robin over zones (in the order
 * zones first appear), starting at zone `offset`: what a zone-spread scheduler does.
 */
export function spread(
  c: Cluster,
  candidates: string[],
  count: number,
  offset = 0,
): string[] {
  const byZone = new Map<string, string[]>();
  for (const n of candidates) {
    const z = c.node(n).zone ?? '';
    if (!byZone.has(z)) byZone.set(z, []);
    byZone.get(z)!.push(n);
  }
  const zones = [...byZone.keys()];
  const used = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const z = zones[(i + offset) % zones.length];
    const list = byZone.get(z)!;
    const k = used.get(z) ?? 0;
    out.push(list[(k + Math.floor(offset / zones.length)) % list.length]);
    used.set(z, k + 1);
  }
  return out;
}

export const CONTROL_PLANE_TOLERATION: K8s = {
  effect: 'NoSchedule',
  key: 'node-role.kubernetes.io/control-plane',
  operator: 'Exists',
};
export const TOLERATE_ALL: K8s = { operator: 'Exists' };
