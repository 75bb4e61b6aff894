/**
 * Finding an external etcd cluster: the kube-apiserver `--etcd-servers` flag, or the
 * `etcd.external.endpoints` of kubeadm's ClusterConfiguration (kube-system/kubeadm-config).
 */
import { containerArgv } from '../../model/goFlags';
import { K8sObject } from '../../model/snapshot';
import { ClusterView } from '../../model/view';
import { componentPods } from './controlPlaneSignals';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function unquote(value: string): string {
  return value.trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** The value of the `--etcd-servers` flag at argv[i] (either form); undefined when argv[i] is another argument. */
function etcdServersAt(argv: string[], i: number): string | undefined {
  if (argv[i].startsWith('--etcd-servers=')) {
    return argv[i].slice('--etcd-servers='.length);
  }
  if (argv[i] === '--etcd-servers') return argv[i + 1];
  return undefined;
}

/** The endpoints of `--etcd-servers=a,b` (or `--etcd-servers a,b`) in any container of the pods. */
export function etcdServersFlag(apiServerPods: K8sObject[]): string[] {
  for (const pod of apiServerPods) {
    const containers = Array.isArray(pod.spec?.containers)
      ? pod.spec.containers
      : [];
    for (const container of containers) {
      const argv = containerArgv(container);
      for (let i = 0; i < argv.length; i++) {
        const value = etcdServersAt(argv, i);
        if (value)
          return value
            .split(',')
            .map(unquote)
            .filter(e => e !== '');
      }
    }
  }
  return [];
}

/** Stacked etcd is reached on the node itself; anything else is a separate etcd cluster. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(endpoint).hostname);
  } catch {
    return LOOPBACK_HOSTS.has(endpoint.split(':')[0]);
  }
}

/**
 * A unix domain socket (`unix:///var/lib/rancher/rke2/server/kine.sock`, `unixs://…`): a process on
 * the same node, in k3s and RKE2 kine (the etcd API in front of SQLite or an external SQL database),
 * not an etcd cluster.
 */
export function isUnixSocketEndpoint(endpoint: string): boolean {
  return /^unixs?:\/\//i.test(endpoint.trim());
}

/** The kine socket the API servers reach their datastore through, if their --etcd-servers names one. */
export function kineSocket(cluster: ClusterView): string | undefined {
  return etcdServersFlag(componentPods(cluster, 'kube-apiserver')).find(
    isUnixSocketEndpoint,
  );
}

/**
 * `etcd.external.endpoints` of a kubeadm ClusterConfiguration (a YAML string). Reads just that
 * path by indentation, as a block list (`- https://…`) or a flow list (`[a, b]`); [] when absent.
 */
export function kubeadmExternalEtcdEndpoints(
  clusterConfiguration: unknown,
): string[] {
  if (typeof clusterConfiguration !== 'string') return [];
  const path: Array<{ indent: number; key: string }> = [];
  const endpoints: string[] = [];
  let listIndent: number | undefined;
  for (const line of clusterConfiguration.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (listIndent !== undefined) {
      const item = /^\s*-\s+(.*)$/.exec(line);
      if (item && indent >= listIndent) {
        endpoints.push(unquote(item[1]));
        continue;
      }
      return endpoints;
    }
    const entry = /^\s*([\w.-]+):\s*(.*)$/.exec(line);
    if (!entry) continue;
    while (path.length > 0 && path[path.length - 1].indent >= indent)
      path.pop();
    path.push({ indent, key: entry[1] });
    if (path.map(p => p.key).join('.') !== 'etcd.external.endpoints') continue;
    const inline = entry[2].trim();
    if (inline.startsWith('[')) {
      return inline
        .replace(/^\[|\]$/g, '')
        .split(',')
        .map(unquote)
        .filter(e => e !== '');
    }
    listIndent = indent;
  }
  return endpoints;
}
