import {
  HA_CATEGORIES,
  HA_STATUSES,
  HaResult,
  HaSeverity,
  HaStatus,
} from './types';

const SEVERITIES: HaSeverity[] = ['critical', 'high', 'medium', 'low'];
import {
  capGrade,
  categoryStatus,
  compareResults,
  DEFAULT_GRADE_THRESHOLDS,
  gradeOf,
  readGradeCaps,
  readGradeThresholds,
  scoreOf,
  summarizeResults,
} from './scoring';

const result = (
  status: HaStatus,
  severity: HaSeverity = 'high',
  category: HaResult['category'] = 'replicas',
  name = 'x',
): HaResult => ({
  checkId: `check-${status}`,
  category,
  status,
  severity,
  message: status,
  target: { kind: 'Deployment', name },
});

describe('scoreOf', () => {
  it('weights by severity and credits pass 1, warn 0.5, fail 0', () => {
    // critical pass (10×1) + low fail (1×0) + medium warn (3×0.5) = 11.5 of 14
    expect(
      scoreOf([
        result('pass', 'critical'),
        result('fail', 'low'),
        result('warn', 'medium'),
      ]),
    ).toBe(82.1);
    expect(scoreOf([result('pass')])).toBe(100);
    expect(scoreOf([result('fail')])).toBe(0);
  });
  it('excludes unknown, exempt and skipped', () => {
    expect(
      scoreOf([
        result('pass', 'low'),
        result('unknown', 'critical'),
        result('exempt', 'critical'),
        result('skipped'),
      ]),
    ).toBe(100);
  });
  it('is null with nothing scorable', () => {
    expect(scoreOf([])).toBeNull();
    expect(scoreOf([result('unknown'), result('skipped')])).toBeNull();
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [90, 'A'],
    [89.9, 'B'],
    [75, 'B'],
    [60, 'C'],
    [40, 'D'],
    [39.9, 'F'],
    [0, 'F'],
    [null, 'N/A'],
  ] as const)('%p → %p', (score, grade) => {
    expect(gradeOf(score)).toBe(grade);
  });
});

describe('gradeOf with configured thresholds', () => {
  const strict = { A: 95, B: 85, C: 70, D: 50 };
  it.each([
    [95, 'A'],
    [94.9, 'B'],
    [85, 'B'],
    [70, 'C'],
    [50, 'D'],
    [49.9, 'F'],
  ] as const)('%p → %p', (score, grade) => {
    expect(gradeOf(score, strict)).toBe(grade);
  });
});

describe('readGradeThresholds', () => {
  it('keeps the defaults for the grades left out', () => {
    expect(readGradeThresholds({ A: 95 })).toEqual({
      thresholds: { A: 95, B: 75, C: 60, D: 40 },
      problems: [],
    });
    expect(readGradeThresholds(undefined)).toEqual({
      thresholds: DEFAULT_GRADE_THRESHOLDS,
      problems: [],
    });
  });

  it('names every unusable value and falls back to the defaults', () => {
    expect(readGradeThresholds({ A: '90', E: 10, B: 120 })).toEqual({
      thresholds: DEFAULT_GRADE_THRESHOLDS,
      problems: [
        'A: must be a number from 0 to 100, not "90"',
        'E: unknown grade (expected A, B, C or D; F is everything below D)',
        'B: must be a number from 0 to 100, not 120',
      ],
    });
    expect(readGradeThresholds([90]).problems).toEqual([
      'must be a mapping of grade (A, B, C, D) to its lowest score',
    ]);
  });

  it('requires each grade above the next', () => {
    // B 92 alone would sit above the default A 90.
    expect(readGradeThresholds({ B: 92 })).toEqual({
      thresholds: DEFAULT_GRADE_THRESHOLDS,
      problems: ['A (90) must be above B (92)'],
    });
    expect(readGradeThresholds({ C: 40 }).problems).toEqual([
      'C (40) must be above D (40)',
    ]);
  });

  it('grades a summary with them', () => {
    const results = [result('pass'), result('warn')];
    expect(summarizeResults(results).grade).toBe('B');
    expect(
      summarizeResults(results, {
        thresholds: { A: 70, B: 60, C: 50, D: 40 },
        caps: {},
      }).grade,
    ).toBe('A');
  });
});

