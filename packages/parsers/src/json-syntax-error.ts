/**
 * V8's `JSON.parse` messages end with a position in the text it was given (`… in JSON at position 16
 * (line 1 column 17)`, or `… after JSON at position 28` for text after a complete value). The readers
 * parse one record at a time, so that position is translated into the file's line and the column on
 * it. `firstColumn` is the 1-based column where the record starts on `firstLine`; when the record
 * shares its line with text that is no longer at hand (a minified file read in chunks), it is
 * undefined and a position on the record's first line is given relative to the record.
 */
export function describeSyntaxError(
  error: unknown,
  text: string,
  firstLine: number,
  firstColumn: number | undefined,
): { problem: string; line: number } {
  const message = error instanceof Error ? error.message : String(error);
  const match = / (in|after) JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!match) return { problem: message, line: firstLine };
  const position = Number(match[2]);
  const before = text.slice(0, position);
  const breaks = before.split('\n').length - 1;
  const onLine = position - (before.lastIndexOf('\n') + 1);
  let where: string;
  if (breaks > 0) where = `column ${onLine + 1}`;
  else if (firstColumn !== undefined) where = `column ${firstColumn + onLine}`;
  else where = `character ${onLine + 1} of the record`;
  const after = match[1] === 'after' ? ' after the JSON value' : '';
  return { problem: `${message.replace(match[0], after)} (${where})`, line: firstLine + breaks };
}
