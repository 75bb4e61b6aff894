/** Which IngressClass an Ingress belongs to. */
import { K8sObject } from '../../model/snapshot';

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
    ingress.metadata.annotations?.['kubernetes.io/ingress.class'] ??
    defaultClass
  );
}
