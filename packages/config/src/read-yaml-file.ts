/** Reads one config YAML file: syntax, the schema comment editors need, and the schema itself. */
import { access, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Diagnostic } from './diagnostic.ts';
import { type SchemaName, validateAgainstSchema } from './schema-validation.ts';
import { decodeYaml } from './yaml-encoding.ts';
import { parseYamlSource, type YamlSource } from './yaml-source.ts';

const SCHEMA_COMMENT = /^#\s*yaml-language-server:\s*\$schema=/;
/**
 * Found through the package's own exports, not relative to this file: in the CLI's bundle this code
 * runs from apps/cli/dist, where `../schema/` is not the config package's.
 */
const SCHEMA_DIR = path.dirname(
  createRequire(import.meta.url).resolve('@roster/config/schema/tenant.schema.json'),
);

export interface ReadYamlFile {
  /** Absent when the file could not be read at all. */
  readonly source?: YamlSource;
  readonly diagnostics: Diagnostic[];
}

async function exists(absolute: string): Promise<boolean> {
  return access(absolute).then(
    () => true,
    () => false,
  );
}

/** Never throws: a missing file, one not in UTF-8, broken YAML and schema violations are all diagnostics. */
export async function readYamlFile(absolute: string, cwd: string, schema: SchemaName): Promise<ReadYamlFile> {
  const name = path.basename(absolute);
  const file = path.relative(cwd, absolute) || absolute;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch {
    // `tenant.yml`: the spelling many YAML files have, which a file may be given by habit.
    const other = name.replace(/\.yaml$/, '.yml');
    const message = (await exists(path.join(path.dirname(absolute), other)))
      ? `${name} is missing, but ${other} is there: Roster reads ${name} only. Rename the file to ${name}.`
      : `${name} is missing: every tenant folder needs tenant.yaml and mappings.yaml (copy them from tenants/ examples or run \`roster init\`).`;
    return { diagnostics: [{ file, line: 0, col: 0, level: 'error', code: 'FILE_MISSING', message }] };
  }
  const decoded = decodeYaml(bytes, file);
  // Read in another encoding, every letter past ASCII would be wrong: the encoding is the one problem.
  if ('problem' in decoded) return { diagnostics: [decoded.problem] };
  const text = decoded.text;
  const source = parseYamlSource(file, text);
  const diagnostics = [...source.diagnostics];
  if (!SCHEMA_COMMENT.test(text.trimStart())) {
    const schemaPath = path.relative(path.dirname(absolute), path.join(SCHEMA_DIR, `${schema}.schema.json`));
    diagnostics.push({
      file,
      line: 1,
      col: 1,
      level: 'warning',
      code: 'SCHEMA_COMMENT_MISSING',
      message: `Start ${name} with \`# yaml-language-server: $schema=${schemaPath}\` so that editors complete and check it.`,
    });
  }
  if (source.value !== undefined || source.diagnostics.length === 0) {
    diagnostics.push(...validateAgainstSchema(schema, source));
  }
  return { source, diagnostics };
}
