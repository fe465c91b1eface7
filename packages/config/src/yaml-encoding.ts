/**
 * Config files are UTF-8. A file saved in another encoding is reported as that, once, instead of
 * being read as UTF-8: Windows-1252's `ü` would become `�` in a column name ("not in sample.csv"),
 * and UTF-16 makes the whole file one string of letters and NULs ("must be a mapping").
 */
import path from 'node:path';
import type { Diagnostic } from './diagnostic.ts';

export type DecodedYaml = { readonly text: string } | { readonly problem: Diagnostic };

/** The next step. An editor opens a file without a byte-order mark as UTF-8, so it is reopened in its own first. */
const saveAsUtf8 = (reopenIn?: string): string =>
  `Save it as UTF-8 (VS Code: ${reopenIn === undefined ? '' : `"Reopen with Encoding" → ${reopenIn}, then `}"Save with Encoding" → UTF-8; Notepad: Save As, Encoding: UTF-8).`;

/** UTF-16 and UTF-32, by their byte-order mark or, without one, by the NUL bytes ASCII text has in them. */
function wideEncoding(bytes: Uint8Array): string | undefined {
  const [b0, b1, b2, b3] = bytes;
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? 'UTF-32' : 'UTF-16';
  if (b0 === 0xfe && b1 === 0xff) return 'UTF-16';
  if (bytes.length < 2) return undefined;
  // No YAML text starts with a NUL or has one as its second character: that is ASCII in UTF-16 or UTF-32.
  if ((b0 === 0 && b1 === 0) || (b1 === 0 && b2 === 0 && b3 === 0)) return 'UTF-32';
  if (b0 === 0 || b1 === 0) return 'UTF-16';
  return undefined;
}

/**
 * The letter a byte is in Windows-1252 (the encoding a file saved on Windows is usually in), for the
 * bytes 0xA0–0xFF, where it is the same as ISO-8859-1 and so as the code point: `ü` is 0xFC.
 */
function windows1252Letter(byte: number): string | undefined {
  const character = String.fromCharCode(byte);
  return byte >= 0xa0 && /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character) ? character : undefined;
}

/** The offset of the first byte that is not UTF-8, and the text before it. */
function firstInvalidByte(bytes: Uint8Array): { offset: number; before: string } {
  // Everything before that byte decodes to exactly its own bytes, so it is where the first U+FFFD is
  // that was not written as U+FFFD's own three bytes.
  const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  const encoder = new TextEncoder();
  for (let at = lenient.indexOf('\uFFFD'); at >= 0; at = lenient.indexOf('\uFFFD', at + 1)) {
    const before = lenient.slice(0, at);
    const offset = encoder.encode(before).length;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd)
      return { offset, before };
  }
  return { offset: 0, before: '' }; // not reached: fatal decoding failed, so such a U+FFFD is there
}

/**
 * Decodes a config file's bytes as UTF-8 (a UTF-8 byte-order mark is dropped), or says why it cannot:
 * the file's encoding and, for bytes that are not UTF-8, the line and column of the first one.
 *
 * @example
 * decodeYaml(readFileSync('tenants/acme/mappings.yaml'), 'tenants/acme/mappings.yaml');
 * // { problem: { line: 7, col: 24, code: 'YAML_ENCODING', message: 'mappings.yaml is not UTF-8 (line 7: byte 0xFC, "ü" in Windows-1252): …' } }
 */
export function decodeYaml(bytes: Uint8Array, file: string): DecodedYaml {
  const name = path.basename(file);
  const wide = wideEncoding(bytes);
  if (wide !== undefined) {
    const message = `${name} is ${wide}: Roster reads config files as UTF-8. ${saveAsUtf8()}`;
    return { problem: { file, line: 0, col: 0, level: 'error', code: 'YAML_ENCODING', message } };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const { offset, before } = firstInvalidByte(bytes);
    const lines = before.replace(/^\uFEFF/, '').split('\n');
    const line = lines.length;
    const col = (lines.at(-1) ?? '').length + 1;
    const byte = bytes[offset] ?? 0;
    const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const letter = windows1252Letter(byte);
    const guess = letter === undefined ? '' : `, "${letter}" in Windows-1252`;
    const message = `${name} is not UTF-8 (line ${line}: byte ${hex}${guess}): Roster reads config files as UTF-8. ${saveAsUtf8(letter === undefined ? 'its encoding' : 'Windows-1252')}`;
    return { problem: { file, line, col, level: 'error', code: 'YAML_ENCODING', message } };
  }
}
