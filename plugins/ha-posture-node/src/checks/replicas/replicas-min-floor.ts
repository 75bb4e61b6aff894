import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject, OwnerReference } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { describeWorkload, plural } from '../util';
import {
  FLOORED_KINDS,
  describeFloorSource,
  describeKedaScaledObject,
  isKedaHpa,
  HPA_KEY,
  kedaScaledToZero,
  workloadsInNamespace,
} from '../workloads';
import { KedaFloor, kedaFloorOf, SCALED_OBJECTS } from './kedaFloor';
import { replicaFloorOf, trustedFloorOf } from './replicaFloors';

interface Params {
  minReplicas: number;
  minReplicasMultiZone: number;
}

const BUILTIN_OWNER_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'DaemonSet',
  'Rollout',
  'Job',
  'CronJob',
]);

/**
 * The custom resource (operator) that controls the workload, if any: it may replicate across
 * several workloads. An Operated workload already is the pods of one custom resource.
 */
function operatorOf(workload: Workload): OwnerReference | undefined {
  if (workload.kind === 'Operated') return undefined;
  const refs = workload.object.metadata?.ownerReferences;
  const controller = Array.isArray(refs)
    ? refs.find(r => r?.controller === true)
    : undefined;
  return controller && !BUILTIN_OWNER_KINDS.has(controller.kind)
    ? controller
    : undefined;
}

/** Labels that name the application a pod belongs to, most specific first. */
const APP_LABELS = ['app.kubernetes.io/name', 'app', 'k8s-app'];

function appLabelOf(workload: Workload): string | undefined {
  const key = APP_LABELS.find(k => workload.templateLabels[k] !== undefined);
  return key ? `${key}=${workload.templateLabels[key]}` : undefined;
}

/**
 * The members of a replicated service an operator runs as one workload each (Rook's rook-ceph-mon-a,
 * -b, -c): same kind and namespace, same controlling custom resource, same app label.
 */
function operatorGroup(
  cluster: ClusterView,
  workload: Workload,
  operator: OwnerReference,
): Workload[] {
  const app = appLabelOf(workload);
  if (!app) return [workload];
  return workloadsInNamespace(cluster, workload.namespace).filter(w => {
    const owner = operatorOf(w);
    return (
      w.kind === workload.kind &&
      owner?.kind === operator.kind &&
      owner.name === operator.name &&
      appLabelOf(w) === app
    );
  });
}

function hasPersistentData(workload: Workload): boolean {
  const templates = workload.object.spec?.volumeClaimTemplates;
  return Array.isArray(templates) && templates.length > 0;
}

/** The verdict on an operator group's combined floor: below the absolute minimum fails, below the required floor warns. */
function groupStatus(
  effectiveFloor: number,
  required: number,
  minReplicas: number,
): 'pass' | 'warn' | 'fail' {
  if (effectiveFloor >= required) return 'pass';
  if (effectiveFloor >= minReplicas) return 'warn';
  return 'fail';
}

/**
 * How to raise the floor: on the KEDA ScaledObject, the HPA, or spec.replicas, whichever sets it;
 * for an Operated workload, in its custom resource (the operator creates the pods).
 */
function floorRemediation(
  hpa: K8sObject | undefined,
  required: number,
  workload: Workload,
  scaledObject?: K8sObject,
): string {
  if (scaledObject)
    return `Set minReplicaCount to at least ${required} on KEDA ScaledObject ${
      scaledObject.metadata.name
    }${
      typeof scaledObject.spec?.idleReplicaCount === 'number'
        ? ', and remove its idleReplicaCount'
        : ''
    }: KEDA scales the workload down to it, whatever spec.replicas says.`;
  if (workload.kind === 'Operated')
    return `Raise the instance (replica) count in ${describeWorkload(
      workload,
    )} to at least ${required}: its operator creates the pods the resource asks for.`;
  if (!hpa) return `Set spec.replicas to at least ${required}.`;
  return isKedaHpa(hpa)
    ? `Set minReplicaCount to at least ${required} on ${describeKedaScaledObject(
        hpa,
      )} (it owns HPA ${hpa.metadata.name}).`
    : `Set minReplicas of HPA ${hpa.metadata.name} to at least ${required}; it overrides spec.replicas.`;
}

/** What the cluster asks of every workload: the minimum floor, and the wording of the zones behind it. */
interface Requirement {
  required: number;
  minReplicas: number;
  zoneNote: string;
  zones: number;
}

