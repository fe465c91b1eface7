import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnosticLocation, formatFromFileName, loadTenant, TENANT_ID_PATTERN } from '@roster/config';
import { RosterError, statLocalFile } from '@roster/engine';
import { displayPath } from '../cli-context.ts';
import type { Command } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { guessMappings } from '../init/guess-mappings.ts';
import { renderMappingsYaml, renderTenantYaml } from '../init/render-tenant-files.ts';
import { readSampleTable, SAMPLE_KEPT } from '../init/sample-table.ts';
import { schemaReference } from '../init/schema-reference.ts';
import { writeSample } from '../init/write-sample.ts';
import { rosterCommandLine } from '../output/command-line.ts';
import { readSampleHeader } from '../sample-header.ts';
import { checkSampleRows } from '../sample-rows.ts';

/** `employees_2024-11-20.csv` → `employees_*.csv`: customers put the date in the name. */
export function fileNamePattern(name: string): string {
  const extension = path.extname(name);
  return `${name.slice(0, name.length - extension.length).replace(/\d[\d\-_.]*\d|\d/g, '*')}${extension}`;
}

export const initCommand: Command = {
  name: 'init',
  summary: "scaffold a tenant folder from a customer's sample file, guessing the mappings from its header",
  usage: 'init TENANT --from SAMPLE [--sheet NAME]',
  options: { from: { type: 'string' }, sheet: { type: 'string' } },
  async run(context, positionals, values) {
    const [id] = positionals;
    if (positionals.length !== 1 || id === undefined)
      throw new RosterError('USAGE', 'Name the new tenant: roster init TENANT --from SAMPLE');
    if (!TENANT_ID_PATTERN.test(id))
      throw new RosterError(
        'USAGE',
        `Invalid tenant id "${id}": 2-63 lower-case letters, digits and hyphens`,
      );
    if (typeof values.from !== 'string')
      throw new RosterError('USAGE', 'Give the sample file: --from SAMPLE');
    const sample = path.resolve(context.userCwd, values.from);
    await statLocalFile(sample, '--from');
    const format = formatFromFileName(sample);
    if (!format)
      throw new RosterError(
        'USAGE',
        `Cannot tell the format of ${values.from} from its extension (.csv, .tsv, .txt, .xlsx, .json, .jsonl)`,
      );
    const sheet = typeof values.sheet === 'string' ? values.sheet : undefined;
    if (sheet !== undefined && format !== 'xlsx')
      throw new RosterError('USAGE', `--sheet is for Excel workbooks; ${values.from} is ${format}`);
    const dir = path.join(context.tenantsDir, id);
    const existing = await readdir(dir).catch(() => []);
    if (existing.length > 0)
      throw new RosterError('USAGE', `${displayPath(context, dir)} already exists and is not empty`);

    const table = await readSampleTable(sample, format, { sheet });
    // Without --sheet, the people may have been found on a later tab: runs must read that one too.
    const readSheet = sheet ?? table.sheet;
    const guess = guessMappings(table.header, (column) => table.rows.map((row) => row[column] ?? ''));
    await mkdir(path.join(dir, 'inbox'), { recursive: true });
    await writeFile(path.join(dir, 'inbox', '.gitkeep'), '');
    const sampleName = `sample${path.extname(sample).toLowerCase()}`;
    const written = await writeSample(sample, path.join(dir, sampleName), format, table);
    await writeFile(
      path.join(dir, 'tenant.yaml'),
      renderTenantYaml({
        id,
        format,
        fileName: fileNamePattern(path.basename(sample)),
        jsonRecords: table.jsonRecords,
        headerRow: table.headerRow,
        encoding: table.encoding,
        sheet: readSheet,
        guess,
        schema: await schemaReference(dir, 'tenant'),
      }),
    );
    await writeFile(
      path.join(dir, 'mappings.yaml'),
      renderMappingsYaml(
        guess,
        await schemaReference(dir, 'mappings'),
        // A JSON record leaves a key out to say "empty"; a CSV or workbook row has every column.
        format === 'json'
          ? new Set(table.header.filter((column) => table.rows.some((row) => !(column in row))))
          : undefined,
      ),
    );

    const loaded = await loadTenant(dir, { cwd: context.userCwd, readSampleHeader, checkSampleRows });
    const out = (line: string) => context.stdout.write(`${line}\n`);
    if (context.json) {
      out(
        JSON.stringify(
          {
            tenant: id,
            dir: displayPath(context, dir),
            valid: loaded.valid,
            ...(format === 'xlsx' && { sheet: readSheet ?? null }),
            guess,
            sample: { file: sampleName, ...(written.kept !== undefined && { keptRecords: written.kept }) },
            diagnostics: loaded.diagnostics,
          },
          null,
          2,
        ),
      );
    } else {
      out(`Wrote ${displayPath(context, dir)}/ (tenant.yaml, mappings.yaml, ${sampleName}, inbox/)`);
      // The folder is committed: say what of the customer's people it holds.
      if (written.kept !== undefined)
        out(
          `  ${sampleName} keeps the first ${written.kept} records of ${values.from}. They are real people: make up their names and e-mails before you commit the tenant.`,
        );
      else if (table.rows.length > SAMPLE_KEPT)
        out(
          `  ${sampleName} is all of ${values.from} (more than ${SAMPLE_KEPT} records). It is committed with the tenant: cut it to a few rows and make up their names and e-mails first.`,
        );
      for (const [field, column] of Object.entries(guess.fields)) out(`  ${field.padEnd(12)} ← "${column}"`);
      const attributes = Object.entries(guess.attributes);
      if (attributes.length > 0)
        out(`  attributes   ← ${attributes.map(([, column]) => `"${column}"`).join(', ')}`);
      if (format === 'xlsx')
        out(
          sheet !== undefined
            ? `  Read the sheet "${sheet}" (file.xlsx.sheet in tenant.yaml).`
            : table.sheet !== undefined
              ? `  Read the sheet "${table.sheet}": of the workbook's visible sheets, its header names the most profile fields (file.xlsx.sheet in tenant.yaml). If the people are on another one, delete ${displayPath(context, dir)}/ and run again with --sheet NAME.`
              : `  Read the workbook's first visible sheet. If the people are on another one, delete ${displayPath(context, dir)}/ and run again with --sheet NAME (a name it does not have lists the sheets).`,
        );
      if (!guess.fields.email) out('  No e-mail column was recognised: map `email` in mappings.yaml.');
      if (guess.unknownStatuses.length > 0)
        out(`  Status values to map by hand: ${guess.unknownStatuses.join(', ')}`);
      for (const d of loaded.diagnostics) out(`  ${diagnosticLocation(d)} ${d.level} ${d.code} ${d.message}`);
      out(
        loaded.valid
          ? `Valid. Next: review the files, then \`${rosterCommandLine(context, ['check', id])}\`.`
          : `Fix the problems above, then \`${rosterCommandLine(context, ['validate', id])}\`.`,
      );
    }
    return loaded.valid ? EXIT.ok : EXIT.bad;
  },
};
