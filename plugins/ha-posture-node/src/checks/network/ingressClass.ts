/** Which IngressClass an Ingress belongs to, and which controllers a class names. */
import { K8sObject } from '../../model/snapshot';

export const INGRESS_CLASSES = 'ingressclasses.networking.k8s.io';
/** The annotation that named a class before spec.ingressClassName; Traefik and Contour still read it. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The IngressClass marked as the cluster's default, which Ingresses without a class get. */
export function defaultIngressClass(classes: K8sObject[]): string | undefined {
  return classes.find(
    c =>
      c.metadata.annotations?.[
        'ingressclass.kubernetes.io/is-default-class'
      ] === 'true',
  )?.metadata.name;
}

/**
 * The class of an Ingress: spec.ingressClassName, else the annotation that preceded it, else the
 * default class (`defaultClass`); undefined when none applies.
 */
export function ingressClassOf(
  ingress: K8sObject,
  defaultClass: string | undefined,
): string | undefined {
  return (
    ingress.spec?.ingressClassName ??
    ingress.metadata.annotations?.[INGRESS_CLASS_ANNOTATION] ??
    defaultClass
  );
}

/**
 * Contour: the IngressClass controller is `projectcontour.io/ingress-controller` (upstream), or
 * `projectcontour.io/<namespace>/<release>-contour` (Bitnami chart); Contour itself selects its
 * Ingresses by class name, not by this string. Its `contour` Deployment is only the xDS control
 * plane: the traffic passes through the Envoy pods it configures (DaemonSet or Deployment `envoy`
 * behind the LoadBalancer Service). Upstream labels them `app: contour` and `app: envoy`
 * (projectcontour/contour examples/render/contour.yaml); the Bitnami chart
 * `app.kubernetes.io/name: contour` with `app.kubernetes.io/component: contour` or `envoy`.
 */
export function isContourController(controller: unknown): boolean {
  // Not a string in a malformed IngressClass: no controller is recognised.
  return (
    typeof controller === 'string' &&
    controller.startsWith('projectcontour.io/')
  );
}
