/**
 * Characters that show nothing and, at a value's end or in a column's name, mean nothing, but that
 * exports and pasted text carry: zero-width spaces and joiners (U+200B–U+200D), the word joiner
 * (U+2060), the byte-order mark (U+FEFF), the soft hyphen (U+00AD, visible only where a line breaks
 * at it), and the bidirectional marks, embeddings and isolates (U+200E, U+200F, U+061C, U+202A–U+202E,
 * U+2066–U+2069) that right-to-left Excel and Outlook put around numbers when copying: `\u200F00005`
 * was another person than `00005`. All are Unicode format characters (Cf), ignorable by default.
 * Inside a value they stay: a zero-width joiner is part of Persian and Indic names.
 *
 * The body of a regular expression's character class, and a test of one UTF-16 code by comparisons,
 * which runs for every cell of a file before any regular expression does.
 *
 * @example new RegExp(`^[${INVISIBLE_CHARACTERS}]+`).test('\u200F00005') // true
 */
export const INVISIBLE_CHARACTERS =
  '\\u00ad\\u061c\\u200b-\\u200f\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff';

/** Whether a UTF-16 code (`text.charCodeAt(i)`) is one of {@link INVISIBLE_CHARACTERS}. */
export function isInvisibleCharacter(code: number): boolean {
  if (code < 0x00ad) return false; // ASCII and most of Latin-1: almost every character tested
  return (
    code === 0x00ad ||
    code === 0x061c ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    code === 0x2060 ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}
