/**
 * `ha-posture checks`: the built-in check catalog as a table, JSON (`GET /checks` shape) or
 * Markdown (exactly docs/checks.md, which `yarn workspace @ha-posture/cli run docs` regenerates).
 */
import { HA_CATEGORIES } from '@ha-posture/plugin-ha-posture-common';
import {
  BUILTIN_CHECKS,
  describeChecks,
  renderChecksMarkdown,
} from '@ha-posture/plugin-ha-posture-node';
import { EXIT_CODES } from '../exitCodes';
import { CliIo } from './scan';

/** @public */
export const CHECKS_FORMATS = ['table', 'json', 'markdown'] as const;

/** @public */
export type ChecksFormat = (typeof CHECKS_FORMATS)[number];

function checksTable(): string {
  const entries = describeChecks(BUILTIN_CHECKS);
  const idWidth = Math.max(...entries.map(e => e.id.length), 'CHECK'.length);
  const lines = [
    `${'CHECK'.padEnd(idWidth)}  ${'SEVERITY'.padEnd(8)}  ${'SCOPE'.padEnd(
      8,
    )}  TITLE`,
  ];
  for (const category of HA_CATEGORIES) {
    const inCategory = entries.filter(e => e.category === category);
    if (inCategory.length === 0) continue;
    lines.push('', `${category}`);
    for (const e of inCategory)
      lines.push(
        `${e.id.padEnd(idWidth)}  ${e.severity.padEnd(8)}  ${e.scope.padEnd(
          8,
        )}  ${e.title}`,
      );
  }
  lines.push(
    '',
    `${entries.length} checks. Details: ha-posture checks --format markdown`,
  );
  return `${lines.join('\n')}\n`;
}

/** @public */
export function renderChecks(format: ChecksFormat): string {
  if (format === 'json')
    return `${JSON.stringify(describeChecks(BUILTIN_CHECKS), null, 2)}\n`;
  if (format === 'markdown') return renderChecksMarkdown(BUILTIN_CHECKS);
  return checksTable();
}

/** @public */
export function checksCommand(
  options: { format: ChecksFormat },
  io: Pick<CliIo, 'stdout'>,
): number {
  io.stdout(renderChecks(options.format));
  return EXIT_CODES.clean;
}
