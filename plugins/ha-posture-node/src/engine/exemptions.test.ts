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
  it('keeps the documented forms and spacing', () => {
    expect(parseExemption('x;until=2024-12-31')).toEqual({
      reason: 'x',
      until: '2024-12-31',
    });
    expect(parseExemption('  x ;  until =  2024-12-31  ')).toEqual({
      reason: 'x',
      until: '2024-12-31',
    });
    expect(parseExemption('x; Until=2024-12-31')).toEqual({
      reason: 'x',
      until: '2024-12-31',
    });
    expect(parseExemption('waits for JIRA-1, then 2.0')).toEqual({
      reason: 'waits for JIRA-1, then 2.0',
    });
  });
  it.each([
    [
      'known; until=2020-01-01 (JIRA-1)',
      /until=2020-01-01 must end the annotation \(found "\(JIRA-1\)" after it\)/,
    ],
    [
      'known, until=2020-01-01',
      /"until=" must follow the reason after a semicolon/,
    ],
    ['known until=2020-01-01', /must follow the reason after a semicolon/],
    ['known; until: 2020-01-01', /"until:" is not the expiry syntax/],
    ['known; until=2020-01-01; until=2099-01-01', /until= appears 2 times/],
    ['known; until=2099-01-01; UNTIL=2020-01-01', /until= appears 2 times/],
    ['known; until=', /"" is not a valid date/],
    ['known; until=2020-1-1', /"2020-1-1" is not a valid date/],
    ['known; until=2023-02-29', /"2023-02-29" is not a valid date/],
    [
      'known; until=2020-01-01;',
      /must end the annotation \(found ";" after it\)/,
    ],
    ['until=2099-01-01', /needs a reason/],
    [';', /needs a reason/],
    [' ; ;, - ', /needs a reason/],
    ['', /needs a reason/],
    [';; until=2099-01-01', /needs a reason/],
  ])('rejects %p', (value, why) => {
    expect(parseExemption(value).invalid).toMatch(why);
  });
  it('rejects a value that is not text', () => {
    expect(parseExemption(42 as unknown as string).invalid).toBe(
      'the annotation value is not text',
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
  it.each([
    'known; until=2020-01-01 (JIRA-1)',
    'known, until=2020-01-01',
    'known; until=2020-01-01; until=2099-01-01',
    ';',
  ])('does not apply the malformed %p and says why', value => {
    const result = applyExemption(failing, object(value), {}, today);
    expect(result.status).toBe('fail');
    expect(result.exemption).toBeUndefined();
    expect(result.message).toMatch(
      /^Deployment shop\/web runs 1 replica \(object exemption not applied: .+\)$/,
    );
  });
  it('expires a valid exemption whatever the key case', () => {
    const result = applyExemption(
      failing,
      object('known; Until=2020-01-01'),
      {},
      today,
    );
    expect(result.status).toBe('fail');
    expect(result.exemption?.expired).toBe(true);
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
  it('does not limit configured rules by the annotation policies', () => {
    const rule = [{ source: 'config' as const, value: 'managed by GKE' }];
    const policy = {
      requireExpiry: true,
      maxDays: 30,
      allowEntityAnnotations: false,
      allowObjectAnnotations: false,
    };
    expect(applyExemption(failing, rule, policy, today).exemption).toEqual({
      reason: 'managed by GKE',
      source: 'config',
    });
    const far = [{ source: 'config' as const, value: 'x; until=2030-01-01' }];
    expect(applyExemption(failing, far, policy, today).status).toBe('exempt');
    const expired = applyExemption(
      failing,
      [{ source: 'config' as const, value: 'x; until=2020-01-01' }],
      policy,
      today,
    );
    expect(expired.status).toBe('fail');
    expect(expired.message).toMatch(/exemption expired on 2020-01-01: x\)$/);
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
