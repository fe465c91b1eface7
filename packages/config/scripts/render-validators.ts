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
 * `require("ajv/dist/runtime/NAME").default`. They become `import` statements (so that a bundler sees
 * them, as the CLI's bundle must), each unwrapped the same way under every interop: a CommonJS
 * module's default import is `module.exports` in Node and esbuild but `exports.default` in vitest (its
 * `__esModule` interop), so the helper is whichever of the two is the function.
 */
function withImports(code: string): string {
  const helpers = new Map<string, string>();
  const rewritten = code.replace(/\brequire\("([^"]*)"\)\.default/g, (_, specifier: string) => {
    // Only ajv is a dependency of this package; anything else would fail to resolve at run time.
    if (!specifier.startsWith('ajv/dist/runtime/')) {
      throw new Error(`ajv standalone code requires ${specifier}, which is not an ajv runtime helper`);
    }
    const name = `runtime_${specifier.slice('ajv/dist/runtime/'.length).replace(/\W/g, '_')}`;
    helpers.set(name, specifier);
    return name;
  });
  if (/\brequire\(/.test(rewritten))
    throw new Error('ajv standalone code has a require() this script cannot rewrite');
  const prelude = [...helpers].flatMap(([name, specifier]) => [
    `import ${name}_module from '${specifier}.js';`,
    `const ${name} = typeof ${name}_module === 'function' ? ${name}_module : ${name}_module.default;`,
  ]);
  return `${prelude.join('\n')}\n${rewritten}`;
}

/** The ES module and its type declarations, both under src/generated/. */
export async function renderValidators(): Promise<{ js: string; dts: string }> {
  const ajv = createAjv({ code: { source: true, esm: true } });
  const exports: Record<string, string> = {};
  for (const { file, exportName } of VALIDATED_SCHEMAS) {
    ajv.addSchema(await readSchema(file), file);
    exports[exportName] = file;
  }
  const js = `${BANNER}\n${withImports(standalone.default(ajv, exports))}\n`;
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
