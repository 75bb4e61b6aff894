/**
 * Wrong-typed values for the malformed-objects sweeps (engine/malformedObjects*.test.ts): what a
 * broken manifest, a CRD at another version or a hand-edited dump puts where a field should be.
 */

/** Wrong-typed values: each replaces a field wherever it exists. */
export const WRONG_VALUES: Array<[string, unknown]> = [
  ['a string', 'garbage'],
  ['a number', 7],
  ['null', null],
  ['an array', ['x']],
  // A YAML dash with nothing after it.
  ['a list holding null', [null]],
  ['an empty object', {}],
];

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return value.includes(null) ? 'array holding null' : 'array';
  return typeof value;
}

/**
 * The objects with `field` (a path from the object root) set to `value` wherever it exists with
 * another type (objects of a `kind: List` included), and how many were changed.
 */
export function withField(
  objects: unknown[],
  field: string,
  value: unknown,
): { objects: unknown[]; changed: number } {
  const keys = field.split('.');
  let changed = 0;
  const replace = (obj: any, depth: number): any => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return obj;
    const key = keys[depth];
    if (!(key in obj)) return obj;
    if (depth === keys.length - 1) {
      // Only a value of another type than the field has here is malformed.
      if (jsonType(obj[key]) === jsonType(value)) return obj;
      changed++;
      return { ...obj, [key]: structuredClone(value) };
    }
    const inner = replace(obj[key], depth + 1);
    return inner === obj[key] ? obj : { ...obj, [key]: inner };
  };
  const mutated = objects.map(obj => {
    // Lists (`kind: List`) carry their objects in items.
    if ((obj as any)?.kind === 'List' && Array.isArray((obj as any).items))
      return {
        ...(obj as any),
        items: (obj as any).items.map((item: unknown) => replace(item, 0)),
      };
    return replace(obj, 0);
  });
  return { objects: mutated, changed };
}
