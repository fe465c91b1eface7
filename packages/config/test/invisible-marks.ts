/**
 * The bidirectional marks, embeddings, isolates and soft hyphen that right-to-left Excel and Outlook
 * put around values when copying, written out one by one (not derived from INVISIBLE_CHARACTERS, which
 * the tests check): shared by config's column-name tests and the engine's cell-value tests.
 */
export const COPIED_MARKS = [
  '\u200E',
  '\u200F',
  '\u00AD',
  '\u061C',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
] as const;
