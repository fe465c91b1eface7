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

/** A 0-based column as Excel names it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let rest = column + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(0x41 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