describe('grade caps', () => {
  it('reads a mapping of severity to grade', () => {
    expect(readGradeCaps(undefined)).toEqual({ caps: {}, problems: [] });
    expect(readGradeCaps({ critical: 'D', high: 'B' })).toEqual({
      caps: { critical: 'D', high: 'B' },
      problems: [],
    });
  });

  it('refuses unknown severities, grades that are not A-F, and non-mappings (then no caps)', () => {
    expect(readGradeCaps({ high: 'B', urgent: 'C', low: 'N/A' })).toEqual({
      caps: {},
      problems: [
        'urgent: unknown severity (expected critical, high, medium, low)',
        'low: must be one of A, B, C, D, F, not "N/A"',
      ],
    });
    expect(readGradeCaps(['D']).problems).toHaveLength(1);
    expect(readGradeCaps('D').problems).toHaveLength(1);
  });

  it('lowers a grade only while a result of a capped severity fails', () => {
    const caps = { critical: 'D', high: 'B' } as const;
    expect(capGrade('A', { high: 2 }, caps)).toEqual({
      grade: 'B',
      cap: { severity: 'high', failing: 2, scoreGrade: 'A' },
    });
    expect(capGrade('A', { medium: 5 }, caps)).toEqual({ grade: 'A' });
    // A cap never raises a grade.
    expect(capGrade('C', { high: 1 }, caps)).toEqual({ grade: 'C' });
    expect(capGrade('N/A', { critical: 1 }, caps)).toEqual({ grade: 'N/A' });
  });

  it('applies the most restrictive cap when several severities fail, named by the higher severity on a tie', () => {
    expect(
      capGrade('A', { critical: 1, high: 3 }, { critical: 'D', high: 'B' }),
    ).toEqual({
      grade: 'D',
      cap: { severity: 'critical', failing: 1, scoreGrade: 'A' },
    });
    expect(
      capGrade('A', { high: 1, medium: 4 }, { high: 'C', medium: 'D' }),
    ).toEqual({
      grade: 'D',
      cap: { severity: 'medium', failing: 4, scoreGrade: 'A' },
    });
    expect(
      capGrade('A', { critical: 1, high: 1 }, { critical: 'C', high: 'C' }),
    ).toEqual({
      grade: 'C',
      cap: { severity: 'critical', failing: 1, scoreGrade: 'A' },
    });
  });

  it('caps a summary by its failing results, not its warnings or exempt ones', () => {
    const grading = {
      thresholds: DEFAULT_GRADE_THRESHOLDS,
      caps: { high: 'B' as const },
    };
    const passes = Array.from({ length: 30 }, () => result('pass'));
    const failing = summarizeResults([...passes, result('fail')], grading);
    expect(failing.score).toBeGreaterThanOrEqual(90);
    expect(failing.grade).toBe('B');
    expect(failing.gradeCap).toEqual({
      severity: 'high',
      failing: 1,
      scoreGrade: 'A',
    });
    for (const other of ['warn', 'exempt'] as const) {
      const summary = summarizeResults([...passes, result(other)], grading);
      expect(summary.grade).toBe('A');
      expect(summary).not.toHaveProperty('gradeCap');
    }
    // Without caps (the default) the grade is the score's.
    expect(summarizeResults([...passes, result('fail')]).grade).toBe('A');
  });
});

describe('categoryStatus', () => {
  it('is the worst non-exempt result', () => {
    expect(categoryStatus([result('pass'), result('unknown')])).toBe('unknown');
    expect(categoryStatus([result('unknown'), result('warn')])).toBe('warn');
    expect(
      categoryStatus([result('warn'), result('fail'), result('exempt')]),
    ).toBe('fail');
    expect(
      categoryStatus([result('pass'), result('exempt'), result('skipped')]),
    ).toBe('pass');
  });
  it('is skipped with no results or only skipped ones, exempt when only exempt ones', () => {
    expect(categoryStatus([])).toBe('skipped');
    expect(categoryStatus([result('skipped')])).toBe('skipped');
    expect(categoryStatus([result('exempt'), result('skipped')])).toBe(
      'exempt',
    );
  });
});

describe('summarizeResults', () => {
  it('summarizes every category with counts', () => {
    const summary = summarizeResults([
      result('pass', 'critical', 'replicas'),
      result('fail', 'critical', 'replicas'),
      result('unknown', 'high', 'backups'),
      result('warn', 'low', 'spread'),
    ]);
    expect(summary.score).toBe(50); // (10×1 + 1×0.5 + 10×0) / 21
    expect(summary.grade).toBe('D');
    expect(summary.counts).toEqual({
      pass: 1,
      warn: 1,
      fail: 1,
      unknown: 1,
      exempt: 0,
      skipped: 0,
    });
    expect(summary.categories.replicas).toEqual({
      status: 'fail',
      score: 50,
      counts: { pass: 1, warn: 0, fail: 1, unknown: 0, exempt: 0, skipped: 0 },
    });
    expect(summary.categories.backups).toMatchObject({
      status: 'unknown',
      score: null,
    });
    expect(summary.categories.dr).toMatchObject({
      status: 'skipped',
      score: null,
    });
    expect(Object.keys(summary.categories)).toHaveLength(12);
  });
  it('keys categories in HA_CATEGORIES order, each with its own results, and agrees with scoreOf and categoryStatus', () => {
    // Category i has i + 1 results of varied statuses: a category summarized from another's shows.
    const results = HA_CATEGORIES.flatMap((category, i) =>
      Array.from({ length: i + 1 }, (_, j) =>
        result(
          HA_STATUSES[(i + j) % HA_STATUSES.length],
          SEVERITIES[j % SEVERITIES.length],
          category,
        ),
      ),
    );
    const summary = summarizeResults(results);
    expect(Object.keys(summary.categories)).toEqual([...HA_CATEGORIES]);
    for (const category of HA_CATEGORIES) {
      const own = results.filter(r => r.category === category);
      expect(summary.categories[category].score).toBe(scoreOf(own));
      expect(summary.categories[category].status).toBe(categoryStatus(own));
      const counts = summary.categories[category].counts;
      for (const status of HA_STATUSES)
        expect(counts[status]).toBe(
          own.filter(r => r.status === status).length,
        );
    }
    expect(summary.score).toBe(scoreOf(results));
  });

  it('has a null score and N/A grade when nothing is scorable', () => {
    expect(summarizeResults([result('unknown')])).toMatchObject({
      score: null,
      grade: 'N/A',
    });
  });
});

describe('compareResults', () => {
  it('sorts worst status first, then severity, then target', () => {
    const sorted = [
      result('pass', 'critical'),
      result('fail', 'low'),
      result('fail', 'critical', 'replicas', 'b'),
      result('fail', 'critical', 'replicas', 'a'),
      result('unknown'),
    ]
      .sort(compareResults)
      .map(r => `${r.status}/${r.severity}/${r.target.name}`);
    expect(sorted).toEqual([
      'fail/critical/a',
      'fail/critical/b',
      'fail/low/x',
      'unknown/high/x',
      'pass/critical/x',
    ]);
  });
});
