import { screen, within } from '@testing-library/react';
import { renderHa } from '../../__testUtils__/renderHa';
import { placementVerdict, ZoneMap } from './ZoneMap';

const zones = ['eu-central-1a', 'eu-central-1b', 'eu-central-1c'];
const pod = (name: string, node?: string, zone?: string, ready = true) => ({
  pod: name,
  node,
  zone,
  ready,
});

describe('placementVerdict', () => {
  it('calls out replicas on one node, in one zone, or spread', () => {
    expect(
      placementVerdict(
        [pod('a', 'n1', 'eu-central-1a'), pod('b', 'n1', 'eu-central-1a')],
        zones,
      ),
    ).toMatchObject({
      status: 'fail',
      text: 'All replicas on one node: 2 ready pods on 1 node in 1 of 3 zones',
    });
    expect(
      placementVerdict(
        [pod('a', 'n1', 'eu-central-1a'), pod('b', 'n2', 'eu-central-1a')],
        zones,
      ),
    ).toMatchObject({
      status: 'warn',
      text: 'All replicas in one zone: 2 ready pods on 2 nodes in 1 of 3 zones',
    });
    expect(
      placementVerdict(
        [pod('a', 'n1', 'eu-central-1a'), pod('b', 'n2', 'eu-central-1b')],
        zones,
      ),
    ).toMatchObject({
      status: 'pass',
    });
    expect(
      placementVerdict([pod('a', 'n1', 'eu-central-1a')], zones).text,
    ).toMatch(/^A single ready pod/);
    expect(
      placementVerdict([pod('a', 'n1', undefined, false)], zones).text,
    ).toBe('No ready pod (1 pod)');
    expect(placementVerdict([], zones).text).toBe('No pods running');
  });

  it('does not ask for zones in a cluster without zones', () => {
    expect(
      placementVerdict([pod('a', 'n1'), pod('b', 'n2')], []),
    ).toMatchObject({
      status: 'pass',
      text: 'Spread: 2 ready pods on 2 nodes',
    });
  });
});

describe('ZoneMap', () => {
  it('draws every zone of the cluster, its nodes and pods; empty zones stay visible', async () => {
    await renderHa(
      <ZoneMap
        clusterZones={zones}
        placement={[
          pod('web-1', 'worker-1', 'eu-central-1a'),
          pod('web-2', 'worker-1', 'eu-central-1a', false),
          pod('web-3', undefined, undefined, false),
        ]}
      />,
    );
    expect(screen.getByTestId('placement-verdict')).toHaveTextContent(
      'A single ready pod',
    );
    const columns = within(
      screen.getByRole('list', { name: 'Pods by zone and node' }),
    ).getAllByRole('listitem');
    expect(columns.map(c => c.getAttribute('data-zone'))).toEqual([
      ...zones,
      'Not scheduled',
    ]);
    expect(
      within(columns[0]).getByRole('img', { name: 'Pod web-1 ready' }),
    ).toBeInTheDocument();
    expect(
      within(columns[0]).getByRole('img', { name: 'Pod web-2 not ready' }),
    ).toBeInTheDocument();
    expect(columns[1]).toHaveTextContent('no pods in this zone');
    expect(
      within(columns[3]).getByRole('img', { name: 'Pod web-3 not ready' }),
    ).toBeInTheDocument();
  });
});
