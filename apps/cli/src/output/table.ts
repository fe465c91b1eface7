import { formatCount } from './format-count.ts';

/**
 * Characters a terminal shows two columns wide: East Asian wide and fullwidth forms (Hangul, CJK,
 * kana, fullwidth Latin) and emoji. Names in those scripts otherwise pushed the columns after them
 * out of line (a new-user sweep's preview of Japanese names).
 */
const WIDE =
  /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const ZERO_WIDTH = /[\p{M}\u200B-\u200F\u2060\uFEFF]/u;

/** How many terminal columns the text takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1;
  return width;
}

/** A cell on one line: a value's line breaks (a quoted multi-line field) shown as ↵, tabs as a space. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '↵').replace(/\t/g, ' ');
}

/** A plain text table: columns padded to their widest cell, numbers right-aligned. */
export function renderTable(
  header: readonly string[],
  rows: ReadonlyArray<readonly (string | number)[]>,
): string {
  const cells = [
    header,
    ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? formatCount(cell) : oneLine(cell)))),
  ];
  const widths = header.map((_, column) =>
    Math.max(...cells.map((row) => displayWidth(String(row[column] ?? '')))),
  );
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'),
  );
  const pad = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text)));
  const line = (row: readonly (string | number)[]) =>
    row
      .map((cell, column) => {
        const text = String(cell);
        const fill = pad(text, widths[column] ?? 0);
        return numeric[column] ? fill + text : text + fill;
      })
      .join('  ')
      .trimEnd();
  return [
    line(cells[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}
