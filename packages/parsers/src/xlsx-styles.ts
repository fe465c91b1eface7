/**
 * What each cell style (`s="…"` on a cell, an index into `cellXfs` of `xl/styles.xml`) does to a number
 * that matters to its value: a date format (a date is only a number with a date format, so this is what
 * tells 43651 from 2019-07-05), or digits in fixed places (`000000`: the id 104 shows as 000104).
 */
import { isDateFormat } from './xlsx-cells.ts';
import { DigitsFormat } from './xlsx-digit-formats.ts';
import { attributeValue, type XmlHandler, XmlScanner } from './xlsx-xml.ts';

/**
 * Excel's built-in number formats that are dates or times (ECMA-376 §18.8.30): 14–22, and the East
 * Asian ones 27–36 and 50–58, and 45–47 (`mm:ss`, `[h]:mm:ss`, `mmss.0`).
 */
function isBuiltInDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

class StylesHandler implements XmlHandler {
  readonly wantsText = false;
  readonly customFormats = new Map<number, string>();
  readonly formatIds: number[] = [];
  #inCellXfs = false;
  /** `<dxfs>` (conditional formats) have numFmts too, with ids that may clash: only `<numFmts>` count. */
  #inNumFmts = false;

  open(name: string, source: string, from: number, to: number): void {
    if (name === 'numFmts') {
      this.#inNumFmts = true;
    } else if (name === 'numFmt' && this.#inNumFmts) {
      const id = Number(attributeValue(source, from, to, 'numFmtId'));
      this.customFormats.set(id, attributeValue(source, from, to, 'formatCode') ?? '');
    } else if (name === 'cellXfs') {
      this.#inCellXfs = true;
    } else if (name === 'xf' && this.#inCellXfs) {
      this.formatIds.push(Number(attributeValue(source, from, to, 'numFmtId') ?? 0));
    }
  }

  close(name: string): void {
    if (name === 'cellXfs') this.#inCellXfs = false;
    else if (name === 'numFmts') this.#inNumFmts = false;
  }

  text(): void {}
}

/** How a style shows numbers, where it changes the cell's value; undefined: as a plain number. */
export type NumberFormat = 'date' | DigitsFormat;

/**
 * For each style index, its {@link NumberFormat} (a custom `numFmts` entry wins over a built-in id; no
 * built-in format pads digits). Each format code is parsed once, however many styles share it.
 */
export function numberFormats(stylesXml: string): (NumberFormat | undefined)[] {
  const handler = new StylesHandler();
  new XmlScanner(handler).feed(stylesXml);
  const byId = new Map<number, NumberFormat | undefined>();
  return handler.formatIds.map((id) => {
    if (byId.has(id)) return byId.get(id);
    const custom = handler.customFormats.get(id);
    const format =
      custom === undefined
        ? isBuiltInDateFormat(id)
          ? 'date'
          : undefined
        : isDateFormat(custom)
          ? 'date'
          : DigitsFormat.parse(custom);
    byId.set(id, format);
    return format;
  });
}
