/**
 * Deterministic identifiers: every uid, hash suffix, IP and cloud id is derived
 * from a SHA-256 of a stable key (cluster/kind/namespace/name ...), never from
 * randomness or the clock, so regenerating yields byte-identical files.
 */
import { createHash } from 'node:crypto';

export function sha256(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A version-4-shaped UUID derived from `key`. */
export function uuid(key: string): string {
  const h = sha256(key);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(
    13,
    16,
  )}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The alphabet Kubernetes uses for generated name suffixes (no vowels, no 0/1/3). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` characters of Kubernetes' "safe" alphabet derived from `key`. */
export function safeSuffix(key: string, n: number): string {
  const h = sha256(key);
  let out = '';
  for (let i = 0; out.length < n; i++) {
    const byte = parseInt(h.slice((i * 2) % 64, ((i * 2) % 64) + 2), 16);
    out += SAFE[(byte + i * 7) % SAFE.length];
  }
  return out;
}

/** Lowercase hex of length `n` derived from `key`. */
export function hex(key: string, n: number): string {
  let h = '';
  for (let i = 0; h.length < n; i++) h += sha256(`${key}#${i}`);
  return h.slice(0, n);
}

/** A deterministic integer in [min, max] derived from `key`. */
export function intIn(key: string, min: number, max: number): number {
  const v = parseInt(sha256(key).slice(0, 8), 16);
  return min + (v % (max - min + 1));
}
