// Whether `roster` can start from its bundle (apps/cli/dist, built by `pnpm install` and by every
// `pnpm test`; see scripts/bundle-cli.ts) instead of the TypeScript sources.
//
// Plain JavaScript because main.mjs calls it before anything TypeScript loads. The check is what
// rsync's quick check is, in the folder it was built in: every file the bundle was built from (the
// workspace files the build read, the package.json files and pnpm-lock.yaml) still has the size and
// modification time it had then. One stat per file, ~160 files: ~2.5 ms, against the ~0.2 s the
// bundle saves.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BUNDLE_ENTRY = 'roster.mjs';
export const BUNDLE_MANIFEST = 'bundle.json';

/** The bundle's entry in `distDir` (a file: URL ending in `/`), or undefined if it must not be used. */
export function freshBundle(distDir) {
  if (process.env.ROSTER_FROM_SOURCE === '1') return undefined;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL(BUNDLE_MANIFEST, distDir), 'utf8'));
  } catch {
    return undefined; // not built (or half written): the sources always work
  }
  if (typeof manifest?.entry !== 'string' || !Array.isArray(manifest.inputs)) return undefined;
  // A copy of the tree elsewhere would import its dependencies from the original's node_modules.
  if (manifest.builtIn !== fileURLToPath(distDir)) return undefined;
  for (const [file, size, mtimeMs] of manifest.inputs) {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (stats === undefined || stats.size !== size || stats.mtimeMs !== mtimeMs) return undefined;
  }
  return new URL(manifest.entry, distDir);
}
