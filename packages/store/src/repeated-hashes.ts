/**
 * Values that may occur more than once in a file, found as its rows stream to the database, so that
 * the database groups only those rows instead of a million (a `GROUP BY` costs PostgreSQL ~0.55 s per
 * column and million rows, measured, even with the work_mem it gets), and usually none at all.
 *
 * Each key's and e-mail's 31-bit hash travels to the database with its row (`key_hash`,
 * `other_hash`); a log here keeps that hash with a second, independent 32-bit one: 63 bits a value.
 * Once the rows are all in, every pair found twice is repeated. A real duplicate always is; two
 * different values collide on 63 bits about n²/2⁶⁴ times (10⁻⁸ in a million rows), so a clean file
 * repeats nothing and the database checks nothing (with the 31-bit hash alone, ~230 chance collisions
 * a million rows made it scan the staged rows twice: 0.21 s). The database groups the rows carrying a
 * repeated hash by their values, so even a collision never rejects a row.
 *
 * The log's memory must not grow with the file (8 MB a million rows held in memory was half of what
 * a million-row run needed beyond a 100k-row one): hashes go to 32 partitions by their bits, each
 * filling 8 KB blocks; past the first 128k values full blocks go to a temporary file, unlinked as soon
 * as it is opened, so nothing is left behind whatever happens to the process. At the end each
 * partition (1/32 of the values) is read back and checked on its own, in a table small enough to
 * stay in the processor's cache: an open-addressing table over all the values cost ~0.3 s at a
 * million rows in cache misses (measured, before the partitions).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Past this many repeated hashes (or one in 64 of the values, whichever is more) the file is mostly
 * duplicates: the database groups every row instead.
 */
export const MAX_REPEATED = 10_000;
const REPEATED_SHARE = 64;

const PARTITION_BITS = 5;
const PARTITIONS = 1 << PARTITION_BITS;
/** Values a block holds (two 32-bit hashes each: 8 KB). */
const BLOCK_VALUES = 1024;
/** Values kept in memory before blocks go to the temporary file: small files never touch the disk. */
export const KEPT_IN_MEMORY = 128 * 1024;

const FIRST = { seed: 0x811c9dc5, prime: 0x01000193 } as const;
/** Another seed and multiplier (MurmurHash2's): a second hash independent of the first. */
const SECOND = { seed: 0x9747b28c, prime: 0x5bd1e995 } as const;

/**
 * FNV-1a over pairs of UTF-16 code units (half the multiplications of one per unit: this runs for
 * every key and e-mail of a file), cut to 31 bits: a V8 small integer (a full 32-bit value is a heap
 * number, whose text conversions filled V8's number-to-string cache and promoted ~2 million strings
 * a million rows: 56 full collections instead of 4), which also fits PostgreSQL's `integer`.
 */
export function hash31(value: string): number {
  return fmix32(fnvPairs(value, FIRST)) >> 1;
}

/** The second hash {@link HashLog} keeps, independent of {@link hash31}; never written as text, so all 32 bits serve. */
export function secondHash(value: string): number {
  return fmix32(fnvPairs(value, SECOND));
}

function fnvPairs(value: string, { seed, prime }: { readonly seed: number; readonly prime: number }): number {
  let hash = seed ^ value.length;
  const pairs = value.length & ~1;
  for (let i = 0; i < pairs; i += 2) {
    hash = Math.imul(hash ^ (value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16)), prime);
  }
  if (pairs < value.length) hash = Math.imul(hash ^ value.charCodeAt(pairs), prime);
  return hash;
}

/**
 * MurmurHash3's finaliser: FNV alone mixes the last characters poorly (a million zero-padded ids
 * collided 1,320 times on 31 bits where chance gives ~230; 130 with it).
 */
