/**
 * Checks the mappings against the customer's sample file: every mapped column must be in its header.
 * This catches the commonest onboarding mistake (a column renamed in the export) before the first run.
 */
import { findColumn } from '../column-name.ts';
import type { FileFormat } from '../file-format.ts';
import {
  describeHeader,
  explainAmbiguousColumn,
  looksLikeDataRow,
  quoteHeaderCell,
} from '../header-listing.ts';
import type { MappedColumn } from '../mapped-columns.ts';
import { closestMatch } from '../suggest.ts';
import type { Report } from './report.ts';

/** A sample file as its tenant's file would be read. */
export interface SampleHeader {
  readonly name: string;
  /** The header; for JSON, the mapped columns at least one record has. */
  readonly header: readonly string[];
  readonly format: FileFormat;
}

export function checkSampleColumns(
  columns: readonly MappedColumn[],
  sample: SampleHeader,
  report: Report,
): void {
  const { header, name: sampleName } = sample;
  for (const { column, target, path, hasDefault } of columns) {
    const match = findColumn(header, column);
    if (match.index === -1 && sample.format === 'json') {
      // As in runs (mapFile): JSON records leave out empty keys, and a default fills them in; a key
      // without one that no record has is most likely a typo.
      const absent = `No record of ${sampleName} has "${column}" (mapped to ${target})`;
      if (hasDefault) {
        report.add(
          path,
          'SAMPLE_COLUMN_MISSING',
          `${absent}: every person will get the default. Check the key's spelling (nested keys are written with dots, e.g. manager.id).`,
          { level: 'warning' },
        );
      } else {
        report.add(
          path,
          'SAMPLE_COLUMN_MISSING',
          `${absent}. Fix the key in mappings.yaml (nested keys are written with dots, e.g. manager.id); if it is only left out when empty, give the mapping a \`default\` (\`default: ""\` leaves it empty).`,
        );
      }
    } else if (match.index === -1) {
      const { shown, fix } = describeHeader(header);
      const near = closestMatch(column, header);
      const suggestion =
        near === undefined || looksLikeDataRow(header) ? '' : ` Did you mean ${quoteHeaderCell(near)}?`;
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
