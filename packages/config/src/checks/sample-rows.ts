/**
 * The sample's rows mapped as a run would map them (`roster check`), as diagnostics: so that a pull
 * request whose mappings reject the customer's own sample (a date format that is not the file's, a
 * status value the map lacks) fails review, not the first production run.
 */
import type { Diagnostic } from '../diagnostic.ts';
import { thresholdLimit } from '../lifecycle-defaults.ts';

/** What mapping a sample gave: counts and the first rejections (see `checkFile` in @roster/engine). */
export interface SampleRows {
  readonly rows: number;
  readonly rejected: number;
  readonly rejections: readonly {
    readonly line: number;
    readonly field: string | null;
    readonly code: string;
    readonly message: string;
  }[];
}

/** Rejected rows shown one by one; the rest are counted in the last one. */
export const SAMPLE_REJECTIONS_SHOWN = 20;

/**
 * Each rejected row is a warning at its line: a real export may hold a bad row or two, which a run
 * rejects and reports without stopping. A sample none of whose rows maps is an error: the mappings
 * are wrong, and every run would reject the whole file.
 */
export function sampleRowDiagnostics(
  file: string,
  sampleName: string,
  result: SampleRows,
  maxRejected: number | string,
): Diagnostic[] {
  const { rows, rejected, rejections } = result;
  if (rejected === 0) return [];
  const diagnostics: Diagnostic[] = [];
  const limit = thresholdLimit(maxRejected, rows);
  if (rejected < rows && rejected > limit) {
    // The rows one by one are warnings below; that together they would stop a run is said once.
    diagnostics.push({
      file,
      line: 0,
      col: 0,
      level: 'warning',
      code: 'SAMPLE_WOULD_BE_REFUSED',
      message: `${rejected} of the ${rows} rows of ${sampleName} are rejected, more than lifecycle.maxRejected ${maxRejected}${typeof maxRejected === 'string' ? ` (${limit} of ${rows})` : ''}: a run of a file like it would be refused. Fix the mappings for these rows, or raise maxRejected in tenant.yaml`,
    });
  }
  if (rejected === rows) {
    const first = rejections[0];
    diagnostics.push({
      file,
      line: first?.line ?? 0,
      col: 0,
      level: 'error',
      code: 'SAMPLE_ROWS_ALL_REJECTED',
      message: `Every row of ${sampleName} (${rows}) is rejected by the mappings${first ? `; the first (${first.code}): ${first.message}` : ''}. Fix mappings.yaml (run \`roster check\` on the tenant to see every row)`,
    });
  }
  const shown = rejections.slice(0, SAMPLE_REJECTIONS_SHOWN);
  shown.forEach((rejection, index) => {
    const more =
      index === shown.length - 1 && rejected > shown.length
        ? ` (and ${rejected - shown.length} more rejected rows)`
        : '';
    diagnostics.push({
      file,
      line: rejection.line,
      col: 0,
      level: 'warning',
      code: 'SAMPLE_ROW_REJECTED',
      message: `A run would reject this row of ${sampleName} (${rejection.code}): ${rejection.message}${more}`,
    });
  });
  return diagnostics;
}