/**
 * A floor KEDA sets (see kedaFloor.ts): what its ScaledObject lets KEDA scale the workload down to,
 * whatever spec.replicas or KEDA's own HPA say.
 */
function judgeKedaFloor(
  cluster: ClusterView,
  workload: Workload,
  keda: KedaFloor,
  need: Requirement,
): CheckOutcome {
  const so = keda.scaledObject;
  const source = `KEDA ScaledObject ${so.metadata.name} ${keda.setting}`;
  const evidence = {
    floor: keda.floor,
    source: 'scaledobject',
    scaledObject: so.metadata.name,
    minReplicaCount: so.spec?.minReplicaCount,
    idleReplicaCount: so.spec?.idleReplicaCount,
    specReplicas: workload.specReplicas,
    required: need.required,
    zones: need.zones,
    ...(keda.others.length > 0 ? { otherScaledObjects: keda.others } : {}),
  };
  const others =
    keda.others.length > 0
      ? ` (also ${keda.others
          .map(name => `ScaledObject ${name}`)
          .join(', ')}: several ScaledObjects on one workload fight over it)`
      : '';
  const remediation = floorRemediation(undefined, need.required, workload, so);
  const declared = workload.object.spec?.replicas;
  if (keda.floor >= need.required) {
    // As with an HPA: a lower spec.replicas is applied on every deploy, until KEDA raises it back.
    if (
      cluster.snapshot.mode === 'manifests' &&
      typeof declared === 'number' &&
      declared < keda.floor
    )
      return {
        status: 'warn',
        message: `The manifest sets spec.replicas ${declared}, below the floor of ${source}${others}: every apply scales it down to ${plural(
          declared,
          'replica',
        )} until KEDA raises it back`,
        remediation: `Remove spec.replicas from the ${workload.kind} manifest and let KEDA own the replica count.`,
        evidence,
      };
    return {
      status: 'pass',
      message: `Replica floor ${keda.floor} (${source})${others} meets the minimum of ${need.required}${need.zoneNote}`,
      evidence,
    };
  }
  let message: string;
  if (keda.floor === 0)
    message = `${source}${others} lets KEDA scale it to 0 replicas while no event comes: nothing serves then, and the first requests wait for a pod to be scheduled and start`;
  else if (keda.floor === 1)
    message = `${source}${others} lets KEDA scale it down to a single replica: a node failure, drain or crash takes it down`;
  else
    message = `Replica floor ${keda.floor} (${source})${others} is below the minimum of ${need.required}${need.zoneNote}: a zone outage can leave a single replica`;
  return {
    status: keda.floor >= need.minReplicas ? 'warn' : 'fail',
    message,
    remediation,
    evidence,
  };
}

/**
 * `unknown` when KEDA's HPA targets the workload but ScaledObjects cannot be read: the ScaledObject
 * may let KEDA scale below that HPA's minReplicas.
 */
function kedaUnreadable(
  cluster: ClusterView,
  workload: Workload,
): CheckOutcome | undefined {
  const status = cluster.fetchState(SCALED_OBJECTS).status;
  if (status === 'ok' || status === 'not-installed' || status === 'absent')
    return undefined;
  if (cluster.fetchState(HPA_KEY).status !== 'ok') return undefined;
  const hpa = cluster.hpaFor(workload);
  if (!hpa || !isKedaHpa(hpa)) return undefined;
  return {
    status: 'unknown',
    message: `Replica floor unknown: ${describeKedaScaledObject(
      hpa,
    )} scales it through HPA ${hpa.metadata.name}, but ${cluster.unavailable(
      SCALED_OBJECTS,
    )}: its minReplicaCount or idleReplicaCount may let KEDA scale it below that HPA's minReplicas`,
    evidence: { hpa: hpa.metadata.name, resource: SCALED_OBJECTS },
  };
}

