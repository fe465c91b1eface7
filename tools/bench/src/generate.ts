/**
 * Writes one synthetic HR export and prints what it wrote as JSON. The benchmark runs it as a child
 * process so that exceljs' shared-strings table (hundreds of MB for a million rows) never stays in
 * the benchmark's own memory; it is also a handy data generator on its own:
 *
 *   node tools/bench/src/generate.ts --format csv --version changed --rows 100000 --seed 42 --path /tmp/e.csv
 */
import { parseArgs } from 'node:util';
import { generateHrFile, HR_FORMATS, type HrFormat } from './generate-hr-file.ts';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'csv' },
    version: { type: 'string', default: 'first' },
    rows: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    path: { type: 'string' },
  },
});
const format = values.format as HrFormat;
if (!HR_FORMATS.includes(format))
  throw new Error(`Invalid --format ${values.format}: one of ${HR_FORMATS.join(', ')}`);
if (values.version !== 'first' && values.version !== 'changed') {
  throw new Error(`Invalid --version ${values.version}: first or changed`);
}
if (values.path === undefined) throw new Error('--path is required');
const written = await generateHrFile({
  format,
  version: values.version,
  rows: Number(values.rows),
  seed: Number(values.seed),
  path: values.path,
});
process.stdout.write(`${JSON.stringify(written)}\n`);
