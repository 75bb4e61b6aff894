/**
 * A catalog entity as the engine sees it: which workloads belong to it, using the Kubernetes
 * plugin's own annotations (backstage.io/kubernetes-id, -label-selector, -namespace, -cluster).
 * @public
 */
export interface EntitySelector {
  /** Backstage entity ref, e.g. `component:default/checkout`. */
  entityRef: string;
  /** `backstage.io/kubernetes-id`: workloads labelled `backstage.io/kubernetes-id=<id>`. */
  kubernetesId?: string;
  /** `backstage.io/kubernetes-label-selector` (takes precedence over kubernetesId). */
  labelSelector?: string;
  /** `backstage.io/kubernetes-namespace`: only this namespace. */
  namespace?: string;
  /** `backstage.io/kubernetes-cluster`: only this cluster. */
  cluster?: string;
  /** Entity annotations, for `ha-posture.io/exempt-<checkId>` exemptions. */
  annotations?: Record<string, string>;
  /** For roll-ups. */
  owner?: string;
  system?: string;
}
