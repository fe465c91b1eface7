/** The generated types and the config reference must be what the schemas produce today. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { generateAll, repoRoot } from '../scripts/codegen.ts';

it('committed generated files match the schemas (run `pnpm gen` after changing a schema)', async () => {
  const generated = await generateAll();
  expect(generated.size).toBe(6);
  for (const [file, content] of generated) {
    const committed = await readFile(path.join(repoRoot, file), 'utf8');
    expect(committed, `${file} is out of date: run pnpm gen`).toBe(content);
  }
});
