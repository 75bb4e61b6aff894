import { compileExemptionRules, readExemptionRules } from './exemptionRules';

const CHECK_IDS = [
  'backup-recency',
  'backup-schedule-coverage',
  'monitoring-scraped',
  'replicas-min-floor',
];

describe('readExemptionRules', () => {
  it('accepts a full rule and keeps only what was given', () => {
    const full = {
      checks: ['backup-*'],
      reason: 'Managed by GKE: Google reconciles these add-ons',
      until: '2027-03-31',
      clusters: ['staging-*'],
      namespaces: ['kube-system', 'gmp-system'],
      kinds: ['DaemonSet'],
      names: ['anetd'],
      labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
    };
    const short = { checks: ['monitoring-scraped'], reason: 'batch jobs' };
    expect(
      readExemptionRules([{ ...full, reason: `  ${full.reason} ` }, short]),
    ).toEqual({ rules: [full, short], problems: [], unmatched: [] });
    expect(readExemptionRules(undefined)).toEqual({
      rules: [],
      problems: [],
      unmatched: [],
    });
  });

  it('leaves out every rule with a problem, naming the rule and the field', () => {
    const { rules, problems } = readExemptionRules([
      { checks: 'backup-recency', reason: 'x' },
      { checks: ['backup-recency'] },
      { checks: ['backup-recency'], reason: 'gone soon; until=2027-01-01' },
      { checks: ['backup-recency'], reason: 'x', until: '2027-02-30' },
      { checks: ['backup-recency'], reason: 'x', namespaces: [] },
      { checks: ['backup-recency'], reason: 'x', labels: { tier: 1 } },
      { checks: ['backup-recency'], reason: 'x', namespace: ['a'] },
      'backup-recency',
      { checks: ['backup-recency'], reason: 'kept' },
    ]);
    expect(problems).toEqual([
      'rules[0].checks must be a non-empty list of check ids (a * matches any characters, e.g. backup-*)',
      'rules[1].reason must be text saying why (the end date goes in until, not in the reason)',
      'rules[2].reason must be text saying why (the end date goes in until, not in the reason)',
      'rules[3].until must be a date written YYYY-MM-DD',
      'rules[4].namespaces must be a non-empty list of names or patterns',
      'rules[5].labels must be a mapping of label keys to values',
      'rules[6]: unknown key "namespace" (expected checks, reason, until, clusters, namespaces, kinds, names, labels)',
      'rules[7] must be a mapping with checks and reason',
    ]);
    expect(rules).toEqual([{ checks: ['backup-recency'], reason: 'kept' }]);
    expect(readExemptionRules({ checks: [] }).problems).toEqual([
      'rules must be a list of { checks, reason, ... } mappings',
    ]);
  });
});

describe('readExemptionRules with the check ids', () => {
  it('names check patterns that match no check, keeping the rule', () => {
    const { rules, unmatched } = readExemptionRules(
      [
        { checks: ['backup-recency'], reason: 'x', kinds: 'Deployment' },
        {
          checks: ['backup-*', 'monitoring-scrapped', 'nope-*'],
          reason: 'y',
        },
      ],
      CHECK_IDS,
    );
    expect(unmatched).toEqual([
      'rules[1].checks: "monitoring-scrapped" matches no check',
      'rules[1].checks: "nope-*" matches no check',
    ]);
    expect(rules).toHaveLength(1);
  });
});

describe('compileExemptionRules', () => {
  const compile = (rule: Record<string, unknown>) =>
    compileExemptionRules(
      readExemptionRules([{ reason: 'why', ...rule }]).rules,
    );

  it('matches check ids exactly or by * patterns', () => {
    const [rule] = compile({ checks: ['backup-*', 'replicas-min-floor'] });
    expect(CHECK_IDS.filter(id => rule.matchesCheck(id))).toEqual([
      'backup-recency',
      'backup-schedule-coverage',
      'replicas-min-floor',
    ]);
  });
  it('treats pattern text other than * literally', () => {
    const [rule] = compile({
      checks: ['backup-recency'],
      names: ['web.v1', 'api-(old)*'],
    });
    const target = (name: string) => ({ kind: 'Deployment', name });
    expect(rule.matchesTarget(target('web.v1'), undefined)).toBe(true);
    expect(rule.matchesTarget(target('webxv1'), undefined)).toBe(false);
    expect(rule.matchesTarget(target('api-(old)-2'), undefined)).toBe(true);
  });

  it('needs every given field to match; a namespaces list never matches cluster-wide targets', () => {
    const [rule] = compile({
      checks: ['backup-*'],
      clusters: ['staging-*'],
      namespaces: ['kube-system'],
      kinds: ['DaemonSet', 'Deployment'],
      labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
    });
    const reconciled = { 'addonmanager.kubernetes.io/mode': 'Reconcile' };
    const anetd = {
      kind: 'DaemonSet',
      namespace: 'kube-system',
      name: 'anetd',
    };
    expect(rule.matchesCluster('staging-eu')).toBe(true);
    expect(rule.matchesCluster('prod-eu')).toBe(false);
    expect(rule.matchesTarget(anetd, reconciled)).toBe(true);
    expect(rule.matchesTarget(anetd, { other: 'x' })).toBe(false);
    expect(rule.matchesTarget(anetd, undefined)).toBe(false);
    expect(
      rule.matchesTarget({ ...anetd, namespace: 'shop' }, reconciled),
    ).toBe(false);
    expect(rule.matchesTarget({ ...anetd, kind: 'Service' }, reconciled)).toBe(
      false,
    );
    const [anyNamespace] = compile({ checks: ['backup-*'] });
    expect(
      anyNamespace.matchesTarget({ kind: 'Cluster', name: 'staging-eu' }, {}),
    ).toBe(true);
    const [namespaced] = compile({
      checks: ['backup-*'],
      namespaces: ['*'],
    });
    expect(
      namespaced.matchesTarget({ kind: 'Cluster', name: 'staging-eu' }, {}),
    ).toBe(false);
  });

  it('gives the rule as an exemption value, with its end date', () => {
    expect(
      compile({ checks: ['backup-recency'], until: '2027-01-31' })[0].candidate,
    ).toEqual({ source: 'config', value: 'why; until=2027-01-31' });
  });
});
