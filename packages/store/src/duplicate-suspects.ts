/**
 * Values that may occur more than once in a file, found as its rows stream to the database, so that
 * the database checks only those instead of grouping a million staged rows (two `GROUP BY`s took
 * 1.2 s of a 1M-row run's SQL; this costs the client ~0.1 s and a few MB).
 *
 * Each value's 32-bit hash goes into an open-addressing table of hashes. A value whose hash is
 * already there is a suspect: a real duplicate always is (its first occurrence put the same hash
 * there), and a different value with a colliding hash sometimes is (about n²/2³³ of them: ~100 for a
 * million rows). The database then counts the suspects exactly, so a collision never rejects a row.
 */

/** Past this many suspects the file is mostly duplicates: the database groups everything instead. */
export const MAX_SUSPECTS = 10_000;

const EMPTY = 0;
const FIRST_CAPACITY = 1 << 16;

/**
 * FNV-1a over pairs of UTF-16 code units (half the multiplications of one per unit: this runs for
 * every key and e-mail of a file); never 0, which marks an empty slot.
 */
export function hash32(value: string): number {
  let hash = 0x811c9dc5 ^ value.length;
  const pairs = value.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    hash = Math.imul(hash ^ (value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16)), 0x01000193);
  }
  if (pairs < value.length) hash = Math.imul(hash ^ value.charCodeAt(pairs), 0x01000193);
  // FNV's low bits (the table's slot) mix poorly on their own: fold the high half in.
  hash ^= hash >>> 15;
  return hash === EMPTY ? 1 : hash >>> 0;
}

/**
 * Frees a table's memory at once (transferring its buffer detaches it), rather than when a full
 * garbage collection finds it: the outgrown tables of a million-row file (~14 MB) otherwise stayed
 * until the end of the COPY, at the run's peak.
 */
function freeNow(table: Uint32Array): void {
  (table.buffer as ArrayBuffer).transfer(0);
}

export class DuplicateSuspects {
  #slots = new Uint32Array(FIRST_CAPACITY);
  #filled = 0;
  readonly #suspects = new Set<string>();
  #overflowed = false;

  add(value: string): void {
    const hash = hash32(value);
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot];
      if (held === EMPTY) {
        slots[slot] = hash;
        // Half full at most: probes stay short.
        if (++this.#filled * 2 > slots.length) this.#grow();
        return;
      }
      if (held === hash) {
        if (this.#overflowed) return;
        this.#suspects.add(value);
        if (this.#suspects.size > MAX_SUSPECTS) {
          this.#overflowed = true;
          this.#suspects.clear();
        }
        return;
      }
    }
  }

  /**
   * The values to count exactly: none when no value can repeat, `'all'` when there were too many
   * suspects to list (the database then groups every row).
   */
  suspects(): readonly string[] | 'all' {
    return this.#overflowed ? 'all' : [...this.#suspects];
  }

  /** Lets the table go (8 MB per million values) once the rows have all been added. */
  release(): void {
    freeNow(this.#slots);
    this.#slots = new Uint32Array(FIRST_CAPACITY);
    this.#filled = 0;
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Uint32Array(old.length * 2);
    const mask = slots.length - 1;
    for (const hash of old) {
      if (hash === EMPTY) continue;
      let slot = hash & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = hash;
    }
    this.#slots = slots;
    freeNow(old);
  }
}
