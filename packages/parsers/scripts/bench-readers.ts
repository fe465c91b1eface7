/**
 * Measures the readers on generated files: rows per second and peak RSS, each run in a fresh process.
 * Also measures the alternatives the readers were chosen against (UTF-8 handling before csv-parse;
 * @streamparser/json). Not a test: the numbers depend on the machine.
 *
 *   node scripts/bench-readers.ts [--rows 1000000] [--xlsx-rows 100000] [--runs 3] [--dir /tmp/roster-bench]
 */

import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TableReader } from '@roster/engine';

interface Result {
  readonly rows: number;
  readonly ms: number;
  readonly maxRssMb: number;
  /** RSS once the modules are loaded, before reading. */
  readonly baselineRssMb: number;
}

const COLUMNS = [
  'Employee ID',
  'Work Email',
  'First Name',
  'Last Name',
  'Job Title',
  'Department',
  'Manager.Id',
  'Location',
  'Start Date',
  'Status',
];

type Run = (path: string) => Promise<number>;

/**
 * The cases, each in its own process: a setup that imports what the case needs (not timed: importing
 * @roster/engine alone takes ~0.2 s and ~60 MB, as its index loads the config package), then the run.
 */
const CASES: Record<string, () => Promise<Run>> = {
  csv: async () => {
    const { csvReader } = await import('../src/index.ts');
    return (path) => countRows(csvReader(), path);
  },
  json: async () => {
    const { jsonReader } = await import('../src/index.ts');
    return (path) => countRows(jsonReader({ records: 'data.employees' }), path);
  },
  jsonl: async () => {
    const { jsonReader } = await import('../src/index.ts');
    return (path) => countRows(jsonReader(), path);
  },
  xlsx: async () => {
    const { xlsxReader } = await import('../src/index.ts');
    return (path) => countRows(xlsxReader(), path);
  },
  // csv-parse on raw Buffers, nothing checked: the floor for the CSV reader.
  'csv-parse-only': () => csvParseOnly(() => (chunk) => chunk),
  // The chosen UTF-8 path: Buffers to csv-parse, validated with buffer.isUtf8 (Utf8Validator).
  'csv-parse+isUtf8': async () => {
    const { Utf8Validator } = await import('../src/utf8-validator.ts');
    return csvParseOnly(() => {
      const validator = new Utf8Validator();
      return (chunk) => {
        if (validator.check(chunk) !== -1) throw new Error('not UTF-8');
        return chunk;
      };
    });
  },
  // The alternative: a fatal streaming TextDecoder, re-encoded for csv-parse (which parses bytes).
  'csv-parse+TextDecoder': () =>
    csvParseOnly(() => {
      const decoder = new TextDecoder('utf-8', { fatal: true });
      return (chunk) => Buffer.from(decoder.decode(chunk, { stream: true }));
    }),
  // The JSON alternative: @streamparser/json emitting each record, nothing else done.
  streamparser: async () => {
    const { JSONParser } = await import('@streamparser/json');
    return async (path) => {
      let rows = 0;
      const parser = new JSONParser({ paths: ['$.data.employees.*'], keepStack: false });
      parser.onValue = () => {
        rows++;
      };
      for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) parser.write(chunk);
      return rows;
    };
  },
};

async function countRows(reader: TableReader, path: string): Promise<number> {
  const table = await reader(path, { fileName: path, columns: COLUMNS });
  let rows = 0;
  for await (const batch of table.batches) rows += batch.length;
  return rows;
}

/** csv-parse alone, fed 64 KiB chunks as the reader does, each passed through `prepare` first. */
async function csvParseOnly(preparer: () => (chunk: Buffer) => Buffer): Promise<Run> {
  const { Parser } = await import('csv-parse');
  return async (path) => {
    const prepare = preparer();
    let rows = -1; // the header
    const parser = new Parser({
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: () => {
        rows++;
        return null;
      },
    });
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      await new Promise<void>((resolve, reject) =>
        parser.write(prepare(chunk), (error) => (error ? reject(error) : resolve())),
      );
    }
    await new Promise<void>((resolve) => parser.end(resolve));
    return rows;
  };
}

async function child(name: string, path: string): Promise<void> {
  const setup = CASES[name];
  if (!setup) throw new Error(`Unknown case ${name}`);
  const run = await setup();
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1e6);
  const started = performance.now();
  const rows = await run(path);
  const result: Result = {
    rows,
    ms: Math.round(performance.now() - started),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    baselineRssMb,
  };
  process.stdout.write(JSON.stringify(result));
}

function measure(name: string, path: string, runs: number): void {
  const results: Result[] = [];
  for (let run = 0; run < runs; run++) {
    const output = execFileSync(process.execPath, [import.meta.filename, '--child', name, path], {
      encoding: 'utf8',
    });
    results.push(JSON.parse(output) as Result);
  }
  const times = results.map((result) => result.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  const rows = results[0]?.rows ?? 0;
  const rss = Math.max(...results.map((result) => result.maxRssMb));
  const baseline = Math.max(...results.map((result) => result.baselineRssMb));
  const megabytes = statSync(path).size / 1e6;
  console.log(
    `${name.padEnd(22)} ${String(rows).padStart(8)} rows  ${megabytes.toFixed(0).padStart(4)} MB  ` +
      `median ${String(median).padStart(5)} ms (${times.join(', ')})  ` +
      `${Math.round((rows / median) * 1000)
        .toLocaleString('en')
        .padStart(9)} rows/s  peak RSS ${rss} MB (${baseline} MB before reading)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      rows: { type: 'string', default: '1000000' },
      'xlsx-rows': { type: 'string', default: '100000' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: '/tmp/roster-bench' },
    },
    allowPositionals: true,
  });
  if (values.child) {
    await child(values.child, process.argv[process.argv.length - 1] ?? '');
    return;
  }
  const { HEADER, writeCsv, writeJson, writeJsonLines, writeXlsx } = await import('./bench-data.ts');
  const rows = Number(values.rows);
  const xlsxRows = Number(values['xlsx-rows']);
  const runs = Number(values.runs);
  mkdirSync(values.dir, { recursive: true });
  const files = {
    csv: join(values.dir, `people-${rows}.csv`),
    json: join(values.dir, `people-${rows}.json`),
    jsonl: join(values.dir, `people-${rows}.jsonl`),
    xlsx: join(values.dir, `people-${xlsxRows}.xlsx`),
  };
  if (!existsSync(files.csv)) await writeCsv(files.csv, rows);
  if (!existsSync(files.json)) await writeJson(files.json, rows);
  if (!existsSync(files.jsonl)) await writeJsonLines(files.jsonl, rows);
  if (!existsSync(files.xlsx)) await writeXlsx(files.xlsx, xlsxRows);
  console.log(`${HEADER.length} columns; node ${process.version}; ${runs} runs each, fresh process per run`);
  for (const name of ['csv', 'csv-parse-only', 'csv-parse+isUtf8', 'csv-parse+TextDecoder'])
    measure(name, files.csv, runs);
  for (const name of ['json', 'streamparser']) measure(name, files.json, runs);
  measure('jsonl', files.jsonl, runs);
  measure('xlsx', files.xlsx, runs);
}

await main();
