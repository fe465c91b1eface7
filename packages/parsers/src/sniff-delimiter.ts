/** The field separators `delimiter: auto` chooses from, in order of preference on a tie. */
export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITER_CANDIDATES)[number];

/** Records of the sample looked at besides the header: enough to see a pattern, few enough to be instant. */
const MAX_SAMPLED_RECORDS = 100;

/**
 * Guesses the field separator from the header row and the records after it (quoted parts skipped, so a
 * quoted line break does not end a record). The rule, in order:
 *
 * 1. the candidate that occurs most often outside quotes in the header (none: a one-column file, `,`);
 * 2. on a tie, the one that gives the most sampled records the header's field count: the file's real
 *    separator splits every row alike, one that is only part of the values (`Doe, Jane`) does not;
 * 3. still tied (every row has as many of each), the one less often followed by a space: exports put
 *    nothing after a separator, text puts a space after a comma (`email;name, full;dept, unit` is `;`);
 * 4. then the order of {@link DELIMITER_CANDIDATES}.
 *
 * csv-parse's own `delimiter_auto` is not used: in 7.0.3 it throws on quoted fields.
 *
 * @example sniffDelimiter('"Name, full";Email\n"Doe, J";j@x.io\n', '"') // ';'
 */
export function sniffDelimiter(text: string, quote: string): Delimiter {
  const records = sampleRecords(text, quote);
  const header = records[0];
  if (header === undefined) return ',';
  const best = Math.max(...header.counts);
  if (best === 0) return ',';
  let tied = candidateIndexes().filter((index) => header.counts[index] === best);
  const rows = records.slice(1);
  tied = mostBy(tied, (index) => rows.filter((row) => row.counts[index] === best).length);
  tied = mostBy(tied, (index) => -records.reduce((sum, record) => sum + (record.spaced[index] ?? 0), 0));
  return DELIMITER_CANDIDATES[tied[0] ?? 0] ?? ',';
}

interface SampledRecord {
  /** Occurrences of each candidate outside quotes. */
  readonly counts: number[];
  /** Of those, how many are followed by a space. */
  readonly spaced: number[];
}

function candidateIndexes(): number[] {
  return DELIMITER_CANDIDATES.map((_, index) => index);
}

/** The candidates of `indexes` with the highest score (all of them when they score alike). */
function mostBy(indexes: number[], score: (index: number) => number): number[] {
  if (indexes.length < 2) return indexes;
  const scores = indexes.map(score);
  const top = Math.max(...scores);
  return indexes.filter((_, position) => scores[position] === top);
}

/**
 * The header and up to {@link MAX_SAMPLED_RECORDS} records after it, blank lines skipped. A last record
 * that the text ends inside (the sample is cut at 64 KiB) is left out, unless it is the header.
 */
function sampleRecords(text: string, quote: string): SampledRecord[] {
  const records: SampledRecord[] = [];
  let index = 0;
  while (index < text.length && records.length <= MAX_SAMPLED_RECORDS) {
    while (text[index] === '\n' || text[index] === '\r') index++;
    if (index >= text.length) break;
    const record = countOutsideQuotes(text, index, quote);
    if (record.end >= text.length && !record.ended && records.length > 0) break;
    records.push(record);
    index = record.end;
  }
  return records;
}

/** Counts each candidate in the record starting at `from`, skipping quoted parts; returns where it ends. */
function countOutsideQuotes(
  text: string,
  from: number,
  quote: string,
): SampledRecord & { end: number; ended: boolean } {
  const counts = DELIMITER_CANDIDATES.map(() => 0);
  const spaced = DELIMITER_CANDIDATES.map(() => 0);
  let quoted = false;
  let index = from;
  let ended = false;
  for (; index < text.length; index++) {
    const char = text[index];
    if (char === quote) {
      quoted = !quoted; // a doubled quote toggles twice: still inside
    } else if (!quoted) {
      if (char === '\n' || char === '\r') {
        ended = true;
        break;
      }
      const candidate = DELIMITER_CANDIDATES.indexOf(char as Delimiter);
      if (candidate !== -1) {
        counts[candidate] = (counts[candidate] ?? 0) + 1;
        if (text[index + 1] === ' ') spaced[candidate] = (spaced[candidate] ?? 0) + 1;
      }
    }
  }
  // Step over the line break (CRLF as one) so that the next record starts cleanly.
  if (text[index] === '\r' && text[index + 1] === '\n') index++;
  return { counts, spaced, end: index + 1, ended };
}
