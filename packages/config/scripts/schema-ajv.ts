/**
 * The one ajv configuration the schemas are compiled with. `pnpm gen` turns it into standalone code
 * (src/generated/schema-validators.js) and a test compiles it afresh to check that the two agree, so
 * both must start from here. Not imported by src/: the CLI never loads ajv's compiler.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type Options } from 'ajv/dist/2020.js';

const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema');

/** Each schema with the name its validator is exported under (a JS identifier). */
export const VALIDATED_SCHEMAS = [
  { file: 'tenant.schema.json', exportName: 'tenant' },
  { file: 'mappings.schema.json', exportName: 'mappings' },
  { file: 'mapping-test.schema.json', exportName: 'mappingTest' },
] as const;

export function createAjv(extra: Options = {}): Ajv2020 {
  const ajv = new Ajv2020({
    // verbose: diagnostics read `data` and `parentSchema` (its `errorMessage`, `oneOf`, `properties`).
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    ...extra,
  });
  // `errorMessage` carries our wording for a pattern; yaml-language-server shows the same text in editors.
  ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
  return ajv;
}

export async function readSchema(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(schemaDir, file), 'utf8')) as Record<string, unknown>;
}
