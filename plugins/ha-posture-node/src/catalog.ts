/** The check catalog as data (`GET /checks`, `ha-posture checks --format json`) and as Markdown (docs/checks.md). */
import {
  describeParameterAccepts,
  HA_CATEGORIES,
  HaCategory,
  HaSeverity,
} from '@ha-posture/plugin-ha-posture-common';
import { CheckParameter, CheckScope, HaCheck } from './model/checks';
import { WorkloadKind } from './model/view';

/** @public */
export interface CheckCatalogEntry {
  id: string;
  title: string;
  category: HaCategory;
  severity: HaSeverity;
  scope: CheckScope;
  /** Workload kinds (workload checks that do not apply to every kind). */
  appliesTo?: WorkloadKind[];
  rationale: string;
  remediation: string;
  parameters: Array<{ name: string } & CheckParameter>;
  references: string[];
}

function byCategory(checks: HaCheck[]): HaCheck[] {
  return [...checks].sort(
    (a, b) =>
      HA_CATEGORIES.indexOf(a.category) - HA_CATEGORIES.indexOf(b.category) ||
      a.id.localeCompare(b.id),
  );
}

/** JSON-able catalog entries, in category order then by id. @public */
export function describeChecks(checks: HaCheck[]): CheckCatalogEntry[] {
  return byCategory(checks).map(check => ({
    id: check.id,
    title: check.title,
    category: check.category,
    severity: check.severity,
    scope: check.scope,
    ...(check.scope === 'workload' && check.appliesTo
      ? { appliesTo: [...check.appliesTo] }
      : {}),
    rationale: check.rationale,
    remediation: check.remediation,
    parameters: Object.entries<CheckParameter>(check.parameters ?? {}).map(
      ([name, p]) => ({
        name,
        description: p.description,
        default: p.default,
        ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
        ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
        ...(p.integer ? { integer: true } : {}),
      }),
    ),
    references: [...(check.references ?? [])],
  }));
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatDefault(value: CheckParameter['default']): string {
  return `\`${Array.isArray(value) ? JSON.stringify(value) : String(value)}\``;
}

/** The catalog as Markdown, grouped by category (docs/checks.md, `ha-posture checks`). @public */
export function renderChecksMarkdown(checks: HaCheck[]): string {
  const entries = describeChecks(checks);
  const lines: string[] = [
    '# HA Posture checks',
    '',
    `${entries.length} checks. Override any of them in \`haPosture.checks.<id>\` (\`enabled\`, \`severity\`, \`params\`), ` +
      'or exempt a target with the annotation `ha-posture.io/exempt-<id>: "<reason>[; until=YYYY-MM-DD]"` ' +
      '(or groups of targets with `haPosture.exemptions.rules`).',
    '',
  ];
  for (const category of HA_CATEGORIES) {
    const inCategory = entries.filter(e => e.category === category);
    if (inCategory.length === 0) continue;
    lines.push(`## ${category}`, '');
    for (const e of inCategory) {
      const scope = e.appliesTo
        ? `${e.scope} (${e.appliesTo.join(', ')})`
        : e.scope;
      lines.push(
        `### \`${e.id}\`: ${e.title}`,
        '',
        `Severity: **${e.severity}** · Scope: ${scope}`,
        '',
      );
      lines.push(
        `**Why:** ${e.rationale}`,
        '',
        `**Fix:** ${e.remediation}`,
        '',
      );
      if (e.parameters.length > 0) {
        lines.push(
          '| Parameter | Default | Accepts | Description |',
          '|---|---|---|---|',
        );
        for (const p of e.parameters)
          lines.push(
            `| \`${p.name}\` | ${cell(formatDefault(p.default))} | ${cell(
              describeParameterAccepts(p),
            )} | ${cell(p.description)} |`,
          );
        lines.push('');
      }
      if (e.references.length > 0) {
        lines.push('References:', ...e.references.map(r => `- <${r}>`), '');
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
