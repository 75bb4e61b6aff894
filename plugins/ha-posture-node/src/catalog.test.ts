import { HaCheck } from './model';
import { describeChecks, renderChecksMarkdown } from './catalog';

const checks: HaCheck[] = [
  {
    id: 'b-check',
    title: 'B',
    category: 'spread',
    severity: 'medium',
    scope: 'workload',
    appliesTo: ['Deployment', 'StatefulSet'],
    rationale: 'Spread | matters.',
    remediation: 'Add constraints.',
    parameters: {
      zones: { default: ['a', 'b'], description: 'zones | to use' },
      min: { default: 2, description: 'min', minimum: 1, integer: true },
    },
    references: [
      'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
    ],
    evaluate: () => ({ status: 'pass', message: 'ok' }),
  },
  {
    id: 'a-check',
    title: 'A',
    category: 'control-plane',
    severity: 'critical',
    scope: 'cluster',
    rationale: 'Quorum.',
    remediation: 'Add members.',
    evaluate: () => ({ status: 'pass', message: 'ok' }),
  },
];

describe('describeChecks', () => {
  it('lists checks in category order with parameters and references', () => {
    const entries = describeChecks(checks);
    expect(entries.map(e => e.id)).toEqual(['a-check', 'b-check']);
    expect(entries[1]).toEqual({
      id: 'b-check',
      title: 'B',
      category: 'spread',
      severity: 'medium',
      scope: 'workload',
      appliesTo: ['Deployment', 'StatefulSet'],
      rationale: 'Spread | matters.',
      remediation: 'Add constraints.',
      parameters: [
        { name: 'zones', description: 'zones | to use', default: ['a', 'b'] },
        {
          name: 'min',
          description: 'min',
          default: 2,
          minimum: 1,
          integer: true,
        },
      ],
      references: [
        'https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/',
      ],
    });
    expect(JSON.parse(JSON.stringify(entries))).toEqual(entries);
  });
});

describe('renderChecksMarkdown', () => {
  it('groups by category with parameter tables', () => {
    const md = renderChecksMarkdown(checks);
    expect(md).toContain(
      '## control-plane\n\n### `a-check`: A\n\nSeverity: **critical** · Scope: cluster',
    );
    expect(md).toContain('Scope: workload (Deployment, StatefulSet)');
    expect(md).toContain(
      '| `zones` | `["a","b"]` | list of strings | zones \\| to use |',
    );
    expect(md).toContain('| `min` | `2` | whole number ≥ 1 | min |');
    expect(md).toContain(
      '- <https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/>',
    );
    expect(md.indexOf('## control-plane')).toBeLessThan(
      md.indexOf('## spread'),
    );
    expect(md).not.toContain('## nodes');
    expect(md.endsWith('\n')).toBe(true);
  });
});
