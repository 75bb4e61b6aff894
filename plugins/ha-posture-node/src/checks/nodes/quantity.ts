/**
 * Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`) as plain numbers: cores for CPU, bytes
 * for memory. Written here rather than taken from @kubernetes/client-node, whose quantityToScalar
 * is ESM-only (the engine is synchronous CommonJS) and throws on decimals with a suffix (`1.5Gi`).
 */

const SUFFIX_FACTORS: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** Sign, digits with an optional fraction, then a suffix or a decimal exponent (resource.ParseQuantity). */
const QUANTITY =
  /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

/**
 * Values already read: a cluster repeats a few dozen quantities (`100m`, `128Mi`) over every pod's
 * containers, and a lookup costs a fraction of the regex. Bounded, in case some input has unique ones.
 */
const PARSED = new Map<string, number | undefined>();

/**
 * The quantity's value in base units, or undefined when it is not a quantity (the API server
 * refuses such values, so only hand-written files and dumps hold them). Numbers pass through.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (PARSED.has(value)) return PARSED.get(value);
  const parsed = parseQuantityText(value);
  if (PARSED.size >= 1000) PARSED.clear();
  PARSED.set(value, parsed);
  return parsed;
}

function parseQuantityText(value: string): number | undefined {
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  if (exponent !== undefined) return Number(`${number}${exponent}`);
  return Number(number) * SUFFIX_FACTORS[suffix ?? ''];
}

/** `1.5 CPU`, `250m CPU`: cores for messages. */
export function formatCpu(cores: number): string {
  if (cores > 0 && cores < 1) return `${Math.round(cores * 1000)}m CPU`;
  return `${Math.round(cores * 10) / 10} CPU`;
}

/** `12.5 GiB`, `640 MiB`: bytes for messages. */
export function formatMemory(bytes: number): string {
  const gib = bytes / 2 ** 30;
  if (gib >= 1) return `${Math.round(gib * 10) / 10} GiB`;
  return `${Math.round(bytes / 2 ** 20)} MiB`;
}
