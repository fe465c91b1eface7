/**
 * Excel's delimiter hint: a first line `sep=;` (any one character after `=`) tells Excel which separator
 * the file uses, whatever the reader's locale. It is not part of the table: the reader skips it and, when
 * the delimiter is `auto`, takes the separator it names.
 *
 * @example separatorLine('sep=;\r\nid;name\r\n') // ';'
 */
export function separatorLine(text: string): string | undefined {
  const match = /^sep=([^\r\n"'])(?:\r\n|\n|\r|$)/i.exec(text);
  return match?.[1];
}
