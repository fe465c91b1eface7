/**
 * COPY text written as UTF-8 straight into shared 256 KiB slabs, a row at a time, and handed on as
 * views of them. Measured at a million rows (1,894 batches of ~80 KB of text, every one holding a
 * character past U+00FF, so V8 keeps them as two-byte strings), CPU profiles of the changed run:
 * - a batch's rows joined with `+=`, then `Buffer.from`: the joined string is a rope of ~13,000
 *   pieces that V8 must first flatten, chasing pointers, and each batch a fresh allocation;
 * - `TextEncoder.encodeInto` of the same ropes into a slab: 0.59 s in encodeInto (the flattening
 *   stays), the main thread busy 2.94 s in all;
 * - each row's text encoded into the slab as soon as it is made (a short rope, still in the cache):
 *   0.23 s in encodeInto, the main thread busy 2.55 s;
 * - a person's row written value by value into the slab, with no string for the row at all
 *   (`reserve`/`advance`, copy-text.ts's writeCopyValue): see there.
 *
 * A slab's bytes are never written twice: once its free end is too small for the next row, a new
 * slab takes over and the old one lives as long as the views the database connection still holds.
 */
/**
 * A slab should die young: one living through many batches is promoted to V8's old generation,
 * where its bytes wait for a full collection. 1 MiB slabs (~12 batches each) kept ~10 MB alive at
 * 100k rows (peak RSS 147 MB); 256 KiB slabs 1 MB (138 MB), and were as fast at a million rows.
 */
const SLAB_BYTES = 256 * 1024;
/** The most UTF-8 bytes one UTF-16 code unit can need (a surrogate pair's two units make 4 bytes). */
const MAX_BYTES_PER_UNIT = 3;

export class Utf8Slabs {
  readonly #encoder = new TextEncoder();
  #slab = new Uint8Array(0);
  #used = 0;
  /** Where the bytes not yet taken start in the current slab. */
  #start = 0;
  #taken: Uint8Array[] = [];

  /** Appends `text` as UTF-8. */
  write(text: string): void {
    const slab = this.reserve(MAX_BYTES_PER_UNIT * text.length);
    const { read, written } = this.#encoder.encodeInto(text, slab.subarray(this.#used));
    if (read !== text.length)
      throw new Error(`UTF-8 encoding stopped at ${read} of ${text.length} code units`);
    this.#used += written;
  }

  /**
   * Room for up to `bytes` more, for a writer that puts them straight in (copy-text.ts): the slab,
   * from {@link used} on; {@link advance} then says where the written bytes end.
   */
  reserve(bytes: number): Uint8Array {
    if (this.#slab.length - this.#used < bytes) {
      this.#keepPending();
      this.#slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, bytes));
      this.#used = 0;
      this.#start = 0;
    }
    return this.#slab;
  }

  /** Where the next byte goes in the slab {@link reserve} returned. */
  get used(): number {
    return this.#used;
  }

  /** The bytes up to `end` of the reserved slab are written (no more than were reserved). */
  advance(end: number): void {
    this.#used = end;
  }

  /** The bytes written since the last call, as views (more than one when they span slabs). */
  take(): Uint8Array[] {
    this.#keepPending();
    const taken = this.#taken;
    this.#taken = [];
    return taken;
  }

  #keepPending(): void {
    if (this.#used > this.#start) this.#taken.push(this.#slab.subarray(this.#start, this.#used));
    this.#start = this.#used;
  }
}
