/**
 * How a configured column name is compared with a file's header: case-, space-, hyphen- and
 * underscore-insensitively, so that `Employee ID`, `employee_id` and `EMPLOYEE-ID` are one column.
 * Byte-order marks and zero-width characters (Excel and HR exports leave them) are ignored too.
 */
export function normalizeColumnName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-\uFEFF\u200B-\u200D\u2060]+/g, '');
}

export interface HeaderMatch {
  /** Index of the matching header cell, or -1. */
  readonly index: number;
  /**
   * Every header cell that matches loosely, when more than one does and none is spelled exactly as
   * configured: the header is ambiguous for this column (`E-mail` and `Email`).
   */
  readonly ambiguous: readonly number[];
}

/** Finds a configured column in a header; an exact spelling wins over loose matches. */
export function findColumn(header: readonly string[], column: string): HeaderMatch {
  const wanted = normalizeColumnName(column);
  const candidates: number[] = [];
  header.forEach((cell, index) => {
    if (normalizeColumnName(cell) === wanted) candidates.push(index);
  });
  const exact = candidates.find((index) => header[index]?.trim() === column.trim());
  if (exact !== undefined) return { index: exact, ambiguous: [] };
  return { index: candidates[0] ?? -1, ambiguous: candidates.length > 1 ? candidates : [] };
}
