/**
 * Renders the schemas' validators as ajv standalone code (https://ajv.js.org/standalone): the CLI
 * imports ready functions instead of loading ajv's compiler and compiling three schemas on every
 * start (~60 ms, and ~10 MB of RSS for the config package's import).
 */
// A CommonJS module whose `module.exports` and `.default` are both the function: `.default` is what
// TypeScript sees, and is callable whichever interop (Node's or vitest's) loaded it.
import standalone from 'ajv/dist/standalone/index.js';
import { createAjv, readSchema, VALIDATED_SCHEMAS } from './schema-ajv.ts';

const BANNER =
  '/* Generated from schema/*.schema.json by scripts/codegen.ts (pnpm gen), with ajv standalone. Do not edit: change the schema. */';

/**
 * Even with `code.esm`, ajv refers to its runtime helpers (`equal`, `ucs2length`) as
 * `require("ajv/dist/runtime/NAME").default`. Rewriting those into `import` statements is not
 * portable: a CommonJS module's default import is `module.exports` in Node but `exports.default` in
 * vitest (its `__esModule` interop), so one of the two would call `undefined`. A module-local
 * `require` keeps ajv's code verbatim and means the same everywhere.
 */
function withRequire(code: string): string {
  for (const [, specifier] of code.matchAll(/\brequire\("([^"]*)"\)/g)) {
    // Only ajv is a dependency of this package; anything else would fail to resolve at run time.
    if (!specifier?.startsWith('ajv/dist/runtime/')) {
      throw new Error(`ajv standalone code requires ${specifier}, which is not an ajv runtime helper`);
    }
  }
  const prelude =
    "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);";
  return `${prelude}\n${code}`;
}

/** The ES module and its type declarations, both under src/generated/. */
export async function renderValidators(): Promise<{ js: string; dts: string }> {
  const ajv = createAjv({ code: { source: true, esm: true } });
  const exports: Record<string, string> = {};
  for (const { file, exportName } of VALIDATED_SCHEMAS) {
    ajv.addSchema(await readSchema(file), file);
    exports[exportName] = file;
  }
  const js = `${BANNER}\n${withRequire(standalone.default(ajv, exports))}\n`;
  const dts = [
    BANNER,
    "import type { ErrorObject } from 'ajv/dist/2020.js';",
    '',
    '/** What ajv standalone code exports per schema: `errors` holds the errors of the last call. */',
    'export interface PrecompiledValidator {',
    '  (data: unknown): boolean;',
    '  errors?: ErrorObject[] | null;',
    '}',
    '',
    ...VALIDATED_SCHEMAS.map(({ exportName }) => `export declare const ${exportName}: PrecompiledValidator;`),
    '',
  ].join('\n');
  return { js, dts };
}
