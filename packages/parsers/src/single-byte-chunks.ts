import { isAscii, isUtf8 } from 'node:buffer';
import { RosterError } from '@roster/engine';
import { countByte } from './line-count.ts';
import { decodeText, utf8Transcoder } from './transcode.ts';
import type { Utf8Source } from './utf8-chunks.ts';
import { completeEnd, firstLikelyUtf8, sequenceLength } from './utf8-validator.ts';

/**
 * A Windows-1252 or ISO-8859-1/-15 file as UTF-8 chunks, failing with `ENCODING_INVALID` at the first
 * character that is UTF-8 instead. Any bytes are text in these encodings, so a UTF-8 file decodes
 * without an error, as mojibake: with `csv.encoding: windows-1252` pinned by `roster init` and an export
 * that has since become UTF-8, "José" was stored as "JosÃ©". The first 64 KiB are checked when the
 * encoding is chosen (detect-encoding.ts); this checks the rest, where a mostly-English file's first
 * accented name often is.
 *
 * The signature, chunk by chunk: its bytes ≥ 0x80 all form valid UTF-8 sequences, and there is at
 * least one. Real Windows-1252 text almost never does that: an accented letter is one byte followed by a
 * letter or a space (`é ` is E9 20), which UTF-8 cannot be; only a capital accented letter followed by a
 * symbol (`É©`, C9 A9, or "QUALITÉ" and a no-break space) is a valid pair, and such pairs read as
 * characters no HR data holds (utf8-validator.ts' likelyCharacter), so they are not taken for UTF-8.
 * The cost is one native `isAscii` per chunk, plus one `isUtf8` on chunks that are not ASCII, and
 * counting line breaks (~30 ms per 1M lines) for the error's line.
 *
 * @example
 * for await (const utf8 of singleByteChunks(fileChunks(path, 'acme.csv'), source)) parser.write(utf8);
 */
export async function* singleByteChunks(
  chunks: AsyncIterable<Buffer>,
  source: Utf8Source,
): AsyncGenerator<Buffer> {
  const transcoder = utf8Transcoder(source.encoding.encoding);
  const lookalike = new Utf8Lookalike();
  const lineBreak = source.lineBreak.charCodeAt(0);
  let line = 1;
  for await (const chunk of chunks) {
    const found = lookalike.check(chunk);
    if (found) throw utf8TextError(source, line + countByte(chunk, lineBreak, found.offset), found);
    line += countByte(chunk, lineBreak, chunk.length);
    const text = transcoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const tail = transcoder.end();
  if (tail.length > 0) yield tail;
}

/** A UTF-8 character found in single-byte text. */
interface Utf8Character {
  /** Where it starts in the chunk: 0 when it started in the chunk before (a line break is never inside). */
  readonly offset: number;
  readonly bytes: Buffer;
  /** An earlier chunk had bytes that are not UTF-8: the file mixes two encodings. */
  readonly mixed: boolean;
}

/**
 * Finds chunks that are UTF-8 text with accents. A character split between two chunks is held back and
 * checked with the next one: cut in two, `é` (C3 | A9) would be an invalid lead byte at one chunk's end
 * and a stray continuation byte at the next one's start, and the file would pass unseen.
 */
class Utf8Lookalike {
  #carry: Buffer | undefined;
  #foreign = false;

  check(chunk: Buffer): Utf8Character | undefined {
    const carried = this.#carry?.length ?? 0;
    const bytes = this.#carry ? Buffer.concat([this.#carry, chunk]) : chunk;
    this.#carry = undefined;
    if (isAscii(bytes)) return undefined;
    const end = completeEnd(bytes, 0);
    if (end < bytes.length) this.#carry = Buffer.from(bytes.subarray(end));
    const whole = bytes.subarray(0, end);
    if (!isUtf8(whole)) {
      this.#foreign = true;
      return undefined;
    }
    // None: only the held-back tail was not ASCII, or the pairs are ones Windows-1252 forms by chance.
    const first = firstLikelyUtf8(whole);
    if (first === -1) return undefined;
    const length = sequenceLength(whole[first] ?? 0);
    return {
      offset: Math.max(0, first - carried),
      bytes: Buffer.from(whole.subarray(first, first + length)),
      mixed: this.#foreign,
    };
  }
}

function utf8TextError(source: Utf8Source, line: number, found: Utf8Character): RosterError {
  const { fileName } = source;
  const { encoding } = source.encoding;
  const hex = [...found.bytes].map((byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const seen =
    `Invalid ${encoding} text in ${fileName} at line ${line}: "${found.bytes.toString('utf8')}" is UTF-8 ` +
    `(bytes ${hex}), which ${encoding} would store as "${decodeText(found.bytes, encoding)}"`;
  const where = { file: fileName, line };
  if (found.mixed) {
    return new RosterError(
      'ENCODING_INVALID',
      `${seen}, though the file's earlier accented letters are ${encoding}: it mixes two encodings`,
      {
        ...where,
        hint: 'Ask the customer to export the file again in one encoding, UTF-8 preferably (text pasted from another file brings its encoding along)',
      },
    );
  }
  return new RosterError('ENCODING_INVALID', seen, {
    ...where,
    hint: `The file is UTF-8 though csv.encoding says ${encoding}: set \`csv.encoding: auto\` (or utf-8) in tenant.yaml`,
  });
}
