import { CheckOutcome, WorkloadCheck } from '../../model/checks';
import { K8sObject } from '../../model/snapshot';
import { ClusterView, Workload } from '../../model/view';
import { describeObject, listOf, notEvaluable, plural } from '../util';
import { REPLICATED_KINDS } from '../workloads';
import { describeNames } from '../wording';
import { trustedFloorOf } from '../replicas/replicaFloors';
import { STORAGE_KEYS } from './volumes';

/** Modes that let pods on several nodes mount the volume at once. */
const MULTI_NODE_MODES = ['ReadWriteMany', 'ReadOnlyMany'];

type ClaimAccess =
  | {
      claim: string;
      access: 'multi-node' | 'single-node' | 'single-pod';
      modes: string[];
    }
  | { claim: string; access: 'not-reported' | 'missing' };

/**
 * The claims named in the pod template (`volumes[].persistentVolumeClaim.claimName`): every
 * replica mounts the same one. A StatefulSet's volumeClaimTemplates give each pod its own and are
 * not among them, nor are generic ephemeral volumes.
 */
function sharedClaimNames(workload: Workload): string[] {
  const names = new Set<string>();
  for (const volume of listOf(workload.podSpec?.volumes)) {
    const name = volume?.persistentVolumeClaim?.claimName;
    if (typeof name === 'string' && name !== '') names.add(name);
  }
  return [...names];
}

/** The volume's access modes: the bound volume's (status), else the ones the claim asks for. */
function accessModes(pvc: K8sObject): string[] | undefined {
  for (const modes of [pvc.status?.accessModes, pvc.spec?.accessModes]) {
    if (Array.isArray(modes) && modes.length > 0)
      return modes.filter((m): m is string => typeof m === 'string');
  }
  return undefined;
}

function claimAccess(
  cluster: ClusterView,
  namespace: string,
  claim: string,
): ClaimAccess {
  const pvc = cluster.get(STORAGE_KEYS.pvcs, namespace, claim);
  if (!pvc) return { claim, access: 'missing' };
  const modes = accessModes(pvc);
  if (!modes || modes.length === 0) return { claim, access: 'not-reported' };
  if (modes.some(m => MULTI_NODE_MODES.includes(m)))
    return { claim, access: 'multi-node', modes };
  if (modes.includes('ReadWriteOnce'))
    return { claim, access: 'single-node', modes };
  if (modes.includes('ReadWriteOncePod'))
    return { claim, access: 'single-pod', modes };
  return { claim, access: 'not-reported' };
}

/** Nodes the workload's running pods are on, by name. */
function runningNodes(cluster: ClusterView, workload: Workload): string[] {
  const nodes = new Set<string>();
  for (const pod of cluster.podsOf(workload)) {
    const node = pod.spec?.nodeName;
    if (typeof node === 'string' && pod.status?.phase === 'Running')
      nodes.add(node);
  }
  return [...nodes].sort();
}

export const storageSharedClaim: WorkloadCheck = {
  id: 'storage-shared-claim',
  title: 'Replicas do not share a single-node volume',
  category: 'storage',
  severity: 'high',
  scope: 'workload',
  appliesTo: [...REPLICATED_KINDS, 'DaemonSet'],
  rationale:
    'Every replica mounts a claim the pod template names. A ReadWriteOnce volume attaches to one node at a time, so all ' +
    "replicas must run on that node and its failure or drain takes them all (a replica scheduled elsewhere, or a DaemonSet's " +
    'pod on another node, waits with a Multi-Attach error); a ReadWriteOncePod volume lets only one pod run at all. The ' +
    'replicas then protect against nothing.',
  remediation:
    'Give each replica its own volume (a StatefulSet with volumeClaimTemplates, and replication in the application), or use ' +
    'storage that several nodes can mount at once (ReadWriteMany: NFS, EFS, Azure Files, Filestore, CephFS). If the ' +
    'application cannot share its data, run one replica with the Recreate strategy and say so with an exemption.',
  references: [
    'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes',
  ],
  evaluate({ cluster, workload }) {
    const claims = sharedClaimNames(workload);
    if (claims.length === 0) {
      return {
        status: 'skipped',
        message: `${describeObject(
          workload,
        )} mounts no claim shared by its replicas`,
      };
    }
    const blocked = notEvaluable(cluster, STORAGE_KEYS.pvcs);
    if (blocked) return blocked;
    const { floor, outcome } = trustedFloorOf(cluster, workload);
    if (outcome) return outcome;
    if (floor.floor < 2) {
      return {
        status: 'skipped',
        message: `Replica floor is ${floor.floor}: a single pod shares its claims with no other (see replicas-min-floor)`,
      };
    }
    const accesses = claims.map(c =>
      claimAccess(cluster, workload.namespace, c),
    );
    return judge(cluster, workload, floor.floor, accesses);
  },
};

