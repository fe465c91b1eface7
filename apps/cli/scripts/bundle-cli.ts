/**
 * Bundles the CLI into a few ES modules (`dist/`), which `src/main.mjs` loads instead of the sources
 * while the bundle is fresh.
 *
 * Why: a `roster run` from the sources loads about 640 modules (kysely alone ~260, yaml ~70), and
 * resolving, reading and linking them took about 0.2 s of every start — most of a run that finds
 * the file unchanged. The bundle holds the same code in ~25 chunks (one per lazily loaded command).
 *
 * What stays outside the bundle, loaded from `node_modules` by absolute path: packages that load files
 * relative to themselves at run time — native add-ons (ssh2's optional crypto and cpu-features, pg's
 * optional pg-native), PGlite's WebAssembly and data files, pino's transport workers — and the ones
 * only a rare path needs (exceljs runs in the XLSX worker, pg-boss only for `run --enqueue`).
 * The XLSX worker's entry is a second input; a module that locates another file next to itself
 * (`new URL('./x', import.meta.url)`) gets that file's absolute URL.
 *
 * The manifest (`bundle.json`) lists every workspace file the bundle was built from, with its size and
 * modification time, and the lockfile: `bundle-freshness.mjs` falls back to the sources as soon as one
 * differs, so an edit is never hidden by an old bundle.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Plugin, rolldown } from 'rolldown';
import { BUNDLE_ENTRY, BUNDLE_MANIFEST, type BundleManifest } from '../src/bundle-freshness.mjs';

const CLI_ROOT = path.resolve(import.meta.dirname, '..');
const REPO_ROOT = path.resolve(CLI_ROOT, '../..');

/** Packages loaded from node_modules rather than bundled (why: see the header). */
const EXTERNAL_PACKAGES = new Set([
  'ssh2',
  'ssh2-sftp-client',
  'cpu-features',
  'pg',
  'pg-copy-streams',
  '@electric-sql/pglite',
  'pino',
  'prom-client',
  'exceljs',
  'pg-boss',
]);

export interface BundleResult {
  readonly outDir: string;
  readonly chunks: number;
  readonly inputs: number;
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Node built-ins stay imports; the external packages become imports of their resolved files. */
function externals(): Plugin {
  return {
    name: 'roster-externals',
    async resolveId(source, importer, options) {
      if (source.startsWith('node:')) return { id: source, external: true };
      if (source.startsWith('.') || path.isAbsolute(source) || !EXTERNAL_PACKAGES.has(packageName(source))) {
        return null;
      }
      // Resolved from the importing package, as Node would: with pnpm each package sees only its own
      // dependencies, so a bare name would not resolve from dist/.
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved === null ? null : { id: resolved.id, external: 'absolute' };
    },
  };
}

const FILE_NEXT_TO_MODULE = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/**
 * `new URL('./file', import.meta.url)`, which a bundle cannot compute from its own place: the bundled
 * copy when the file is one of the bundle's inputs (the XLSX worker's entry), else the file's
 * absolute URL.
 */
function filesNextToModules(inputs: Readonly<Record<string, string>>): Plugin {
  const bundledName = new Map(Object.entries(inputs).map(([name, file]) => [file, `${name}.mjs`]));
  return {
    name: 'roster-files-next-to-modules',
    transform(code, id) {
      if (!path.isAbsolute(id) || !FILE_NEXT_TO_MODULE.test(code)) return null;
      FILE_NEXT_TO_MODULE.lastIndex = 0;
      return code.replace(FILE_NEXT_TO_MODULE, (_match, _quote, relative: string) => {
        const target = path.resolve(path.dirname(id), relative);
        if (!existsSync(target)) throw new Error(`${id} locates ${relative}, which does not exist`);
        const bundled = bundledName.get(target);
        // Every chunk is written to the same folder, so the entry is next to whichever chunk asks.
        if (bundled !== undefined) return `new URL(${JSON.stringify(`./${bundled}`)}, import.meta.url)`;
        return `new URL(${JSON.stringify(pathToFileURL(target).href)})`;
      });
    },
  };
}

function isWorkspaceFile(id: string): boolean {
  return (
    path.isAbsolute(id) && id.startsWith(REPO_ROOT) && !id.includes(`${path.sep}node_modules${path.sep}`)
  );
}

/** Builds the bundle into `outDir` (default `apps/cli/dist`), replacing what was there. */
export async function bundleCli(outDir = path.join(CLI_ROOT, 'dist')): Promise<BundleResult> {
  const staging = `${outDir}.building-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const inputs = {
    [path.basename(BUNDLE_ENTRY, '.mjs')]: path.join(CLI_ROOT, 'src/cli.ts'),
    // A worker thread starts from a file of its own: bundled as a second entry, sharing chunks.
    'xlsx-worker-entry': path.join(REPO_ROOT, 'packages/parsers/src/xlsx-worker-entry.mjs'),
  };
  const build = await rolldown({
    input: inputs,
    platform: 'node',
    cwd: CLI_ROOT,
    plugins: [externals(), filesNextToModules(inputs)],
    onLog(level, log, handler) {
      // Every warning is a sign the bundle may behave differently from the sources: fail instead.
      if (level === 'warn') throw new Error(`bundling the CLI: ${log.message}`);
      handler(level, log);
    },
  });
  const { output } = await build.write({
    dir: staging,
    format: 'esm',
    entryFileNames: '[name].mjs',
    chunkFileNames: '[name]-[hash].mjs',
  });
  await build.close();
  const ids = new Set(output.flatMap((chunk) => (chunk.type === 'chunk' ? chunk.moduleIds : [])));
  const sources = [...ids].filter(isWorkspaceFile);
  sources.push(path.join(REPO_ROOT, 'pnpm-lock.yaml'));
  const manifest: BundleManifest = {
    entry: BUNDLE_ENTRY,
    builtIn: `${path.resolve(outDir)}${path.sep}`,
    inputs: sources.sort().map((file) => {
      const stats = statSync(file);
      return [file, stats.size, stats.mtimeMs];
    }),
  };
  await writeFile(path.join(staging, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  await mkdir(path.dirname(outDir), { recursive: true });
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  return { outDir, chunks: output.length, inputs: sources.length };
}
