/** Clusters running (or not) the `checkout` entity, for the DR check tests. */
import { EntitySelector } from '../../model/entity';
import { ClusterView } from '../../model/view';
import { clusterFrom, deployment, nodes } from '../../testing';

export const checkout: EntitySelector = {
  entityRef: 'component:default/checkout',
  kubernetesId: 'checkout',
};

/**
 * A cluster in `region` (zones `<region>a/b`) running checkout with `available` replicas;
 * `available` undefined: the entity is not deployed there. spec.replicas is `replicas`, by default
 * 0 with 0 available (a warm standby), else at least 2.
 */
export function regionCluster(
  name: string,
  region: string | undefined,
  available?: number,
  options: { regionLabels?: boolean; replicas?: number } = {},
): ClusterView {
  const zones = region ? [`${region}a`, `${region}b`] : [undefined];
  const workers = nodes(
    `${name}-w`,
    2,
    zones,
    options.regionLabels === false || !region ? {} : { region },
  );
  const app =
    available === undefined
      ? []
      : [
          deployment('checkout', {
            namespace: 'shop',
            replicas:
              options.replicas ??
              (available === 0 ? 0 : Math.max(available, 2)),
            available,
            labels: {
              app: 'checkout',
              'backstage.io/kubernetes-id': 'checkout',
            },
          }),
        ];
  return clusterFrom([...workers, ...app], { name });
}
