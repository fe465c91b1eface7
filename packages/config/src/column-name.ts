import { foldCase } from './fold-case.ts';
import { INVISIBLE_CHARACTERS } from './invisible-characters.ts';

/** What a column name's comparison ignores wherever it occurs: see normalizeColumnName. */
const IGNORED_IN_NAMES = new RegExp(`[\\s_\\-${INVISIBLE_CHARACTERS}]+`, 'g');

/**
 * How a configured column name is compared with a file's header: case-, space-, hyphen- and
 * underscore-insensitively, so that `Employee ID`, `employee_id` and `EMPLOYEE-ID` are one column.
 * Byte-order marks, zero-width characters, soft hyphens and bidirectional marks (Excel and HR exports
 * leave them; see INVISIBLE_CHARACTERS) are ignored too: a header cell `\u200FEmail` is `Email`.
 * Case is folded as {@link foldCase} folds it: `KİMLİK NUMARASI` is `Kimlik Numarası`.
 */
export function normalizeColumnName(name: string): string {
  return foldCase(name).replace(IGNORED_IN_NAMES, '');
}

export interface HeaderMatch {
  /** Index of the matching header cell, or -1. */
  readonly index: number;
  /**
   * Every header cell that could be the column, when more than one could: the header is ambiguous
   * for it. Either several cells match loosely and none is spelled exactly as configured (`E-mail`
   * and `Email`), or the exact spelling itself occurs more than once (`email`, `email`).
   */
  readonly ambiguous: readonly number[];
}

/**
 * Finds a configured column in a header; one exact spelling wins over loose matches. A name the
 * header repeats is ambiguous even when spelled exactly: taking the first copy silently read an empty
 * column when the customer's data was in the second.
 */
export function findColumn(header: readonly string[], column: string): HeaderMatch {
  const wanted = normalizeColumnName(column);
  const spelled = column.trim();
  const candidates: number[] = [];
  const exact: number[] = [];
  header.forEach((cell, index) => {
    if (normalizeColumnName(cell) !== wanted) return;
    candidates.push(index);
    if (cell.trim() === spelled) exact.push(index);
  });
  const [first] = exact;
  if (first !== undefined) return { index: first, ambiguous: exact.length > 1 ? exact : [] };
  return { index: candidates[0] ?? -1, ambiguous: candidates.length > 1 ? candidates : [] };
}
