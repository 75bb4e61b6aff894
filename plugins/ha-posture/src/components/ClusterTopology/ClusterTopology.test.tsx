import { HaClusterTopology } from '@ha-posture/plugin-ha-posture-common';
import { screen, within } from '@testing-library/react';
import { clusterDevK3s } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClusterTopology } from './ClusterTopology';

describe('ClusterTopology', () => {
  it('shows a single-node cluster without zones as it is', async () => {
    await renderHa(<ClusterTopology topology={clusterDevK3s().topology!} />);
    expect(
      screen.getByText(
        /1 node in 0 zones: 1 control-plane member \(1 ready\), 1 usable worker/,
      ),
    ).toBeInTheDocument();
    const zone = within(
      screen.getByRole('list', { name: 'Nodes by zone' }),
    ).getByRole('listitem');
    expect(zone).toHaveAttribute('data-zone', '(no zone)');
    expect(within(zone).getByText('control plane')).toBeInTheDocument();
    expect(within(zone).getByText('7 pods')).toBeInTheDocument();
  });

  it('says a managed control plane has no nodes, instead of counting zero members', async () => {
    const topology: HaClusterTopology = {
      zones: ['a', 'b'].map(zone => ({
        zone,
        nodes: [
          {
            name: `w-${zone}`,
            ready: true,
            usable: true,
            controlPlane: false,
            pods: 3,
          },
        ],
      })),
    };
    await renderHa(<ClusterTopology topology={topology} managedControlPlane />);
    expect(
      screen.getByText(
        /2 nodes in 2 zones: control plane managed by the provider \(no nodes of its own\), 2 usable workers/,
      ),
    ).toBeInTheDocument();
  });

  it('says when no node was read', async () => {
    await renderHa(<ClusterTopology topology={{ zones: [] }} />);
    expect(
      screen.getByText('No nodes were read from this cluster.'),
    ).toBeInTheDocument();
  });
});
