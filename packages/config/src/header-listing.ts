/**
 * A file's header as error messages show it. Messages are stored in run history and posted to
 * webhooks, so they stay short whatever the file holds: a sheet may have sixteen thousand columns,
 * and a file without a header row has a person's row where the header should be.
 */

/** Header cells named in one message, at most. */
export const MAX_LISTED_CELLS = 20;
/** Characters of one header cell shown, at most (a longer one is cut and ends with `…`). */
export const MAX_CELL_LENGTH = 40;

/** One header cell, quoted, cut to {@link MAX_CELL_LENGTH} characters. */
export function quoteHeaderCell(cell: string): string {
  const text = cell.trim();
  if (text.length <= MAX_CELL_LENGTH) return JSON.stringify(text);
  let cut = text.slice(0, MAX_CELL_LENGTH - 1);
  // Never end on half of a surrogate pair: JSON.stringify would write it as an escape.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return JSON.stringify(`${cut.trimEnd()}…`);
}

function capped(items: readonly string[], total: number, joinLast: string): string {
  const shown = items.slice(0, MAX_LISTED_CELLS);
  const more = total - shown.length;
  if (more > 0) return `${shown.join(', ')} … and ${more.toLocaleString('en-US')} more`;
  if (shown.length <= 2) return shown.join(joinLast);
  return `${shown.slice(0, -1).join(', ')}${joinLast}${shown.at(-1)}`;
}

/**
 * The header for a message: its first cells, each cut short, then how many more there are.
 *
 * @example listHeader(['Id', 'Email']) // '"Id", "Email"'
 */
export function listHeader(header: readonly string[]): string {
  if (header.length === 0) return '(empty)';
  return capped(header.slice(0, MAX_LISTED_CELLS).map(quoteHeaderCell), header.length, ', ');
}

/**
 * Some header cells, by position: `"Email" (column 2) and "EMAIL" (column 3)`, capped like
 * {@link listHeader}.
 */
export function listHeaderColumns(header: readonly string[], indexes: readonly number[]): string {
  const shown = indexes
    .slice(0, MAX_LISTED_CELLS)
    .map((index) => `${quoteHeaderCell(header[index] ?? '')} (column ${index + 1})`);
  return capped(shown, indexes.length, ' and ');
}

/** A column the header matches more than once, explained: what was found and what to do. */
export interface AmbiguousColumn {
  /** E.g. `the header has it 2 times (columns 2 and 3)`. */
  readonly found: string;
  /** What to do, as a sentence without a final stop. */
  readonly fix: string;
}

/**
 * Why a configured column is ambiguous in a header (see `findColumn`): one name repeated, or several
 * loose spellings of it. Repeated names cannot be fixed in mappings.yaml, only in the export.
 */
export function explainAmbiguousColumn(
  header: readonly string[],
  indexes: readonly number[],
): AmbiguousColumn {
  const [first] = indexes;
  const name = (header[first ?? 0] ?? '').trim();
  const repeated = indexes.every((index) => (header[index] ?? '').trim() === name);
  if (repeated) {
    const positions = capped(
      indexes.slice(0, MAX_LISTED_CELLS).map((index) => String(index + 1)),
      indexes.length,
      ' and ',
    );
    return {
      found: `the header has it ${indexes.length.toLocaleString('en-US')} times (columns ${positions})`,
      fix: 'Ask the customer to give each column its own name: Roster will not guess which copy holds the data',
    };
  }
  return {
    found: `it matches ${listHeaderColumns(header, indexes)}`,
    fix: 'Write the column in mappings.yaml exactly as the file spells it',
  };
}

// An e-mail address is a person's value, never a column name.
const EMAIL_LIKE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Whether a "header" is evidently a person's row: one of its cells is an e-mail address. That is what a
 * file without a header row (or with `headerRow` set to the wrong line) shows where the header should be.
 */
export function looksLikeDataRow(header: readonly string[]): boolean {
  return header.some((cell) => EMAIL_LIKE.test(cell.trim()));
}

/** The CSV separators Roster knows, named for messages (here and in the CSV reader's). */
export const SEPARATOR_NAMES: Readonly<Record<string, string>> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** `comma (,)`, `tab (\t)`: a separator as a message names it. */
export function describeSeparator(char: string, plural = false): string {
  const name = SEPARATOR_NAMES[char] ?? 'delimiter';
  return `${name}${plural ? 's' : ''} (${char === '\t' ? '\\t' : char})`;
}

/**
 * The separator a one-cell header is full of (`Personalnummer,Vorname,Nachname` under
 * `csv.delimiter: ";"`): a sweep's COLUMN_MISSING named a column that the header, as shown, visibly had.
 */
function separatorInside(cell: string): string | undefined {
  return Object.keys(SEPARATOR_NAMES).find(
    (separator) => cell.split(separator).filter((part) => part.trim() !== '').length >= 3,
  );
}

/** A header that lacks a mapped column, described for a message, with what to do about it. */
export interface HeaderDescription {
  /** E.g. `the header (line 1) is: "Id", "Email"`, or why it is not listed. */
  readonly shown: string;
  /** What to do, as a sentence without a final stop. */
  readonly fix: string;
}

const NO_HEADER_FIX =
  'the file has no header row there: ask the customer for an export with column names, or set `headerRow` (file.csv or file.xlsx in tenant.yaml) to the line that has them';

/**
 * The header that lacks a mapped column, as COLUMN_MISSING and SAMPLE_COLUMN_MISSING show it: capped
 * ({@link listHeader}), and not listed at all when it is evidently a person's row, which must not be
 * copied into run history and webhooks. `line` is the header's line (0 or undefined when unknown).
 */
export function describeHeader(header: readonly string[], line?: number): HeaderDescription {
  const where = line ? ` (line ${line})` : '';
  const separator = header.length === 1 ? separatorInside(header[0] ?? '') : undefined;
  if (separator !== undefined && !looksLikeDataRow(header)) {
    return {
      shown: `the header${where} reads as one column, ${listHeader(header)}: the file is separated by ${describeSeparator(separator, true)}, not by the configured delimiter`,
      fix: `Set \`csv.delimiter: auto\` (or ${JSON.stringify(separator)}) in tenant.yaml`,
    };
  }
  if (looksLikeDataRow(header)) {
    return {
      shown: `the header${where} is not listed: it holds an e-mail address, so it looks like a person's row rather than column names`,
      fix: `Most likely ${NO_HEADER_FIX}`,
    };
  }
  return {
    shown: `the header${where} is: ${listHeader(header)}`,
    fix: `Fix the column name in mappings.yaml, or ask the customer for the usual export. If the header shown is a person's values rather than column names, ${NO_HEADER_FIX}`,
  };
}
