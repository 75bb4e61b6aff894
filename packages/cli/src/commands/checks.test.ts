import fs from 'node:fs';
import path from 'node:path';
import { BUILTIN_CHECKS } from '@ha-posture/plugin-ha-posture-node';
import { renderChecks } from './checks';

const DOCS_FILE = path.resolve(__dirname, '../../../../docs/checks.md');

describe('docs/checks.md', () => {
  it('is the current catalog', () => {
    const committed = fs.existsSync(DOCS_FILE)
      ? fs.readFileSync(DOCS_FILE, 'utf8')
      : '';
    const state =
      committed === renderChecks('markdown')
        ? 'up to date'
        : 'out of date: run `yarn workspace @ha-posture/cli run docs` and commit docs/checks.md';
    expect(state).toBe('up to date');
  });
});

describe('renderChecks', () => {
  it('lists every built-in check once in the table', () => {
    const table = renderChecks('table');
    for (const check of BUILTIN_CHECKS)
      expect(table).toMatch(
        new RegExp(`^${check.id} +${check.severity} +${check.scope} +`, 'm'),
      );
    expect(table.trimEnd().split('\n').pop()).toBe(
      `${BUILTIN_CHECKS.length} checks. Details: ha-posture checks --format markdown`,
    );
  });
});