export const replicasMinFloor: WorkloadCheck<Params> = {
  id: 'replicas-min-floor',
  title: 'Replica floor survives a failure',
  category: 'replicas',
  severity: 'critical',
  scope: 'workload',
  appliesTo: FLOORED_KINDS,
  rationale:
    'The floor is the fewest replicas the workload can run: what a KEDA ScaledObject lets KEDA scale it down to (idleReplicaCount, ' +
    'else minReplicaCount, 0 by default) when one targets it, else the HPA minReplicas when an HPA targets it, else spec.replicas ' +
    "(for pods an operator's custom resource controls, the pods it runs: the resource itself is not read). " +
    'With a floor of 1, a node failure, a drain or a crash takes the service down; with 2 replicas in a 3-zone cluster a zone outage leaves a single replica. ' +
    'In manifests, spec.replicas below the HPA minReplicas is applied on every deploy, and the replicas drop until the HPA scales them back.',
  remediation:
    'Raise spec.replicas, or the minReplicas of the HPA (which overrides spec.replicas), or the minReplicaCount of the KEDA ScaledObject, ' +
    'to at least 2, and to 3 when the cluster spans 3 or more zones.',
  parameters: {
    minReplicas: {
      description: 'Smallest acceptable replica floor.',
      default: 2,
      minimum: 1,
      integer: true,
    },
    minReplicasMultiZone: {
      description:
        'Smallest acceptable floor when the cluster has 3 or more zones.',
      default: 3,
      minimum: 1,
      integer: true,
    },
  },
  references: [
    'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#scaling-a-deployment',
    'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/',
    'https://kubernetes.io/docs/setup/best-practices/multiple-zones/',
  ],
  evaluate({ cluster, workload, params }) {
    // The zones the cluster is built over, not only those with a usable worker right now: a zone
    // outage must not lower what a workload needs.
    const zoneCount = cluster.workerZones.length;
    const zonesDown = zoneCount - cluster.zones.length;
    const multiZone = zoneCount >= 3;
    const required = multiZone
      ? Math.max(params.minReplicas, params.minReplicasMultiZone)
      : params.minReplicas;

    let zoneNote = multiZone
      ? ` for a cluster with ${zoneCount} zones${
          zonesDown > 0
            ? ` (${zonesDown} of them without a usable worker right now)`
            : ''
        }`
      : '';
    // Without zone labels (or nodes) the cluster may span zones all the same: say the higher minimum was not applied.
    if (
      !cluster.hasZoneLabels &&
      params.minReplicasMultiZone > params.minReplicas
    )
      zoneNote = ` (zones unknown: no node with a zone label in the input, so the minimum of ${params.minReplicasMultiZone} for clusters spanning 3 or more zones was not applied)`;

    // A ScaledObject sets the floor whatever spec.replicas says (KEDA raises a workload at 0 to
    // its minReplicaCount).
    const kedaFloor = kedaFloorOf(cluster, workload);
    if (kedaFloor)
      return judgeKedaFloor(cluster, workload, kedaFloor, {
        required,
        minReplicas: params.minReplicas,
        zoneNote,
        zones: zoneCount,
      });
    const unreadable = kedaUnreadable(cluster, workload);
    if (unreadable) return unreadable;

    // Scaled to zero under KEDA's HPA (its ScaledObject not read): idled between events, not
    // retired; its floor is 0.
    const keda = kedaScaledToZero(cluster, workload);
    if (keda) {
      return {
        status: 'fail',
        message: `Scaled to zero while idle by ${describeKedaScaledObject(
          keda,
        )} (minReplicaCount 0, through HPA ${
          keda.metadata.name
        }): its floor is 0 replicas, so nothing serves until KEDA sees an event, and the first requests wait for a pod to be scheduled and start`,
        remediation: floorRemediation(keda, required, workload),
        evidence: {
          floor: 0,
          source: 'keda',
          specReplicas: 0,
          required,
          hpa: keda.metadata.name,
          hpaMinReplicas: keda.spec?.minReplicas ?? 1,
          hpaMaxReplicas: keda.spec?.maxReplicas,
        },
      };
    }
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;

    const hpa = floor.hpa;
    const operator = operatorOf(workload);
    const group = operator
      ? operatorGroup(cluster, workload, operator)
      : [workload];
    // An operator's one-replica members together form the replicated service.
    const effectiveFloor =
      group.length > 1
        ? group.reduce((sum, w) => sum + replicaFloorOf(cluster, w).floor, 0)
        : floor.floor;
    const groupText =
      group.length > 1
        ? `${operator!.kind} ${operator!.name} runs ${
            group.length
          } ${appLabelOf(workload)} members as separate ${
            workload.kind
          }s (${group.map(w => w.name).join(', ')})`
        : undefined;
    const evidence = {
      floor: floor.floor,
      source: floor.source,
      specReplicas: workload.specReplicas,
      required,
      zones: zoneCount,
      ...(hpa
        ? {
            hpa: hpa.metadata.name,
            hpaMinReplicas: floor.floor,
            hpaMaxReplicas: hpa.spec?.maxReplicas,
          }
        : {}),
      ...(operator ? { operator: `${operator.kind}/${operator.name}` } : {}),
      ...(group.length > 1
        ? { operatorGroup: group.map(w => w.name), groupFloor: effectiveFloor }
        : {}),
    };
    if (groupText) {
      return {
        status: groupStatus(effectiveFloor, required, params.minReplicas),
        message: `${groupText}: ${effectiveFloor} together${
          effectiveFloor >= required ? ' meet' : ' fall short of'
        } the minimum of ${required}${zoneNote}`,
        remediation: `Raise the number of ${appLabelOf(workload)} members in ${
          operator!.kind
        } ${operator!.name} to at least ${required}.`,
        evidence,
      };
    }
    // In manifests an HPA's target usually leaves spec.replicas unset: a lower value is applied on
    // every deploy (kubectl apply, a GitOps sync), and the replicas drop until the HPA scales back.
    const declaredReplicas = workload.object.spec?.replicas;
    if (
      floor.floor >= required &&
      hpa &&
      cluster.snapshot.mode === 'manifests' &&
      typeof declaredReplicas === 'number' &&
      declaredReplicas < floor.floor
    ) {
      return {
        status: 'warn',
        message: `The manifest sets spec.replicas ${declaredReplicas}, below the minReplicas ${
          floor.floor
        } of HPA ${hpa.metadata.name}: every apply scales it down to ${plural(
          declaredReplicas,
          'replica',
        )} until the autoscaler scales it back`,
        remediation: `Remove spec.replicas from the ${workload.kind} manifest and let HPA ${hpa.metadata.name} own the replica count.`,
        evidence,
      };
    }
    if (floor.floor >= required) {
      return {
        status: 'pass',
        message: `Replica floor ${floor.floor} (${describeFloorSource(
          floor,
          workload,
        )}) meets the minimum of ${required}${zoneNote}`,
        evidence,
      };
    }

    // Recreate never runs two pods at once, the mark of a singleton by design (a controller that
    // would act twice): more replicas alone would break it.
    const singleton =
      floor.floor <= 1 &&
      // An Argo Rollout has no Recreate strategy (canary or blueGreen only).
      workload.kind === 'Deployment' &&
      workload.object.spec?.strategy?.type === 'Recreate';
    const remediation = singleton
      ? `${floorRemediation(
          hpa,
          required,
          workload,
        )} Its Recreate strategy suggests it must not run twice at once: give it leader election (only the leader acts, a standby takes over), or accept the risk with the annotation ha-posture.io/exempt-replicas-min-floor: "<reason>".`
      : floorRemediation(hpa, required, workload);
    const operatorNote = operator
      ? `. It is controlled by ${operator.kind} ${operator.name}; if that operator replicates across several ${workload.kind}s, exempt this check with the annotation ha-posture.io/exempt-replicas-min-floor.`
      : '';

    let message: string;
    if (hpa && floor.floor < (workload.specReplicas ?? 1)) {
      message = `spec.replicas is ${workload.specReplicas} but HPA ${
        hpa.metadata.name
      } has minReplicas ${
        floor.floor
      }: under low load the autoscaler drops it to ${plural(
        floor.floor,
        'replica',
      )}`;
    } else if (floor.floor <= 1) {
      message = `Runs ${
        floor.floor === 0 ? 'as few as 0 replicas' : 'a single replica'
      } (${describeFloorSource(
        floor,
        workload,
      )}): a node failure, drain or crash takes it down`;
      if (
        (workload.kind === 'StatefulSet' && hasPersistentData(workload)) ||
        (workload.kind === 'Operated' && cluster.pvcsOf(workload).length > 0)
      ) {
        message += ', and its data exists in one copy';
      }
    } else {
      message = `Replica floor ${floor.floor} (${describeFloorSource(
        floor,
        workload,
      )}) is below the minimum of ${required}${zoneNote}: a zone outage can leave a single replica`;
    }
    return {
      status: floor.floor >= params.minReplicas ? 'warn' : 'fail',
      message: message + operatorNote,
      remediation,
      evidence,
    };
  },
};
