import { screen } from '@testing-library/react';
import { clusters } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { ClusterFacts } from './ClusterFacts';

describe('ClusterFacts', () => {
  it('shows region, flavor and version, nodes, zones and the control plane', async () => {
    const prodUs = clusters().items.find(
      i => i.cluster.name === 'prod-us',
    )!.cluster;
    await renderHa(<ClusterFacts cluster={prodUs} />);
    expect(screen.getByText('Region us-east-1')).toBeInTheDocument();
    expect(screen.getByText(/^eks v1\.30/)).toBeInTheDocument();
    expect(screen.getByText('8 nodes (8 ready) · 3 zones')).toBeInTheDocument();
    expect(screen.getByText('Managed control plane')).toBeInTheDocument();
  });
});
