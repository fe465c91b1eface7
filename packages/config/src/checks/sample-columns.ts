/**
 * Checks the mappings against the customer's sample file: every mapped column must be in its header.
 * This catches the commonest onboarding mistake (a column renamed in the export) before the first run.
 */
import { findColumn, normalizeColumnName } from '../column-name.ts';
import {
  describeHeader,
  explainAmbiguousColumn,
  looksLikeDataRow,
  quoteHeaderCell,
} from '../header-listing.ts';
import type { MappedColumn } from '../mapped-columns.ts';
import { closestMatch } from '../suggest.ts';
import type { Report } from './report.ts';

export function checkSampleColumns(
  columns: readonly MappedColumn[],
  header: readonly string[],
  sampleName: string,
  report: Report,
): void {
  for (const { column, target, path } of columns) {
    const match = findColumn(header, column);
    if (match.index === -1) {
      const { shown, fix } = describeHeader(header);
      const byNormalized = new Map(header.map((cell) => [normalizeColumnName(cell), cell]));
      const near = closestMatch(normalizeColumnName(column), [...byNormalized.keys()]);
      const suggestion =
        near === undefined || looksLikeDataRow(header)
          ? ''
          : ` Did you mean ${quoteHeaderCell(byNormalized.get(near) ?? '')}?`;
      report.add(
        path,
        'SAMPLE_COLUMN_MISSING',
        `Column "${column}" (mapped to ${target}) is not in ${sampleName}; ${shown}.${suggestion} ${fix}.`,
      );
    } else if (match.ambiguous.length > 0) {
      const { found, fix } = explainAmbiguousColumn(header, match.ambiguous);
      report.add(
        path,
        'SAMPLE_COLUMN_AMBIGUOUS',
        `Column "${column}" (mapped to ${target}) is ambiguous in ${sampleName}: ${found}. ${fix}.`,
      );
    }
  }
}
