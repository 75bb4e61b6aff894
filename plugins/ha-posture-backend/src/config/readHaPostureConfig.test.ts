import { ConfigReader } from '@backstage/config';
import { DEFAULT_SCHEDULE, readHaPostureConfig } from './readHaPostureConfig';

const read = (haPosture?: object) =>
  readHaPostureConfig(new ConfigReader(haPosture ? { haPosture } : {}));

describe('readHaPostureConfig', () => {
  it('applies the defaults without a haPosture block', () => {
    const config = read();
    expect(config.source).toBe('kubernetes');
    expect(config.schedule).toEqual(DEFAULT_SCHEDULE);
    expect(config.collector).toEqual({
      concurrency: 4,
      requestTimeoutMs: 15_000,
      pageSize: 500,
      retries: 3,
    });
    expect(config.engine.thresholds).toEqual({
      grades: { A: 90, B: 75, C: 60, D: 40 },
      gradeCaps: {},
    });
    expect(config.historyRetentionDays).toBe(90);
  });

  it('reads check overrides, exemption policy, grade thresholds and grade caps', () => {
    const config = read({
      checks: {
        'pdb-coverage': { severity: 'low', params: { minReplicas: 3 } },
      },
      exemptions: { requireExpiry: true, maxDays: 30 },
      thresholds: { grades: { A: 95, B: 85 }, gradeCaps: { critical: 'D', high: 'B' } },
    });
    expect(config.engine).toEqual({
      checks: {
        'pdb-coverage': {
          enabled: undefined,
          severity: 'low',
          params: { minReplicas: 3 },
        },
      },
      exemptions: {
        allowEntityAnnotations: undefined,
        allowObjectAnnotations: undefined,
        requireExpiry: true,
        maxDays: 30,
      },
      thresholds: {
        grades: { A: 95, B: 85, C: 60, D: 40 },
        gradeCaps: { critical: 'D', high: 'B' },
      },
    });
  });

  it('reads exemption rules', () => {
    const rule = {
      checks: ['backup-*', 'monitoring-scraped'],
      namespaces: ['kube-system', 'gmp-system'],
      labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
      reason: 'GKE add-ons: Google reconciles them',
      until: '2027-06-30',
    };
    expect(read({ exemptions: { rules: [rule] } }).engine.exemptions?.rules).toEqual([rule]);
  });

  it('reads the kubeconfig source', () => {
    const config = read({
      source: 'kubeconfig',
      kubeconfig: { file: '/etc/ha/kubeconfig', contexts: ['a', 'b', 'a'] },
    });
    expect(config.source).toBe('kubeconfig');
    expect(config.kubeconfig).toEqual({
      file: '/etc/ha/kubeconfig',
      contexts: ['a', 'b'],
    });
    expect(read({ source: 'kubeconfig' }).kubeconfig).toEqual({
      file: undefined,
      contexts: undefined,
    });
  });

  it.each([
    [
      { source: 'kubeconfig', kubeconfig: { contexts: [] } },
      'haPosture.kubeconfig.contexts is empty',
    ],
    [{ source: 'kubeconfg' }, "Invalid haPosture.source 'kubeconfg'"],
    [{ source: 'config' }, 'lists no cluster'],
    [{ source: 'config', clusters: [{ name: 'a' }] }, "'a' needs 'url' or 'kubeconfig'"],
    [{ checks: { x: { severity: 'urgent' } } }, "Invalid haPosture.checks.x.severity 'urgent'"],
    [
      { thresholds: { grades: { B: 95 } } },
      'Invalid haPosture.thresholds.grades: A (90) must be above B (95)',
    ],
    [
      { thresholds: { grades: { A: 101, F: 0 } } },
      'Invalid haPosture.thresholds.grades: A: must be a number from 0 to 100, not 101; F: unknown grade',
    ],
    [
      { thresholds: { gradeCaps: { high: 'A+', urgent: 'F' } } },
      'Invalid haPosture.thresholds.gradeCaps: high: must be one of A, B, C, D, F, not "A+"; urgent: unknown severity',
    ],
    [
      { exemptions: { rules: [{ checks: ['backup-*'], reason: 'x', until: 'soon' }] } },
      'Invalid haPosture.exemptions.rules[0].until must be a date written YYYY-MM-DD',
    ],
    [{ history: { retentionDays: 0 } }, 'retentionDays: must be a positive integer'],
    [{ collector: { concurrency: -1 } }, 'collector.concurrency: must be a non-negative number'],
  ])('refuses %j', (haPosture, message) => {
    expect(() => read(haPosture)).toThrow(message);
  });
});
