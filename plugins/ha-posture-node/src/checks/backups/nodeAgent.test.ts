import {
  clusterFrom,
  nodes,
  pod,
  veleroNodeAgent,
  veleroServer,
} from '../../testing';
import { K8sObject } from '../../model/snapshot';
import { ClusterFromOptions } from '../../testing/harness';
import { nodeAgentIn } from './nodeAgent';

const agentOf = (objects: K8sObject[], options?: ClusterFromOptions) =>
  nodeAgentIn(clusterFrom([...nodes('w', 3), ...objects], options), 'velero');

describe("Velero's node-agent", () => {
  it('is found with the nodes where its pods are Running', () => {
    const [daemonSet, ...pods] = veleroNodeAgent(['w-1', 'w-2', 'w-3']);
    pods[2].status.phase = 'Pending';
    const agent = agentOf([veleroServer(), daemonSet, ...pods]);
    expect(agent.kind).toBe('found');
    expect(agent.kind === 'found' && [...agent.runningOn!].sort()).toEqual([
      'w-1',
      'w-2',
    ]);
  });

  it('leaves out pods being deleted, as Velero does', () => {
    const [daemonSet, ...pods] = veleroNodeAgent(['w-1', 'w-2']);
    pods[0].metadata.deletionTimestamp = '2026-11-20T09:59:00Z';
    const agent = agentOf([veleroServer(), daemonSet, ...pods]);
    expect(agent.kind === 'found' && [...agent.runningOn!]).toEqual(['w-2']);
  });

  it('counts only pods labelled with its name, in its namespace', () => {
    const [daemonSet] = veleroNodeAgent(['w-1']);
    const stray = pod('node-agent-x', {
      namespace: 'velero',
      node: 'w-2',
      labels: { app: 'node-agent' },
    });
    const elsewhere = veleroNodeAgent(['w-3'], { namespace: 'other' });
    const agent = agentOf([veleroServer(), daemonSet, stray, ...elsewhere]);
    expect(agent.kind === 'found' && agent.runningOn?.size).toBe(0);
  });

  it('finds the restic DaemonSet of Velero before 1.10', () => {
    const agent = agentOf([
      veleroServer(),
      ...veleroNodeAgent(['w-1'], { name: 'restic' }),
    ]);
    expect(agent.kind === 'found' && agent.daemonSet.metadata.name).toBe(
      'restic',
    );
  });

  it('serves Windows nodes from node-agent-windows, whose pods it finds by role=node-agent', () => {
    const [windows, ...windowsPods] = veleroNodeAgent(['w-3']);
    windows.metadata.name = 'node-agent-windows';
    for (const agentPod of windowsPods) {
      agentPod.metadata.name = `windows-${agentPod.metadata.name}`;
      agentPod.metadata.labels = {
        name: 'node-agent-windows',
        role: 'node-agent',
      };
    }
    const agent = agentOf([
      veleroServer(),
      ...veleroNodeAgent(['w-1', 'w-2']),
      windows,
      ...windowsPods,
    ]);
    expect(agent.kind === 'found' && [...agent.runningOn!].sort()).toEqual([
      'w-1',
      'w-2',
      'w-3',
    ]);
    expect(agentOf([veleroServer(), windows]).kind).toBe('found');
  });

  it('is missing when the server runs without it, and unverifiable without the server', () => {
    expect(agentOf([veleroServer()])).toEqual({
      kind: 'missing',
      namespace: 'velero',
    });
    expect(agentOf([]).kind).toBe('unverifiable');
    expect(
      agentOf([veleroServer()], { fetch: { 'daemonsets.apps': 'forbidden' } })
        .kind,
    ).toBe('unverifiable');
  });

  it('knows no pods in a manifests scan, and says why when pods cannot be read', () => {
    const [daemonSet] = veleroNodeAgent([]);
    const manifests = nodeAgentIn(
      clusterFrom([veleroServer(), daemonSet]),
      'velero',
    );
    expect(manifests).toEqual({ kind: 'found', daemonSet });
    const forbidden = agentOf([veleroServer(), daemonSet], {
      fetch: { pods: 'forbidden' },
    });
    expect(forbidden.kind === 'found' && forbidden.podsUnknown).toContain(
      'forbidden',
    );
  });
});
