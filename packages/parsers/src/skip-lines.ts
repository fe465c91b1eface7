const LF = 0x0a;
const CR = 0x0d;

/**
 * Drops the first `count` physical lines (ended by LF, CRLF or CR) of a UTF-8 byte stream: the title
 * lines above a header row. This is done on bytes rather than with csv-parse's `from_line`, whose line
 * count includes line breaks inside quoted fields; title lines are lines as a text editor shows them,
 * and a stray quote in a title must not swallow the header.
 */
export async function* skipLines(chunks: AsyncIterable<Buffer>, count: number): AsyncGenerator<Buffer> {
  let remaining = count;
  let afterCr = false;
  for await (const chunk of chunks) {
    let start = 0;
    if (afterCr) {
      // A CR that ended the last skipped line may be the first half of a CRLF split between chunks.
      if (chunk[0] === LF) start = 1;
      afterCr = false;
    }
    while (remaining > 0 && start < chunk.length) {
      const byte = chunk[start++];
      if (byte === LF) {
        remaining--;
      } else if (byte === CR) {
        remaining--;
        if (start === chunk.length) afterCr = true;
        else if (chunk[start] === LF) start++;
      }
    }
    if (start < chunk.length) yield start === 0 ? chunk : chunk.subarray(start);
  }
}

/** The index just after the first `count` lines of `text` (the same rule as {@link skipLines}). */
export function skipTextLines(text: string, count: number): number {
  let index = 0;
  for (let remaining = count; remaining > 0 && index < text.length; index++) {
    const char = text[index];
    if (char === '\n') remaining--;
    else if (char === '\r') {
      remaining--;
      if (text[index + 1] === '\n') index++;
    }
  }
  return index;
}
