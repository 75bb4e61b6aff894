import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityLegacyReports } from '../../__fixtures__';
import { renderHa } from '../../__testUtils__/renderHa';
import { FindingItem, unknownReason } from './FindingItem';

const result = (checkId: string) =>
  entityLegacyReports().report.results.find(r => r.checkId === checkId)!;

describe('FindingItem', () => {
  it('shows message, severity, remediation, evidence and the documentation link of a failure', async () => {
    await renderHa(<FindingItem result={result('backup-schedule-coverage')} />);
    expect(
      screen.getByText(/No Velero schedule or Kasten policy covers/),
    ).toBeInTheDocument();
    expect(screen.getByText('High')).toBeInTheDocument();
    expect(screen.getByText('Remediation')).toBeInTheDocument();
    expect(screen.getByText('Evidence')).toBeInTheDocument();
    expect(screen.getByText('Velero schedules')).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: /About the backup-schedule-coverage check/,
      }),
    ).toHaveAttribute('href', '/ha-posture/checks#backup-schedule-coverage');
  });

  it('folds the details of a passing check', async () => {
    const passing: HaResult = { ...result('probe-liveness'), status: 'pass' };
    await renderHa(<FindingItem result={passing} />);
    expect(screen.queryByText('Remediation')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show details' }));
    expect(screen.getByText('Remediation')).toBeInTheDocument();
  });

  it('names a configured rule as the source of an exemption', async () => {
    const exempt: HaResult = {
      ...result('backup-schedule-coverage'),
      status: 'exempt',
      exemption: { reason: 'GKE add-on', source: 'config' },
    };
    await renderHa(<FindingItem result={exempt} />);
    expect(
      screen.getByText(/no expiry; rule in haPosture\.exemptions\.rules/),
    ).toBeInTheDocument();
  });

  it('shows an expired exemption as no longer applying', async () => {
    const expired: HaResult = {
      ...result('replicas-min-floor'),
      status: 'fail',
      exemption: {
        reason: 'migration',
        until: '2024-01-31',
        expired: true,
        source: 'object',
      },
    };
    await renderHa(<FindingItem result={expired} />);
    expect(screen.getByText(/Expired exemption/)).toBeInTheDocument();
    expect(
      screen.getByText(
        /expired on 2024-01-31: the exemption no longer applies; annotation on the Kubernetes object/,
      ),
    ).toBeInTheDocument();
  });

  it('explains why a result is unknown', async () => {
    const unknown: HaResult = {
      ...result('monitoring-scraped'),
      status: 'unknown',
      message: 'PodMonitors could not be read',
      evidence: { resource: 'podmonitors', fetch: 'not-installed' },
    };
    await renderHa(<FindingItem result={unknown} />);
    expect(screen.getByText(/Why unknown:/)).toBeInTheDocument();
    expect(
      screen.getByText(/This cluster does not serve podmonitors/),
    ).toBeInTheDocument();
    expect(
      unknownReason({ ...unknown, evidence: { fetch: 'unreachable' } }),
    ).toMatch(/did not answer/);
    expect(
      unknownReason({
        ...unknown,
        evidence: { resource: 'schedules.velero.io', fetch: 'error' },
      }),
    ).toMatch(/answer for schedules.velero.io could not be used/);
    expect(unknownReason({ ...unknown, evidence: {} })).toBe('');
  });
});
