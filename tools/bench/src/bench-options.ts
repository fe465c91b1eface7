/** `pnpm bench` options, checked: a wrong one is a usage error that says what is allowed. */
import { parseArgs } from 'node:util';
import { CONTENDERS, type Contender } from './bench-types.ts';

export interface BenchOptions {
  readonly rows: number;
  readonly runs: number;
  readonly json: boolean;
  readonly profile: boolean;
  readonly only: readonly Contender[];
  readonly seed: number;
  /** Rows of the embedded (PGlite) contender: min(rows, 100k) unless given. */
  readonly pgliteRows: number;
  /** Rows of the XLSX contender: `rows` unless given. */
  readonly xlsxRows: number;
}

export const USAGE = `pnpm bench [--rows N] [--runs K] [--json] [--profile] [--only ${CONTENDERS.join(',')}]
           [--seed S] [--pglite-rows N] [--xlsx-rows N]

  --rows N         rows of the generated HR export (default 100000)
  --runs K         times each contender runs, alternating (default 3); medians and min–max are reported
  --json           print the result as JSON instead of markdown (it is always written to tools/bench/results/)
  --profile        also write a CPU profile of Roster's runs and print the top self-time functions
  --only LIST      contenders to run (default all): ${CONTENDERS.join(', ')}
  --seed S         the generator's seed (default 42)
  --pglite-rows N  rows for the embedded PGlite contender (default min(rows, 100000))
  --xlsx-rows N    rows for the XLSX contender (default: --rows)`;

export class UsageError extends Error {}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(`Invalid --${name} ${JSON.stringify(value)}: a whole number ≥ 1`);
  }
  return number;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help === true) return 'help';
  const rows = positiveInteger('rows', values.rows, 100_000);
  const only = (values.only ?? CONTENDERS.join(','))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = only.filter((name) => !(CONTENDERS as readonly string[]).includes(name));
  if (unknown.length > 0 || only.length === 0) {
    throw new UsageError(
      `Invalid --only ${JSON.stringify(values.only)}: a comma-separated list of ${CONTENDERS.join(', ')}`,
    );
  }
  return {
    rows,
    runs: positiveInteger('runs', values.runs, 3),
    json: values.json === true,
    profile: values.profile === true,
    only: CONTENDERS.filter((contender) => only.includes(contender)),
    seed: positiveInteger('seed', values.seed, 42),
    pgliteRows: positiveInteger('pglite-rows', values['pglite-rows'], Math.min(rows, 100_000)),
    xlsxRows: positiveInteger('xlsx-rows', values['xlsx-rows'], rows),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      rows: { type: 'string' },
      runs: { type: 'string' },
      json: { type: 'boolean' },
      profile: { type: 'boolean' },
      only: { type: 'string' },
      seed: { type: 'string' },
      'pglite-rows': { type: 'string' },
      'xlsx-rows': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
}
