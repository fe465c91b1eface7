/**
 * V8's `JSON.parse` messages end with a position in the text it was given (`… in JSON at position 16
 * (line 1 column 17)`). The readers parse one record at a time, so that position is translated into the
 * file's line, and the column on it.
 */
export function describeSyntaxError(
  error: unknown,
  text: string,
  firstLine: number,
): { problem: string; line: number } {
  const message = error instanceof Error ? error.message : String(error);
  const match = / in JSON at position (\d+)(?: \(line \d+ column \d+\))?/.exec(message);
  if (!match) return { problem: message, line: firstLine };
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const breaks = before.split('\n').length - 1;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return { problem: `${message.replace(match[0], '')} (column ${column})`, line: firstLine + breaks };
}
