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
 * The manifest (`bundle.json`) lists every workspace file the build read, and the package.json files
 * (the workspace's and the bundled dependencies') and lockfile that steered resolution, each with its
 * size and modification time: `bundle-freshness.mjs` falls back to the sources as soon as one
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
  /** Files in the manifest: the workspace files the build read, the package.json files and lockfile. */
  readonly inputs: number;
  readonly workspaceInputs: number;
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
      // A file URL, not a path: Node reads an import specifier as a URL, and a `#` or `%` in the
      // checkout's path would otherwise cut it short.
      return resolved === null ? null : { id: pathToFileURL(resolved.id).href, external: true };
    },
  };
}

const FILE_NEXT_TO_MODULE = /new URL\((['"])(\.{1,2}\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/**
 * `new URL('./file', import.meta.url)`, which a bundle cannot compute from its own place: the bundled
 * copy when the file is one of the bundle's inputs (the XLSX worker's entry), else the file's
 * absolute URL.
 */
export function locateFilesFromBundle(
  code: string,
  id: string,
  inputs: Readonly<Record<string, string>>,
): string | null {
  if (!path.isAbsolute(id) || !code.includes('import.meta.url')) return null;
  const bundledName = new Map(Object.entries(inputs).map(([name, file]) => [file, `${name}.mjs`]));
  let changed = false;
  const rewritten = code.replace(FILE_NEXT_TO_MODULE, (_match, _quote, relative: string) => {
    const target = path.resolve(path.dirname(id), relative);
    if (!existsSync(target)) throw new Error(`${id} locates ${relative}, which does not exist`);
    changed = true;
    const bundled = bundledName.get(target);
    // Every chunk is written to the same folder, so the entry is next to whichever chunk asks.
    if (bundled !== undefined) return `new URL(${JSON.stringify(`./${bundled}`)}, import.meta.url)`;
    return `new URL(${JSON.stringify(pathToFileURL(target).href)})`;
  });
  return changed ? rewritten : null;
}

function filesNextToModules(inputs: Readonly<Record<string, string>>): Plugin {
  return {
    name: 'roster-files-next-to-modules',
    transform: (code, id) => locateFilesFromBundle(code, id, inputs),
  };
}

/**
 * Every file the build reads, with its size and time taken just before rolldown reads it: a file
 * saved while the bundle is being built then no longer matches, and the bundle is not used. Taken at
 * load, not from the output chunks, which leave out modules tree-shaking dropped (type-only ports, an
 * unused import) — still sources whose edit must be seen.
 */
function recordReads(reads: Map<string, readonly [number, number]>): Plugin {
  return {
    name: 'roster-record-reads',
    load(id) {
      if (path.isAbsolute(id)) {
        const stats = statSync(id, { throwIfNoEntry: false });
        if (stats !== undefined) reads.set(id, [stats.size, stats.mtimeMs]);
      }
      return null;
    },
  };
}

const isInNodeModules = (file: string) => file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * Files that steer how the build resolved modules without being read as modules: the lockfile, and
 * every package.json on the way (the workspace's `exports`, and those of the bundled dependencies).
 */
function resolutionFiles(reads: ReadonlyMap<string, unknown>): string[] {
  const files = new Set([path.join(REPO_ROOT, 'pnpm-lock.yaml'), path.join(REPO_ROOT, 'package.json')]);
  for (const file of reads.keys()) {
    for (
      let dir = path.dirname(file);
      dir.startsWith(REPO_ROOT) && dir !== REPO_ROOT;
      dir = path.dirname(dir)
    ) {
      const manifest = path.join(dir, 'package.json');
      if (files.has(manifest)) break;
      if (existsSync(manifest)) {
        files.add(manifest);
        break;
      }
    }
  }
  return [...files];
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
  const reads = new Map<string, readonly [number, number]>();
  const build = await rolldown({
    input: inputs,
    platform: 'node',
    cwd: CLI_ROOT,
    plugins: [recordReads(reads), externals(), filesNextToModules(inputs)],
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
    // Source text a start reads, decodes and keeps: without comments the chunks are a quarter smaller,
    // and in ASCII (the few accented message strings escaped) V8 holds them as one-byte strings —
    // a single non-ASCII character makes a whole chunk two-byte. `roster --help`: peak RSS 83 → 79 MB;
    // same file again (skipped by its listing), 10 alternations: 562–663 ms against 581–722 ms.
    comments: false,
    charset: 'ascii',
  });
  await build.close();
  // A dependency's files change only with an install, which changes its package.json (kept below)
  // and the lockfile: checking its ~390 files too would add ~10 ms to every start.
  const inputsRead: [string, number, number][] = [...reads]
    .filter(([file]) => !isInNodeModules(file))
    .map(([file, [size, mtimeMs]]) => [file, size, mtimeMs]);
  for (const file of resolutionFiles(reads)) {
    const stats = statSync(file);
    inputsRead.push([file, stats.size, stats.mtimeMs]);
  }
  const manifest: BundleManifest = {
    entry: BUNDLE_ENTRY,
    builtIn: `${path.resolve(outDir)}${path.sep}`,
    inputs: inputsRead.sort((a, b) => a[0].localeCompare(b[0])),
  };
  await writeFile(path.join(staging, BUNDLE_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  await mkdir(path.dirname(outDir), { recursive: true });
  // Two renames rather than delete-then-rename: the folder is missing only between them.
  const previous = `${outDir}.previous-${process.pid}`;
  const hadPrevious = existsSync(outDir);
  if (hadPrevious) await rename(outDir, previous);
  await rename(staging, outDir);
  if (hadPrevious) await rm(previous, { recursive: true, force: true });
  const workspace = inputsRead.filter(([file]) => !isInNodeModules(file));
  return { outDir, chunks: output.length, inputs: inputsRead.length, workspaceInputs: workspace.length };
}