function fmix32(value: number): number {
  let hash = Math.imul(value ^ (value >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}

/** Where a partition's full blocks are: in memory, or at byte offsets of the temporary file. */
interface Partition {
  block: Int32Array;
  filled: number;
  readonly kept: Int32Array[];
  readonly offsets: number[];
}

const newPartition = (): Partition => ({
  block: new Int32Array(2 * BLOCK_VALUES),
  filled: 0,
  kept: [],
  offsets: [],
});

export class HashLog implements Disposable {
  readonly #spillDirectory: string;
  #partitions = Array.from({ length: PARTITIONS }, newPartition);
  #count = 0;
  /** The temporary file, once opened. */
  #file: number | undefined;
  #fileBytes = 0;
  /** Set when the file could not be opened or written: from then on full blocks stay in memory. */
  #inMemoryOnly = false;

  /** `spillDirectory`: where the temporary file goes (the system's temporary folder by default). */
  constructor(spillDirectory = tmpdir()) {
    this.#spillDirectory = spillDirectory;
  }

  /**
   * Logs a value; returns its {@link hash31}, the hash the database gets. {@link hash31} and
   * {@link secondHash} in one pass over the characters (this runs for every key and e-mail of a file:
   * two passes took 133 ms for 2M values, one 72 ms).
   */
  add(value: string): number {
    let first = FIRST.seed ^ value.length;
    let second = SECOND.seed ^ value.length;
    const pairs = value.length & ~1;
    for (let i = 0; i < pairs; i += 2) {
      const pair = value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16);
      first = Math.imul(first ^ pair, FIRST.prime);
      second = Math.imul(second ^ pair, SECOND.prime);
    }
    if (pairs < value.length) {
      const last = value.charCodeAt(pairs);
      first = Math.imul(first ^ last, FIRST.prime);
      second = Math.imul(second ^ last, SECOND.prime);
    }
    first = fmix32(first) >> 1;
    this.addHashes(first, fmix32(second));
    return first;
  }

  /** Logs a value by its two hashes (what {@link add} does after hashing). */
  addHashes(first: number, second: number): void {
    const partition = this.#partitions[second >>> (32 - PARTITION_BITS)] as Partition;
    const at = 2 * partition.filled;
    partition.block[at] = first;
    partition.block[at + 1] = second;
    this.#count++;
    if (++partition.filled === BLOCK_VALUES) this.#flush(partition);
  }

  /**
   * The first hashes of the values logged more than once, or `'all'` when there are too many (see
   * {@link MAX_REPEATED}). Empties the log: call once, after the last row.
   */
  repeated(): readonly number[] | 'all' {
    const limit = Math.max(MAX_REPEATED, Math.ceil(this.#count / REPEATED_SHARE));
    const repeated: number[] = [];
    // One partition at a time in arrays reused for each: typed arrays are memory outside V8's heap,
    // which a loop allocating them afresh fills faster than the collector frees it (+51 MB measured
    // at a million rows, where one partition's arrays are ~0.8 MB).
    const largest = Math.max(...this.#partitions.map(valueCount));
    const values = new Int32Array(2 * largest);
    const table = new RepeatTable(largest);
    for (const partition of this.#partitions) {
      const count = this.#readInto(partition, values);
      if (!table.findRepeats(values.subarray(0, 2 * count), repeated, limit)) {
        this.#reset();
        return 'all';
      }
    }
    this.#reset();
    return repeated;
  }

  /**
   * Closes the temporary file (its space is freed then: it has no name) and forgets every value
   * logged, whose blocks were in it: the log starts empty again.
   */
  [Symbol.dispose](): void {
    this.#reset();
  }

  #reset(): void {
    if (this.#file !== undefined) closeQuietly(this.#file);
    this.#file = undefined;
    this.#fileBytes = 0;
    this.#inMemoryOnly = false;
    this.#partitions = Array.from({ length: PARTITIONS }, newPartition);
    this.#count = 0;
  }

  #flush(partition: Partition): void {
    const full = partition.block;
    partition.filled = 0;
    const file = this.#count > KEPT_IN_MEMORY ? this.#openFile() : undefined;
    if (file !== undefined) {
      try {
        // A nearly full disk or a file-size limit can write part of the block without an error.
        if (writeSync(file, full, 0, full.byteLength, this.#fileBytes) === full.byteLength) {
          partition.offsets.push(this.#fileBytes);
          this.#fileBytes += full.byteLength;
          return; // The block is reused: its values are in the file.
        }
      } catch {
        // A full disk: handled below.
      }
      // The rest stays in memory, as a small file's does (the blocks written before stay readable).
      this.#inMemoryOnly = true;
    }
    partition.kept.push(full);
    partition.block = new Int32Array(2 * BLOCK_VALUES);
  }

  /** The temporary file, opened on first use; undefined when it cannot be used (memory serves). */
  #openFile(): number | undefined {
    if (this.#inMemoryOnly) return undefined;
    if (this.#file !== undefined) return this.#file;
    try {
      const directory = mkdtempSync(path.join(this.#spillDirectory, 'roster-hashes-'));
      const name = path.join(directory, 'log');
      try {
        this.#file = openSync(name, 'w+', 0o600);
      } finally {
        rmQuietly(name, directory);
      }
    } catch {
      this.#inMemoryOnly = true;
    }
    return this.#file;
  }

  /** Copies every pair a partition holds, from memory and the file, into `values`; returns how many. */
  #readInto(partition: Partition, values: Int32Array): number {
    const blockLength = 2 * BLOCK_VALUES;
    let at = 0;
    for (const block of partition.kept) {
      values.set(block, at);
      at += blockLength;
    }
    for (const offset of partition.offsets) {
      if (readSync(this.#file as number, values, at * 4, blockLength * 4, offset) !== blockLength * 4) {
        throw new Error("The duplicate check's temporary file came back shorter than it was written");
      }
      at += blockLength;
    }
    values.set(partition.block.subarray(0, 2 * partition.filled), at);
    return valueCount(partition);
  }
}

const valueCount = (partition: Partition) =>
  (partition.kept.length + partition.offsets.length) * BLOCK_VALUES + partition.filled;

/** An open-addressing table of hash pairs, for up to `capacity` pairs at a time, reused. */
class RepeatTable {
  readonly #firsts: Int32Array;
  readonly #seconds: Int32Array;
  /** 0 empty, 1 seen once, 2 already listed as repeated. */
  readonly #seen: Uint8Array;

  constructor(capacity: number) {
    const size = tableSize(capacity);
    this.#firsts = new Int32Array(size);
    this.#seconds = new Int32Array(size);
    this.#seen = new Uint8Array(size);
  }

  /**
   * Adds to `repeated` the first hash of each pair `pairs` holds more than once (once however
   * often); false when that makes more than `limit`.
   */
  findRepeats(pairs: Int32Array, repeated: number[], limit: number): boolean {
    const size = tableSize(pairs.length / 2);
    const mask = size - 1;
    const firsts = this.#firsts;
    const seconds = this.#seconds;
    const seen = this.#seen;
    seen.fill(0, 0, size);
    for (let i = 0; i < pairs.length; i += 2) {
      const first = pairs[i] as number;
      const second = pairs[i + 1] as number;
      // The low bits of the first hash: the partition was chosen by the second's high bits.
      let slot = first & mask;
      for (;;) {
        const state = seen[slot] as number;
        if (state === 0) {
          firsts[slot] = first;
          seconds[slot] = second;
          seen[slot] = 1;
          break;
        }
        if (firsts[slot] === first && seconds[slot] === second) {
          if (state === 1) {
            seen[slot] = 2;
            repeated.push(first);
            if (repeated.length > limit) return false;
          }
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return true;
  }
}

/** A power of two at least twice `count`: the table stays at most half full. */
function tableSize(count: number): number {
  let size = 4;
  while (size < 2 * count) size *= 2;
  return size;
}

function closeQuietly(file: number): void {
  try {
    closeSync(file);
  } catch {
    // Already unusable; nothing else to free.
  }
}

function rmQuietly(file: string, directory: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Never created.
  }
  try {
    rmdirSync(directory);
  } catch {
    // Left for the system's temporary-folder cleaning; it is empty.
  }
}
