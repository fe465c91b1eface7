/**
 * Excel error cells (`#N/A`, `#REF!`, `#VALUE!`…) in the columns the mappings read. Such a cell has no
 * value, and reading it as empty would blank an e-mail, a manager or a department without a word (and
 * sync the blank); the row is rejected instead (`CELL_ERROR`), naming the cell and its error. An error
 * in a column no mapping reads changes nothing: that cell stays '' and the row is read as usual. A
 * formula saved without its result (a workbook written by a program that does not calculate) is the
 * same: no value.
 */
import { findColumn } from '@roster/config';
import type { SourceRow } from '@roster/engine';
import { RosterError } from '@roster/engine';
import { type BatchCellError, UNCALCULATED_FORMULA } from './xlsx-protocol.ts';

/** For each header cell, whether one of the configured columns is it (as the mapper matches them). */
export function mappedColumnFlags(header: readonly string[], columns: readonly string[]): boolean[] {
  const flags = header.map(() => false);
  for (const column of columns) {
    const { index, ambiguous } = findColumn(header, column);
    if (index !== -1) flags[index] = true;
    for (const candidate of ambiguous) flags[candidate] = true;
  }
  return flags;
}

/**
 * Gives the rows of a batch with an error cell in a mapped column their `CELL_ERROR` problem (in place;
 * cells unchanged, so the key can still be shown).
 */
export function rejectCellErrors(
  rows: SourceRow[],
  cellErrors: readonly BatchCellError[],
  context: {
    readonly header: readonly string[];
    readonly mapped: readonly boolean[];
    readonly sheet: string;
  },
): void {
  const byRow = new Map<number, BatchCellError[]>();
  for (const cellError of cellErrors) {
    if (context.mapped[cellError.column] !== true) continue;
    const list = byRow.get(cellError.row);
    if (list) list.push(cellError);
    else byRow.set(cellError.row, [cellError]);
  }
  for (const [index, errors] of byRow) {
    const row = rows[index];
    if (row === undefined || row.problem !== undefined) continue;
    const cells = errors.map(
      ({ column, line, error }) =>
        `${columnLetters(column)}${line} (${JSON.stringify(context.header[column] ?? '')}) holds ${error}`,
    );
    const [only] = cells;
    const message = errors.some(({ error }) => error === UNCALCULATED_FORMULA)
      ? `Invalid ${errors.length === 1 ? 'cell' : 'cells'} in sheet ${JSON.stringify(context.sheet)}: ${cells.join(', ')}: no value. ` +
        'The program that wrote the workbook saved its formulas without calculating them: open it in Excel and save it, or ask the customer for a file with values'
      : errors.length === 1
        ? `Invalid cell in sheet ${JSON.stringify(context.sheet)}: ${only}, an Excel error, not a value. ` +
          'Fix the formula or the value in the workbook, or ask the customer for a corrected file'
        : `Invalid cells in sheet ${JSON.stringify(context.sheet)}: ${cells.join(', ')}, Excel errors, not values. ` +
          'Fix the formulas or the values in the workbook, or ask the customer for a corrected file';
    rows[index] = { ...row, problem: { code: 'CELL_ERROR', message, column: errors[0]?.column ?? -1 } };
  }
}

/**
 * The error for merged cells below the header in a mapped column, or undefined. Only a merged range's
 * first cell holds its value; the others read as empty, which would blank a department or a manager
 * for every row but the first. The sheet's merges come after its rows, so the whole file fails (the run
 * applies nothing) rather than some rows being rejected. Merges in and above the header (a title, a
 * header spanning columns) change no value and are fine.
 */
export function mergedMappedCells(
  merges: readonly string[],
  context: {
    readonly header: readonly string[];
    readonly mapped: readonly boolean[];
    readonly sheet: string;
  },
  headerLine: number,
  fileName: string,
): RosterError | undefined {
  const found: string[] = [];
  for (const ref of merges) {
    const range = /^([A-Za-z]{1,3})(\d+):([A-Za-z]{1,3})(\d+)$/.exec(ref);
    if (!range) continue;
    const [firstColumn, lastColumn] = [columnNumber(range[1] ?? ''), columnNumber(range[3] ?? '')];
    const [firstRow, lastRow] = [Number(range[2]), Number(range[4])];
    for (let column = firstColumn; column <= lastColumn; column++) {
      if (context.mapped[column] !== true) continue;
      // The cells read as empty: all but the first one, below the header.
      const blankFrom = column === firstColumn ? firstRow + 1 : firstRow;
      if (lastRow < Math.max(blankFrom, headerLine + 1)) continue;
      found.push(`${ref.toUpperCase()} (${JSON.stringify(context.header[column] ?? '')})`);
      break;
    }
  }
  if (found.length === 0) return undefined;
  const shown =
    found.length > 5 ? `${found.slice(0, 5).join(', ')} and ${found.length - 5} more` : found.join(', ');
  return new RosterError(
    'XLSX_UNREADABLE',
    `Invalid sheet ${JSON.stringify(context.sheet)} in ${fileName}: merged cells ${shown} in a column the mappings read; only the first cell of a merge has the value, so the other rows would be read as empty`,
    {
      file: fileName,
      hint: "Unmerge the cells in the workbook and fill each row's value in (Excel: Merge & Center, then Unmerge Cells), or ask the customer for a file without merged cells",
    },
  );
}

/** A column's letters as a 0-based index: A → 0, AA → 26. */
function columnNumber(letters: string): number {
  let column = 0;
  for (const letter of letters.toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 0x40);
  return column - 1;
}

/** A 0-based column as Excel names it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(0x41 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
