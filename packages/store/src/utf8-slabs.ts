/**
 * COPY text turned into UTF-8 bytes for the socket: each chunk encoded into the free end of a
 * shared 1 MiB slab, and handed on as a view of it. Measured on a million-row file's COPY text
 * (1,894 chunks of ~80 KB, every one holding a character past U+00FF, so V8 keeps them as two-byte
 * strings): `Buffer.from` per chunk 231 ms and a fresh allocation each, `TextEncoder.encodeInto` into
 * a slab 125 ms and one allocation per ~12 chunks.
 *
 * A slab's bytes are never written twice: once its free end is too small for the next chunk, a new
 * slab takes over and the old one lives as long as the views the database connection still holds.
 */
const SLAB_BYTES = 1 << 20;
/** The most UTF-8 bytes one UTF-16 code unit can need (a surrogate pair's two units make 4 bytes). */
const MAX_BYTES_PER_UNIT = 3;

export async function* utf8Slabs(texts: AsyncIterable<string>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let slab = new Uint8Array(0);
  let used = 0;
  for await (const text of texts) {
    if (text.length === 0) continue;
    const room = MAX_BYTES_PER_UNIT * text.length;
    if (slab.length - used < room) {
      slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, room));
      used = 0;
    }
    const { read, written } = encoder.encodeInto(text, slab.subarray(used));
    if (read !== text.length)
      throw new Error(`UTF-8 encoding stopped at ${read} of ${text.length} code units`);
    yield slab.subarray(used, used + written);
    used += written;
  }
}
