/** The field separators `delimiter: auto` chooses from, in order of preference on a tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

/**
 * Guesses the field separator from the header row: the candidate that occurs most often outside quotes.
 * A tie is settled by the next row (the candidate it has as many times as the header), then by the order
 * of {@link DELIMITER_CANDIDATES}; a header without any candidate is a one-column file, read with `,`.
 * csv-parse's own `delimiter_auto` is not used: in 7.0.3 it throws on quoted fields.
 *
 * @example sniffDelimiter('"Name, full";Email\n"Doe, J";j@x.io\n', '"') // ';'
 */
export function sniffDelimiter(text: string, quote: string): Delimiter {
  const header = countOutsideQuotes(text, skipBlankLines(text, 0), quote);
  const best = Math.max(...header.counts);
  if (best === 0) return ',';
  let tied = DELIMITER_CANDIDATES.filter((_, index) => header.counts[index] === best);
  if (tied.length > 1 && header.end < text.length) {
    const next = countOutsideQuotes(text, skipBlankLines(text, header.end), quote);
    const consistent = tied.filter(
      (candidate) => next.counts[DELIMITER_CANDIDATES.indexOf(candidate)] === best,
    );
    if (consistent.length > 0) tied = consistent;
  }
  return tied[0] ?? ',';
}

function skipBlankLines(text: string, from: number): number {
  let index = from;
  while (text[index] === '\n' || text[index] === '\r') index++;
  return index;
}

/** Counts each candidate in the record starting at `from`, skipping quoted parts; returns where it ends. */
function countOutsideQuotes(text: string, from: number, quote: string): { counts: number[]; end: number } {
  const counts = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let index = from;
  for (; index < text.length; index++) {
    const char = text[index];
    if (char === quote) {
      quoted = !quoted; // a doubled quote toggles twice: still inside
    } else if (!quoted) {
      if (char === '\n' || char === '\r') break;
      const candidate = DELIMITER_CANDIDATES.indexOf(char as Delimiter);
      if (candidate !== -1) counts[candidate] = (counts[candidate] ?? 0) + 1;
    }
  }
  // Step over the line break (CRLF as one) so that the next record starts cleanly.
  if (text[index] === '\r' && text[index + 1] === '\n') index++;
  return { counts, end: index + 1 };
}
