import iconv from 'iconv-lite';
import type { TextEncoding } from './detect-encoding.ts';

type IconvEncoding = Parameters<typeof iconv.getDecoder>[0];

/**
 * The decoder behind each configured encoding. `iso-8859-1` is decoded as Windows-1252, as the WHATWG
 * Encoding Standard has browsers do for that label (and `latin1`, `us-ascii`): the two differ only in
 * 0x80–0x9F, which Windows-1252 uses for € “ ” – … and ISO-8859-1 for C1 control characters that no HR
 * export means. A file called "ISO-8859-1" is almost always Excel's Windows-1252, and decoding it
 * strictly turned "1.200 €" into "1.200 \u0080". `iso-8859-15` is a different encoding (€ at 0xA4) and
 * has its own decoder, as in the standard.
 */
const ICONV_NAMES = {
  'utf-8': 'utf8',
  'utf-16le': 'utf16le',
  'utf-16be': 'utf16be',
  'windows-1252': 'windows1252',
  'iso-8859-1': 'windows1252',
  'iso-8859-15': 'iso885915',
} as const satisfies Record<TextEncoding, IconvEncoding>;

/** Turns chunks of some encoding into chunks of UTF-8, carrying characters split between chunks. */
export interface Transcoder {
  write(chunk: Buffer): Buffer;
  end(): Buffer;
}

/**
 * A streaming decoder from `encoding` to UTF-8 bytes, so that the tokenizer always sees UTF-8 whatever the
 * file's encoding (one parser configuration, one line counter, one delimiter sniffer).
 */
export function utf8Transcoder(encoding: TextEncoding): Transcoder {
  // The reader removes the byte-order mark itself: iconv must not strip a second one that is data.
  const decoder = iconv.getDecoder(ICONV_NAMES[encoding], { stripBOM: false });
  return {
    write: (chunk) => Buffer.from(decoder.write(chunk), 'utf8'),
    end: () => Buffer.from(decoder.end() ?? '', 'utf8'),
  };
}

/** Decodes a whole (small) buffer, e.g. the sample the delimiter is sniffed from. */
export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf-8') return bytes.toString('utf8');
  return iconv.decode(bytes, ICONV_NAMES[encoding], { stripBOM: false });
}
