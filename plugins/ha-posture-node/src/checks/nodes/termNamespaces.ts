/**
 * The namespaces whose pods an inter-pod (anti-)affinity term looks at, as the scheduler reads
 * them: those it lists plus those its namespaceSelector matches; with neither, the pod's own
 * namespace; an empty namespaceSelector, all of them. A selector on other labels than the
 * namespace's name needs the Namespace objects: without them the term cannot be judged.
 */
import { LabelSelector } from '../../engine/labels';
import { ClusterView } from '../../model/view';
import { namespaceSelectorMatch } from '../monitoring/namespaceSelector';
import { perCluster } from '../util';

/** The namespaces a term looks at (undefined: all), or why they cannot be told. */
export type TermNamespaces =
  | { namespaces: ReadonlySet<string> | undefined }
  | { unjudged: string };

/** The namespaces that have pods: a namespace without pods adds nothing to a term. */
const namespacesWithPods = perCluster(cluster => {
  const names = new Set<string>();
  for (const pod of cluster.list('pods'))
    names.add(pod.metadata.namespace ?? 'default');
  return [...names];
});

/** Resolved terms by their namespace fields and the pod's namespace (workloads share a few). */
const resolvedTerms = perCluster(() => new Map<string, TermNamespaces>());

const isSelector = (value: unknown): value is LabelSelector =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The namespaces of a pod affinity term (`namespaces`, `namespaceSelector`) of a pod in `podNamespace`. */
export function termNamespaces(
  cluster: ClusterView,
  podNamespace: string,
  term: { namespaces?: unknown; namespaceSelector?: unknown },
): TermNamespaces {
  const listed = Array.isArray(term.namespaces)
    ? term.namespaces.filter((n): n is string => typeof n === 'string')
    : [];
  const selector = isSelector(term.namespaceSelector)
    ? term.namespaceSelector
    : undefined;
  // A null namespaceSelector is absent; an empty one selects every namespace.
  if (!selector)
    return {
      namespaces: new Set(listed.length > 0 ? listed : [podNamespace]),
    };
  if (Object.keys(selector).length === 0) return { namespaces: undefined };
  const memo = resolvedTerms(cluster);
  const key = JSON.stringify([listed, selector]);
  let resolved = memo.get(key);
  if (!resolved) {
    resolved = selectedNamespaces(cluster, listed, selector);
    memo.set(key, resolved);
  }
  return resolved;
}

function selectedNamespaces(
  cluster: ClusterView,
  listed: string[],
  selector: LabelSelector,
): TermNamespaces {
  const namespaces = new Set(listed);
  for (const namespace of namespacesWithPods(cluster)) {
    if (namespaces.has(namespace)) continue;
    const match = namespaceSelectorMatch(cluster, selector, namespace);
    if (match === 'match') namespaces.add(namespace);
    else if (match !== 'no-match') return { unjudged: match.unverifiable };
  }
  return { namespaces };
}
