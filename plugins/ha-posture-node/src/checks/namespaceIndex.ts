/**
 * Objects that reach into namespaces (ServiceMonitors with a namespaceSelector, Velero schedules
 * with includedNamespaces ...) indexed by the namespaces they can reach, so a workload only looks
 * at the ones that can concern its namespace instead of at every object of the cluster.
 */
export class NamespaceIndex<T> {
  private readonly everywhere: Array<[number, T]> = [];
  private readonly byNamespace = new Map<string, Array<[number, T]>>();

  /**
   * `reach(item)`: `all`, or the names of the namespaces the item can concern (non-strings are
   * ignored: they name no namespace).
   */
  constructor(items: T[], reach: (item: T) => 'all' | unknown[]) {
    items.forEach((item, position) => {
      const namespaces = reach(item);
      if (namespaces === 'all') {
        this.everywhere.push([position, item]);
        return;
      }
      for (const name of new Set(namespaces)) {
        if (typeof name !== 'string') continue;
        const bucket = this.byNamespace.get(name);
        if (bucket) bucket.push([position, item]);
        else this.byNamespace.set(name, [[position, item]]);
      }
    });
  }

  /** The items that can concern the namespace, in input order. */
  inNamespace(namespace: string): T[] {
    const named = this.byNamespace.get(namespace) ?? [];
    const entries =
      this.everywhere.length === 0
        ? named
        : [...this.everywhere, ...named].sort((a, b) => a[0] - b[0]);
    return entries.map(([, item]) => item);
  }
}
