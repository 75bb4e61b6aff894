/**
 * The workloads that run an IngressClass's controller, found by the flags that name the class or
 * controller, else by the app label of the controller's chart; and the flags their containers give.
 */
import { containerArgv } from '../../model/goFlags';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { longRunningContainers } from '../util';
import { isContourController } from './ingressClass';

/** `app.kubernetes.io/name` (or `app`) values of the well-known in-cluster controllers' pods. */
const CONTROLLER_APP_NAMES: Record<string, string[]> = {
  'k8s.io/ingress-nginx': ['ingress-nginx'],
  'nginx.org/ingress-controller': ['nginx-ingress'],
  'traefik.io/ingress-controller': ['traefik'],
  'haproxy.org/ingress-controller/haproxy': [
    'kubernetes-ingress',
    'haproxy-ingress',
  ],
  'haproxy-ingress.github.io/controller': ['haproxy-ingress'],
  'ingress-controllers.konghq.com/kong': ['kong', 'ingress-kong'],
  'istio.io/ingress-controller': ['istio-ingressgateway'],
  'webapprouting.kubernetes.azure.com/nginx': ['nginx'],
};

/** Helper workloads that charts label like the controller but that carry no traffic. */
const NON_CONTROLLER_COMPONENTS = new Set([
  'default-backend',
  'admission-webhook',
]);

/**
 * Flags that name the IngressClass a controller serves (ingress-nginx `--ingress-class`, Contour
 * `--ingress-class-name`, which takes a comma-separated list).
 */
const CLASS_FLAGS = [
  '--ingress-class',
  '--ingressclass',
  '--ingress-class-name',
];

/** `app.kubernetes.io/name` (or `app`) values of the controller's pods. */
function appNamesOf(controller: string): string[] {
  if (isContourController(controller)) return ['contour'];
  return CONTROLLER_APP_NAMES[controller] ?? [];
}

/** The values the workload's containers give any of the flags, as `--flag=value` or `--flag value`. */
export function flagValues(workload: Workload, flags: string[]): string[] {
  const values: string[] = [];
  for (const c of longRunningContainers(workload.podSpec)) {
    const argv = containerArgv(c);
    argv.forEach((arg, i) => {
      for (const flag of flags) {
        if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
        else if (arg === flag && argv[i + 1] && !argv[i + 1].startsWith('-'))
          values.push(argv[i + 1]);
      }
    });
  }
  return values;
}

/** The workloads of an IngressClass: named by a container flag, else by the chart's app label. */
export function controllerWorkloads(
  cluster: ClusterView,
  ingressClass: K8sObject,
): Workload[] {
  const controller: string = ingressClass.spec?.controller;
  const className = ingressClass.metadata.name;
  const candidates = cluster.workloads().filter(w => w.kind !== 'Pod');
  const byFlag = candidates.filter(
    w =>
      flagValues(w, ['--controller-class']).includes(controller) ||
      flagValues(w, CLASS_FLAGS).some(v => v.split(',').includes(className)),
  );
  if (byFlag.length > 0) return byFlag;
  const appNames = appNamesOf(controller);
  return candidates.filter(w => {
    const labels = w.templateLabels;
    const app = labels['app.kubernetes.io/name'] ?? labels.app ?? labels.istio;
    return (
      app !== undefined &&
      appNames.includes(app) &&
      !NON_CONTROLLER_COMPONENTS.has(
        labels['app.kubernetes.io/component'] ?? '',
      )
    );
  });
}
