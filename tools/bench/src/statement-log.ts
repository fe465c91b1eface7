/**
 * Where a run's database time goes: with `log_min_duration_statement = 0` on its database, PostgreSQL
 * logs every statement with its duration. The lines after a marker statement are the run's, summed by
 * statement (whitespace collapsed, cut to a readable length).
 */

export interface StatementTime {
  readonly statement: string;
  readonly ms: number;
  readonly count: number;
}

const DURATION = /duration: ([\d.]+) ms {2}(?:statement|execute [^:]*): ([\s\S]*?)(?=\n\S|\n*$)/g;

/** A statement that logs itself, to find where a run's lines start: `SELECT 'roster-bench-mark-…'`. */
export function markerStatement(marker: string): string {
  return `SELECT '${marker.replaceAll("'", '')}'`;
}

/** The statements logged after the marker, summed per statement text, largest first. */
export function statementTimes(log: string, marker: string, maxLength = 110): StatementTime[] {
  const start = log.lastIndexOf(marker);
  const lines = start === -1 ? '' : log.slice(log.indexOf('\n', start) + 1);
  const byText = new Map<string, { ms: number; count: number }>();
  for (const match of lines.matchAll(DURATION)) {
    const [, ms = '0', text = ''] = match;
    // Continuation lines of a multi-line statement start with a tab in PostgreSQL's log.
    const statement = text.replace(/\s+/g, ' ').trim().slice(0, maxLength);
    if (statement === '' || statement.startsWith("SELECT 'roster-bench-mark")) continue;
    const entry = byText.get(statement) ?? { ms: 0, count: 0 };
    entry.ms += Number(ms);
    entry.count++;
    byText.set(statement, entry);
  }
  return [...byText.entries()]
    .map(([statement, { ms, count }]) => ({ statement, ms: Math.round(ms), count }))
    .sort((a, b) => b.ms - a.ms);
}