function judge(
  cluster: ClusterView,
  workload: Workload,
  replicas: number,
  accesses: ClaimAccess[],
): CheckOutcome {
  const evidence: Record<string, unknown> = {
    replicas,
    claims: Object.fromEntries(
      accesses.map(a => [a.claim, 'modes' in a ? a.modes : a.access]),
    ),
  };
  const named = (access: ClaimAccess['access']) =>
    accesses.filter(a => a.access === access).map(a => a.claim);
  const claimWord = (names: string[], noun = 'Claim') =>
    `${names.length === 1 ? noun : `${noun}s`} ${describeNames(names)}`;

  const singlePod = named('single-pod');
  const singleNode = named('single-node');
  if (singlePod.length > 0 || singleNode.length > 0) {
    const nodes = runningNodes(cluster, workload);
    evidence.runningOnNodes = nodes;
    const problems: string[] = [];
    const daemon = workload.kind === 'DaemonSet';
    const pods = daemon ? 'pods' : 'replicas';
    if (singlePod.length > 0)
      problems.push(
        `${claimWord(singlePod)} ${
          singlePod.length === 1 ? 'is' : 'are'
        } ReadWriteOncePod: only one pod at a time can use ${
          singlePod.length === 1 ? 'it' : 'them'
        }, so ${replicas - 1} of the ${replicas} ${pods} cannot start`,
      );
    if (singleNode.length > 0)
      problems.push(
        `${claimWord(singleNode)} ${
          singleNode.length === 1 ? 'is' : 'are'
        } ReadWriteOnce: ${
          singleNode.length === 1 ? 'it attaches' : 'they attach'
        } to one node at a time, so ${
          daemon
            ? `of the ${replicas} pods, one per node, only the one on that node can start (the others wait with a Multi-Attach error)`
            : `all ${replicas} replicas must run on that node and its failure or drain takes them all (a replica scheduled elsewhere waits with a Multi-Attach error)`
        }`,
      );
    const where =
      nodes.length > 0
        ? `; running pods are on ${plural(
            nodes.length,
            'node',
          )} (${describeNames(nodes)})`
        : '';
    return {
      status: 'fail',
      message: `${problems.join('; ')}${where}`,
      evidence,
    };
  }

  const unreported = named('not-reported');
  if (unreported.length > 0) {
    return {
      status: 'unknown',
      message: `The access modes of ${claimWord(
        unreported,
        'claim',
      )} are not reported: whether replicas on different nodes can mount ${
        unreported.length === 1 ? 'it' : 'them'
      } is not known`,
      evidence,
    };
  }
  const missing = named('missing');
  if (missing.length > 0) {
    const manifests = cluster.snapshot.mode === 'manifests';
    return {
      status: manifests ? 'skipped' : 'unknown',
      message: manifests
        ? `${claimWord(missing)} ${
            missing.length === 1 ? 'is' : 'are'
          } not among the scanned objects: ${
            missing.length === 1 ? 'its' : 'their'
          } access modes decide whether the replicas can run on different nodes`
        : `${claimWord(missing)} ${
            missing.length === 1 ? 'does' : 'do'
          } not exist in namespace ${workload.namespace}: pods that mount ${
            missing.length === 1 ? 'it' : 'them'
          } cannot start, and ${
            missing.length === 1 ? 'its' : 'their'
          } access modes are not known`,
      evidence,
    };
  }
  const shared = named('multi-node');
  return {
    status: 'pass',
    message: `${claimWord(
      shared,
    )} can be mounted from several nodes at once (${describeNames([
      ...new Set(
        accesses.flatMap(a =>
          'modes' in a ? a.modes.filter(m => MULTI_NODE_MODES.includes(m)) : [],
        ),
      ),
    ])}): the replicas can run on different nodes`,
    evidence,
  };
}
