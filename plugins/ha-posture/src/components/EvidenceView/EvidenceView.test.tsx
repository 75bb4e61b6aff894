import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderHa } from '../../__testUtils__/renderHa';
import { EvidenceView, humanizeKey } from './EvidenceView';

describe('EvidenceView', () => {
  it('humanizes keys', () => {
    expect(humanizeKey('hpaMinReplicas')).toBe('HPA min replicas');
    expect(humanizeKey('pv')).toBe('PV');
    expect(humanizeKey('kube-scheduler')).toBe('Kube scheduler');
  });

  it('renders scalars, lists and nested objects, folding long lists', async () => {
    await renderHa(
      <EvidenceView
        evidence={{
          floor: 1,
          stackedEtcd: false,
          nodes: ['a', 'b'],
          many: Array.from({ length: 12 }, (_, i) => `node-${i}`),
          leader: { holder: 'cp-1', ageSeconds: 3 },
          missing: null,
          excluded: {},
        }}
      />,
    );
    expect(screen.getByText('Stacked etcd').nextSibling).toHaveTextContent(
      'no',
    );
    expect(screen.getByText('Holder').nextSibling).toHaveTextContent('cp-1');
    expect(screen.getByText('Missing').nextSibling).toHaveTextContent('none');
    expect(screen.getByText('Excluded').nextSibling).toHaveTextContent('none');
    expect(screen.queryByText('node-11')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show all 12' }));
    expect(screen.getByText('node-11')).toBeInTheDocument();
  });
});
