/** `pnpm gen`: writes the generated types and the config reference. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateAll, repoRoot } from './codegen.ts';

for (const [file, content] of await generateAll()) {
  const target = path.join(repoRoot, file);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
  console.log(`wrote ${file}`);
}
