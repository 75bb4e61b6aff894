import { screen } from '@testing-library/react';
import { entityCheckout } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { groupEntityResults } from '../../lib/results';
import { ClusterSection } from './ClusterSection';

describe('ClusterSection', () => {
  it('shows the cluster, its freshness and read errors, and its workloads', async () => {
    const data = entityCheckout();
    const groups = groupEntityResults(data.report.results, data.workloads);
    const cluster = data.clusters.find(c => c.name === 'prod-eu')!;
    cluster.sources[0].errors = ['GET /apis/velero.io/v1/backups: 503'];
    await renderHa(
      <ClusterSection
        cluster={cluster}
        workloads={data.workloads
          .map((workload, i) => ({ workload, results: groups.byWorkload[i] }))
          .filter(w => w.workload.cluster === 'prod-eu')}
        filterResults={r => r}
      />,
    );
    expect(screen.getByText(cluster.title!)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'prod-eu' })).toHaveAttribute(
      'href',
      '/ha-posture/clusters/prod-eu',
    );
    expect(
      screen.getByText(/Reading prod-eu reported 1 error/),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('workload-prod-eu-shop-checkout'),
    ).toBeInTheDocument();
  });

  it('says when no workload matches the filters', async () => {
    const cluster = entityCheckout().clusters[0];
    await renderHa(
      <ClusterSection
        cluster={cluster}
        workloads={[]}
        filterResults={r => r}
      />,
    );
    expect(
      screen.getByText(/No workloads of this entity match the filters/),
    ).toBeInTheDocument();
  });
});
