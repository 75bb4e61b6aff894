import { RESULTS } from './__testUtils__/fakeScan';
import { failingResults } from './failOn';

describe('failingResults', () => {
  const ids = (failOn: Parameters<typeof failingResults>[1]) =>
    failingResults(RESULTS, failOn).map(r => `${r.checkId} ${r.severity}`);

  it('counts only non-exempt fails at or above the threshold', () => {
    expect(ids('critical')).toEqual(['replica-floor critical']);
    expect(ids('high')).toEqual(['replica-floor critical']);
    expect(ids('medium')).toEqual([
      'replica-floor critical',
      'pdb-present medium',
    ]);
    expect(ids('low')).toEqual([
      'replica-floor critical',
      'pdb-present medium',
    ]);
  });

  it('never fails with never, and never on warnings, unknowns or exemptions', () => {
    expect(ids('never')).toEqual([]);
    const notFailing = RESULTS.filter(r => r.status !== 'fail');
    expect(failingResults(notFailing, 'low')).toEqual([]);
  });
});
