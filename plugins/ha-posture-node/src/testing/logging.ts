/** Test builder for log-shipping DaemonSets. */
import { K8sObject } from '../model/snapshot';
import { daemonSet } from './builders';

export interface LogAgentOptions {
  namespace?: string;
  /** Container image (default Fluent Bit). */
  image?: string;
  tolerations?: any[];
  nodeSelector?: Record<string, string>;
  desired?: number;
  ready?: number;
}

/** A DaemonSet running a log agent image. */
export function logAgentDaemonSet(
  name: string,
  options: LogAgentOptions = {},
): K8sObject {
  return daemonSet(name, {
    namespace: options.namespace ?? 'logging',
    desired: options.desired,
    ready: options.ready,
    podSpec: {
      containers: [
        {
          name: 'agent',
          image: options.image ?? 'cr.fluentbit.io/fluent/fluent-bit:3.0.7',
        },
      ],
      ...(options.tolerations ? { tolerations: options.tolerations } : {}),
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
    },
  });
}
