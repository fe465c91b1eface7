/**
 * Values that may occur more than once in a file, found as its rows stream to the database, so that
 * the database groups only those rows instead of a million (a `GROUP BY` costs PostgreSQL ~0.55 s per
 * column and million rows, measured, even with the work_mem it gets).
 *
 * Each key's and e-mail's 31-bit hash travels to the database with its row (`key_hash`,
 * `email_hash`) and into a log here: 4 bytes a value, written in order. Once the rows are all in, the
 * log is sorted and every hash found twice is repeated. A real duplicate always is; two different
 * values whose hashes collide sometimes are (about n²/2³² pairs: ~230 in a million rows). The database
 * then groups the rows carrying a repeated hash by their values, so a collision never rejects a row.
 *
 * This replaced an open-addressing table of hashes that kept the repeated values themselves: its
 * random accesses into 8 MB per million values cost ~0.3 s of CPU at a million rows (cache misses);
 * appending and one radix sort cost ~0.05 s and half the memory.
 */

/**
 * Past this many repeated hashes (or one in 64 of the values, whichever is more) the file is mostly
 * duplicates: the database groups every row instead. The share keeps the check cheap for a large
 * clean file: chance collisions alone reach 10,000 at ~6.5 million values.
 */
export const MAX_REPEATED = 10_000;
const REPEATED_SHARE = 64;

const FIRST_CAPACITY = 1 << 14;

/**
 * FNV-1a over pairs of UTF-16 code units (half the multiplications of one per unit: this runs for
 * every key and e-mail of a file), cut to 31 bits: a V8 small integer (a full 32-bit value is a heap
 * number, whose text conversions filled V8's number-to-string cache and promoted ~2 million strings
 * a million rows: 56 full collections instead of 4), which also fits PostgreSQL's `integer`.
 */
export function hash31(value: string): number {
  let hash = 0x811c9dc5 ^ value.length;
  const pairs = value.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    hash = Math.imul(hash ^ (value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16)), 0x01000193);
  }
  if (pairs < value.length) hash = Math.imul(hash ^ value.charCodeAt(pairs), 0x01000193);
  // FNV alone mixes the last characters poorly: a million zero-padded ids collided 1,320 times where
  // chance gives ~230. MurmurHash3's finaliser (fmix32) brings that to chance (130 measured).
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >> 1;
}

export class HashLog {
  #hashes = new Int32Array(FIRST_CAPACITY);
  #count = 0;

  add(hash: number): void {
    if (this.#count === this.#hashes.length) {
      // `transfer` may grow the memory in place, and frees the old buffer at once either way.
      this.#hashes = new Int32Array((this.#hashes.buffer as ArrayBuffer).transfer(this.#count * 8));
    }
    this.#hashes[this.#count++] = hash;
  }

  /**
   * The hashes logged more than once, or `'all'` when there are too many (see {@link MAX_REPEATED}).
   * Frees the log (4 MB per million values): call once, after the last row.
   */
  repeated(): readonly number[] | 'all' {
    const hashes = sortInPlace(this.#hashes.subarray(0, this.#count));
    const limit = Math.max(MAX_REPEATED, Math.ceil(this.#count / REPEATED_SHARE));
    const repeated: number[] = [];
    let overflowed = false;
    for (let i = 1; i < hashes.length; i++) {
      // Sorted: equal hashes are neighbours; take each run of them once.
      if (hashes[i] !== hashes[i - 1] || (i > 1 && hashes[i - 1] === hashes[i - 2])) continue;
      repeated.push(hashes[i] as number);
      if (repeated.length > limit) {
        overflowed = true;
        break;
      }
    }
    (this.#hashes.buffer as ArrayBuffer).transfer(0);
    this.#hashes = new Int32Array(FIRST_CAPACITY);
    this.#count = 0;
    return overflowed ? 'all' : repeated;
  }
}

/**
 * Sorts 32-bit values (as unsigned: any order serves to put equal values side by side) with two
 * 16-bit counting passes through a scratch array: ~10 ms per million values, where the typed array's
 * own sort took ~60 ms.
 */
function sortInPlace(values: Int32Array): Int32Array {
  const scratch = new Int32Array(values.length);
  const counts = new Uint32Array(1 << 16);
  for (const [from, to, shift] of [
    [values, scratch, 0],
    [scratch, values, 16],
  ] as const) {
    counts.fill(0);
    for (const value of from) {
      const digit = (value >>> shift) & 0xffff;
      counts[digit] = (counts[digit] as number) + 1;
    }
    let start = 0;
    for (let digit = 0; digit < counts.length; digit++) {
      const count = counts[digit] as number;
      counts[digit] = start;
      start += count;
    }
    for (const value of from) {
      const digit = (value >>> shift) & 0xffff;
      const at = counts[digit] as number;
      counts[digit] = at + 1;
      to[at] = value;
    }
  }
  (scratch.buffer as ArrayBuffer).transfer(0);
  return values;
}
