/**
 * The README's dump commands must ask for every resource type the engine reads: a type left out
 * of a dump is read as not installed or unknown, so its checks stop judging without anyone
 * noticing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCE_TYPES } from '@ha-posture/plugin-ha-posture-node';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** kubectl's short names used in the core line. */
const SHORT_NAMES: Record<string, string> = {
  pv: 'persistentvolumes',
  pvc: 'persistentvolumeclaims',
  hpa: 'horizontalpodautoscalers.autoscaling',
  pdb: 'poddisruptionbudgets.policy',
};

/** Every resource named in the README's `kubectl get` commands and its dump loop. */
function dumpedResources(): Set<string> {
  const block = /```sh\n(kubectl get nodes[\s\S]*?)```/.exec(README)?.[1];
  if (!block) throw new Error('the dump block is missing from README.md');
  const names = new Set<string>();
  const joined = block.replace(/\\\n/g, ' ');
  for (const [, list] of joined.matchAll(/kubectl get (\S+)/g))
    for (const name of list.split(','))
      if (!name.startsWith('"')) names.add(name);
  for (const [, list] of joined.matchAll(/for r in ([^;]+);/g))
    for (const name of list.trim().split(/\s+/)) names.add(name);
  return names;
}

describe('the README dump commands', () => {
  const dumped = dumpedResources();
  const covered = (key: string, resource: string) =>
    dumped.has(key) ||
    dumped.has(resource) ||
    Object.entries(SHORT_NAMES).some(
      ([short, full]) => full === key && dumped.has(short),
    );

  it.each(RESOURCE_TYPES.map(t => [t.key, t.resource] as const))(
    'ask for %s',
    (key, resource) => {
      expect(covered(key, resource)).toBe(true);
    },
  );

  it('name no resource the engine does not read, except the CRDs', () => {
    const known = new Set([
      ...RESOURCE_TYPES.flatMap(t => [t.key, t.resource]),
      ...Object.keys(SHORT_NAMES),
      'customresourcedefinitions',
      'configmap',
    ]);
    expect([...dumped].filter(name => !known.has(name))).toEqual([]);
  });
});
