import { HaCheck } from '../../model';
import { controlPlaneApiservers } from './control-plane-apiservers';
import { controlPlaneEtcdQuorum } from './control-plane-etcd-quorum';
import { controlPlaneSchedulerControllerManager } from './control-plane-scheduler-controller-manager';
import { controlPlaneNodesZones } from './control-plane-nodes-zones';
import { controlPlaneManaged } from './control-plane-managed';
import { controlPlaneAdmissionWebhooks } from './control-plane-admission-webhooks';

/** Built-in checks of the `control-plane` category. */
export const controlPlaneChecks: HaCheck[] = [
  controlPlaneApiservers,
  controlPlaneEtcdQuorum,
  controlPlaneSchedulerControllerManager,
  controlPlaneNodesZones,
  controlPlaneManaged,
  controlPlaneAdmissionWebhooks,
];
