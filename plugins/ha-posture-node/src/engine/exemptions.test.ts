import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import {
  applyExemption,
  exemptionAnnotation,
  parseExemption,
} from './exemptions';

const failing: HaResult = {
  checkId: 'replica-count',
  category: 'replicas',
  status: 'fail',
  severity: 'critical',
  message: 'Deployment shop/web runs 1 replica',
  target: { cluster: 'c', kind: 'Deployment', namespace: 'shop', name: 'web' },
};
const today = '2024-06-01';
const object = (value: string) => [{ source: 'object' as const, value }];

describe('parseExemption', () => {
  it('parses reason and expiry', () => {
    expect(parseExemption('batch job; until=2024-12-31')).toEqual({
      reason: 'batch job',
      until: '2024-12-31',
    });
    expect(parseExemption('  singleton by design  ')).toEqual({
      reason: 'singleton by design',
    });
    expect(parseExemption('a; b; until = 2024-01-02')).toEqual({
      reason: 'a; b',
      until: '2024-01-02',
    });
  });
  it('rejects empty reasons and bad dates', () => {
    expect(parseExemption('; until=2024-12-31').invalid).toBe(
      'an exemption needs a reason',
    );
    expect(parseExemption('x; until=2024-02-30').invalid).toBe(
      '"2024-02-30" is not a valid date (expected until=YYYY-MM-DD)',
    );
    expect(parseExemption('x; until=31/12/2024').invalid).toMatch(
      /not a valid date/,
    );
  });
  it('names the annotation', () => {
    expect(exemptionAnnotation('replica-count')).toBe(
      'ha-posture.io/exempt-replica-count',
    );
  });
});

describe('applyExemption', () => {
  it('exempts with the reason, keeping severity', () => {
    expect(
      applyExemption(failing, object('singleton; until=2024-06-01'), {}, today),
    ).toEqual({
      ...failing,
      status: 'exempt',
      exemption: { reason: 'singleton', until: '2024-06-01', source: 'object' },
    });
  });
  it('keeps the real status of an expired exemption and says so', () => {
    const result = applyExemption(
      failing,
      object('migration; until=2024-05-31'),
      {},
      today,
    );
    expect(result.status).toBe('fail');
    expect(result.exemption).toEqual({
      reason: 'migration',
      until: '2024-05-31',
      expired: true,
      source: 'object',
    });
    expect(result.message).toBe(
      'Deployment shop/web runs 1 replica (exemption expired on 2024-05-31: migration)',
    );
  });
  it('does not apply invalid dates and says why', () => {
    const result = applyExemption(
      failing,
      object('x; until=tomorrow'),
      {},
      today,
    );
    expect(result.status).toBe('fail');
    expect(result.exemption).toBeUndefined();
    expect(result.message).toMatch(
      /object exemption not applied: "tomorrow" is not a valid date/,
    );
  });
  it('enforces requireExpiry and maxDays', () => {
    expect(
      applyExemption(failing, object('forever'), { requireExpiry: true }, today)
        .message,
    ).toMatch(/expiry \(until=YYYY-MM-DD\) is required/);
    expect(
      applyExemption(
        failing,
        object('x; until=2024-07-01'),
        { maxDays: 30 },
        today,
      ).status,
    ).toBe('exempt');
    expect(
      applyExemption(
        failing,
        object('x; until=2024-07-02'),
        { maxDays: 30 },
        today,
      ).message,
    ).toMatch(/more than 30 days away/);
  });
  it('honours the allow flags', () => {
    const both = [
      { source: 'entity' as const, value: 'team says so' },
      { source: 'object' as const, value: 'object says so' },
    ];
    expect(
      applyExemption(failing, both, { allowEntityAnnotations: false }, today)
        .exemption?.source,
    ).toBe('object');
    const none = applyExemption(
      failing,
      both,
      { allowEntityAnnotations: false, allowObjectAnnotations: false },
      today,
    );
    expect(none.status).toBe('fail');
    expect(none.message).toMatch(/disabled by policy/);
  });
  it('leaves passing results and results without candidates alone', () => {
    expect(
      applyExemption({ ...failing, status: 'pass' }, object('x'), {}, today)
        .status,
    ).toBe('pass');
    expect(applyExemption(failing, [], {}, today)).toBe(failing);
  });
  it('waives unknown and warn results', () => {
    expect(
      applyExemption({ ...failing, status: 'unknown' }, object('x'), {}, today)
        .status,
    ).toBe('exempt');
    expect(
      applyExemption({ ...failing, status: 'warn' }, object('x'), {}, today)
        .status,
    ).toBe('exempt');
  });
});
