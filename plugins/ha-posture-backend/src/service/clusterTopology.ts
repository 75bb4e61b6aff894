import { ClusterView } from '@ha-posture/plugin-ha-posture-node';

export interface TopologyNode {
  name: string;
  ready: boolean;
  controlPlane: boolean;
  usable: boolean;
  pods: number;
}

export interface ClusterTopology {
  /** Nodes grouped by zone; nodes without a zone label are under `(no zone)`. */
  zones: Array<{ zone: string; nodes: TopologyNode[] }>;
}

const NO_ZONE = '(no zone)';

/** Control-plane members and workers per zone, for the cluster detail view. */
export function clusterTopology(view: ClusterView): ClusterTopology {
  const usable = new Set(view.usableWorkers().map(n => n.metadata.name));
  const controlPlane = new Set(view.controlPlaneNodes().map(n => n.metadata.name));
  const podsPerNode = new Map<string, number>();
  for (const pod of view.list('pods')) {
    const node = pod.spec?.nodeName;
    if (typeof node === 'string') podsPerNode.set(node, (podsPerNode.get(node) ?? 0) + 1);
  }
  const zones = new Map<string, TopologyNode[]>();
  for (const node of view.list('nodes')) {
    const name = node.metadata.name;
    const zone = view.zoneOfNode(name) ?? NO_ZONE;
    const list = zones.get(zone) ?? [];
    list.push({
      name,
      ready: view.isNodeReady(node),
      controlPlane: controlPlane.has(name),
      usable: usable.has(name),
      pods: podsPerNode.get(name) ?? 0,
    });
    zones.set(zone, list);
  }
  return {
    zones: [...zones.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([zone, nodes]) => ({ zone, nodes: nodes.sort((a, b) => a.name.localeCompare(b.name)) })),
  };
}
