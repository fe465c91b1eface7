import type { CsvOptions } from '@roster/config';
import { Utf8Validator, utf8Evidence } from './utf8-validator.ts';

/** An encoding the CSV reader can decode; `auto` is resolved to one of these before reading. */
export type TextEncoding = Exclude<NonNullable<CsvOptions['encoding']>, 'auto'>;

export interface EncodingChoice {
  readonly encoding: TextEncoding;
  /** Bytes of byte-order mark at the start of the file, to skip. */
  readonly bomLength: number;
  /** Why this encoding was chosen, for messages. */
  readonly reason:
    | 'bom'
    | 'configured'
    | 'utf-8-not-configured'
    | 'utf-16-zeros'
    | 'valid-utf-8'
    | 'mixed-utf-8'
    | 'not-utf-8';
}

/** Encodings of one byte per character, in which any byte sequence is text. */
const SINGLE_BYTE: ReadonlySet<TextEncoding> = new Set(['windows-1252', 'iso-8859-1', 'iso-8859-15']);

/** True for Windows-1252 and ISO-8859-1/-15: any bytes decode, so UTF-8 text decodes too, as mojibake. */
export function isSingleByte(encoding: TextEncoding): boolean {
  return SINGLE_BYTE.has(encoding);
}

const BOMS: readonly { readonly encoding: TextEncoding; readonly bytes: readonly number[] }[] = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** The byte-order mark at the start of `bytes`, if there is one. */
export function detectBom(bytes: Uint8Array): { encoding: TextEncoding; length: number } | undefined {
  for (const bom of BOMS) {
    if (bom.bytes.every((byte, index) => bytes[index] === byte)) {
      return { encoding: bom.encoding, length: bom.bytes.length };
    }
  }
  return undefined;
}

/**
 * Decides how to decode a file from its first bytes. A byte-order mark wins over everything, even a
 * configured encoding: it is unambiguous, and no real export starts with `ï»¿` in Windows-1252. So does a
 * sample that is valid UTF-8 with accented letters under a configured single-byte encoding: the customer
 * has moved to UTF-8 (Windows-1252 text has an invalid UTF-8 byte at nearly every accent, `é ` is
 * E9 20), and decoding it as configured would store "RenÃ©" for every accented name without a word. Without
 * one, `auto` takes UTF-8 when the sample is valid UTF-8 (ASCII included) and Windows-1252 otherwise; the
 * rest of the file is still checked while it streams, because one sample cannot prove the whole file.
 * Invalid UTF-8 that is mostly valid UTF-8 (more multi-byte characters than invalid bytes) is still
 * UTF-8: a mixed file, which fails at its first invalid byte rather than being garbled.
 * One more addition to that rule: text that is mostly zero bytes in every other position is UTF-16 that lost
 * its byte-order mark (valid UTF-8 too, but as such it would be unreadable).
 *
 * @example resolveEncoding('auto', Buffer.from('Name;Straße\n', 'latin1')).encoding // 'windows-1252'
 */
export function resolveEncoding(option: CsvOptions['encoding'], sample: Uint8Array): EncodingChoice {
  const bom = detectBom(sample);
  if (bom) return { encoding: bom.encoding, bomLength: bom.length, reason: 'bom' };
  if (option !== undefined && option !== 'auto') {
    if (SINGLE_BYTE.has(option) && isUtf8WithAccents(sample)) {
      return { encoding: 'utf-8', bomLength: 0, reason: 'utf-8-not-configured' };
    }
    return { encoding: option, bomLength: 0, reason: 'configured' };
  }
  const utf16 = utf16ByZeros(sample);
  if (utf16) return { encoding: utf16, bomLength: 0, reason: 'utf-16-zeros' };
  // The sample may end inside a multi-byte character: the validator holds such a tail back.
  const valid = new Utf8Validator().check(sample) === -1;
  const { multibyte, chance, invalid } = utf8Evidence(sample);
  // Valid UTF-8 whose only non-ASCII characters are pairs Windows-1252 text forms by chance
  // ("QUALITÉ" and a no-break space) is that text: read as UTF-8 it would store "QUALITɠ".
  if (valid && (multibyte > 0 || chance === 0))
    return { encoding: 'utf-8', bomLength: 0, reason: 'valid-utf-8' };
  // Mostly UTF-8 with a foreign byte: decoding it all as Windows-1252 would garble every UTF-8 letter
  // without a word ("RenÃ©"), so it is read as UTF-8 and fails at that byte, with its line, as the
  // same byte past the sample does.
  if (!valid && multibyte > 0 && multibyte >= invalid)
    return { encoding: 'utf-8', bomLength: 0, reason: 'mixed-utf-8' };
  return { encoding: 'windows-1252', bomLength: 0, reason: 'not-utf-8' };
}

/** Valid UTF-8 with at least one multi-byte character (plain ASCII is the same text in every encoding here). */
function isUtf8WithAccents(sample: Uint8Array): boolean {
  return new Utf8Validator().check(sample) === -1 && utf8Evidence(sample).multibyte > 0;
}

/** UTF-16 without a byte-order mark: ASCII text in it has a zero byte after (LE) or before (BE) each letter. */
export function utf16ByZeros(sample: Uint8Array): TextEncoding | undefined {
  const length = Math.min(sample.length, 4096) & ~1;
  if (length < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (sample[index] === 0) evenZeros++;
    if (sample[index + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.1) return 'utf-16le';
  if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.1) return 'utf-16be';
  return undefined;
}
