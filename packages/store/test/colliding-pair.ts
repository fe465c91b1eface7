import { hash31 } from '../src/repeated-hashes.ts';

/** Two different values with the same hash, found by brute force (a 31-bit hash collides by ~55k values). */
export function collidingPair(suffix = 'employee'): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const value = `E${i.toString(36)}${suffix}`;
    const hash = hash31(value);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return [earlier, value];
    seen.set(hash, value);
  }
}
