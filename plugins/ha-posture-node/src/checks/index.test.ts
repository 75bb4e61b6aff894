import {
  HA_CATEGORIES,
  parameterRangeProblem,
} from '@ha-posture/plugin-ha-posture-common';
import { CheckParameter } from '../model/checks';
import { BUILTIN_CHECKS } from '.';

describe('BUILTIN_CHECKS', () => {
  it('has unique kebab-case ids', () => {
    const ids = BUILTIN_CHECKS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('documents every check and parameter', () => {
    for (const check of BUILTIN_CHECKS) {
      expect({ id: check.id, title: check.title.trim().length > 0 }).toEqual({
        id: check.id,
        title: true,
      });
      expect({
        id: check.id,
        rationale: check.rationale.trim().length > 0,
      }).toEqual({ id: check.id, rationale: true });
      expect({
        id: check.id,
        remediation: check.remediation.trim().length > 0,
      }).toEqual({ id: check.id, remediation: true });
      for (const [name, parameter] of Object.entries<any>(
        check.parameters ?? {},
      )) {
        expect({
          check: check.id,
          name,
          hasDefault: parameter.default !== undefined,
        }).toEqual({ check: check.id, name, hasDefault: true });
        expect({
          check: check.id,
          name,
          described:
            typeof parameter.description === 'string' &&
            parameter.description.trim().length > 0,
        }).toEqual({
          check: check.id,
          name,
          described: true,
        });
      }
    }
  });

  it('declares the accepted range of every numeric parameter, its default inside it', () => {
    for (const check of BUILTIN_CHECKS) {
      for (const [name, parameter] of Object.entries<CheckParameter>(
        check.parameters ?? {},
      )) {
        if (typeof parameter.default !== 'number') continue;
        expect({
          check: check.id,
          name,
          declared: parameter.minimum !== undefined,
          defaultProblem: parameterRangeProblem(parameter.default, parameter),
        }).toEqual({
          check: check.id,
          name,
          declared: true,
          defaultProblem: undefined,
        });
      }
    }
  });

  it.each([...HA_CATEGORIES])('has at least one check in %s', category => {
    expect(
      BUILTIN_CHECKS.filter(c => c.category === category).length,
    ).toBeGreaterThanOrEqual(1);
  });
});
