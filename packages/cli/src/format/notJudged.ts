/**
 * Unknown and exempt results grouped by status, check and reason, as the table and Markdown
 * formats list them: a missing CRD makes every workload unknown for the same reason, and one
 * line should say so, naming a few targets.
 */
import { HaResult } from '@ha-posture/plugin-ha-posture-common';
import { describeTarget } from '../scanResult';

/** Targets named in a group's line before the rest are counted. */
const MAX_NAMED_TARGETS = 3;

export interface NotJudgedGroup {
  status: HaResult['status'];
  checkId: string;
  /** The exemption's reason (with its end date) or the unknown result's message. */
  reason: string;
  /** `Deployment shop/web, Deployment shop/api and 4 more`. */
  targets: string;
}

/** Groups results by key, in order of first appearance. */
export function groupBy(
  results: HaResult[],
  keyOf: (r: HaResult) => string,
): HaResult[][] {
  const groups = new Map<string, HaResult[]>();
  for (const r of results) {
    const key = keyOf(r);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

const reasonOf = (r: HaResult) =>
  r.status === 'exempt' ? r.exemption?.reason ?? r.message : r.message;

/** The unknown and exempt results among `results`, grouped. */
export function notJudgedGroups(results: HaResult[]): NotJudgedGroup[] {
  const notJudged = results.filter(
    r => r.status === 'unknown' || r.status === 'exempt',
  );
  return groupBy(
    notJudged,
    r => `${r.status}\u0000${r.checkId}\u0000${reasonOf(r)}`,
  ).map(members => {
    const [first] = members;
    const names = members
      .slice(0, MAX_NAMED_TARGETS)
      .map(r => describeTarget(r.target));
    const more =
      members.length > MAX_NAMED_TARGETS
        ? ` and ${members.length - MAX_NAMED_TARGETS} more`
        : '';
    const until = first.exemption?.until
      ? ` (until ${first.exemption.until})`
      : '';
    return {
      status: first.status,
      checkId: first.checkId,
      reason: `${reasonOf(first)}${until}`,
      targets: `${names.join(', ')}${more}`,
    };
  });
}
