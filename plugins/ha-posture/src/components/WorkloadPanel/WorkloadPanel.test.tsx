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

describe('WorkloadPanel: an Operated workload', () => {
  it('names the custom resource by its kind and group, not "Operated"', async () => {
    const data = entityLegacyReports();
    const workload = {
      ...data.workloads[0],
      kind: 'Operated' as const,
      name: 'pg',
      operatedBy: {
        apiVersion: 'postgresql.cnpg.io/v1',
        kind: 'Cluster',
        name: 'pg',
      },
      replicas: { floor: 3, source: 'pods', available: 3, desired: 3 },
    };
    await renderHa(
      <WorkloadPanel
        workload={workload}
        allResults={[]}
        results={[]}
        clusterZones={data.clusters[0].zones}
      />,
    );
    expect(
      screen.getByText('Cluster (postgresql.cnpg.io)'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Operated')).not.toBeInTheDocument();
    expect(
      screen.getByText(/floor 3 \(counted from its pods/),
    ).toBeInTheDocument();
  });
});
