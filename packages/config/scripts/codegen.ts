/**
 * Generates what is derived from the JSON Schemas, so that the schemas stay the one source of truth:
 * the TypeScript types (`src/generated/*.ts`), the precompiled validators
 * (`src/generated/schema-validators.{js,d.ts}`) and the config reference (`docs/config-reference.md`).
 * `pnpm gen` writes them; a test fails when the committed files drift from what this produces.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { renderReference } from './render-reference.ts';
import { renderValidators } from './render-validators.ts';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(packageDir, '../..');

const SCHEMAS = [
  { file: 'tenant.schema.json', typeName: 'TenantConfig', out: 'src/generated/tenant-config.ts' },
  { file: 'mappings.schema.json', typeName: 'MappingsConfig', out: 'src/generated/mappings-config.ts' },
  { file: 'mapping-test.schema.json', typeName: 'MappingTestFile', out: 'src/generated/mapping-test.ts' },
] as const;

const BANNER = (source: string) =>
  `/* Generated from schema/${source} by scripts/codegen.ts (pnpm gen). Do not edit: change the schema. */`;

async function loadSchema(file: string): Promise<JSONSchema> {
  return JSON.parse(await readFile(path.join(packageDir, 'schema', file), 'utf8')) as JSONSchema;
}

/**
 * `oneOf: [{required: [a]}, {required: [b]}]` says "exactly one of a, b": a validation rule with no
 * type of its own. Left in, json-schema-to-typescript turns it into an open index signature.
 */
function withoutRequiredOnlyBranches(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequiredOnlyBranches);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const requiredOnly =
      key === 'oneOf' &&
      Array.isArray(value) &&
      value.every((branch) => typeof branch === 'object' && Object.keys(branch).join() === 'required');
    if (!requiredOnly) out[key] = withoutRequiredOnlyBranches(value);
  }
  return out;
}

/** Every generated file, by path relative to the repository root, with its content. */
export async function generateAll(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const schemas: Array<{ file: string; schema: JSONSchema }> = [];
  for (const { file, typeName, out } of SCHEMAS) {
    const schema = await loadSchema(file);
    schemas.push({ file, schema });
    const source = await compile(withoutRequiredOnlyBranches(schema) as JSONSchema, typeName, {
      bannerComment: BANNER(file),
      additionalProperties: false,
      format: true,
      style: { singleQuote: true, printWidth: 110 },
    });
    files.set(path.posix.join('packages/config', out), source);
  }
  const validators = await renderValidators();
  files.set('packages/config/src/generated/schema-validators.js', validators.js);
  files.set('packages/config/src/generated/schema-validators.d.ts', validators.dts);
  files.set('docs/config-reference.md', renderReference(schemas));
  return files;
}
