import { screen } from '@testing-library/react';
import { entityLegacyReports } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { groupEntityResults } from '../../lib/results';
import { WorkloadPanel } from './WorkloadPanel';

describe('WorkloadPanel', () => {
  it('shows the workload, its replicas, its zone map and its findings', async () => {
    const data = entityLegacyReports();
    const results = groupEntityResults(data.report.results, data.workloads)
      .byWorkload[0];
    await renderHa(
      <WorkloadPanel
        workload={data.workloads[0]}
        allResults={results}
        results={results}
        clusterZones={data.clusters[0].zones}
      />,
    );
    expect(
      screen.getByRole('heading', { name: 'reports/legacy-reports' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Replicas: 1 of 1 available · floor 1 \(spec.replicas\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('5 fail · 4 warn · 1 exempt')).toBeInTheDocument();
    expect(screen.getByTestId('placement-verdict')).toHaveTextContent(
      'A single ready pod',
    );
    expect(screen.getByTestId('finding-replicas-min-floor')).toHaveAttribute(
      'data-status',
      'exempt',
    );
  });
});
