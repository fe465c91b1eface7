import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, locateFilesFromBundle } from '../scripts/bundle-cli.ts';
import { BUNDLE_MANIFEST, type BundleManifest, freshBundle } from '../src/bundle-freshness.mjs';
import { roster } from './support/cli.ts';

const CLI = path.resolve(import.meta.dirname, '..');
const fixtures = path.resolve(CLI, '../../packages/parsers/test/fixtures');

describe('freshBundle', () => {
  let dist: string;
  let source: string;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(CLI, 'node_modules/.roster-bundle-fresh-'));
    source = path.join(dist, 'source.ts');
    await writeFile(source, 'export const a = 1;\n');
    await writeFile(path.join(dist, 'roster.mjs'), '');
  });
  afterAll(() => rm(dist, { recursive: true, force: true }));

  const distUrl = () => pathToFileURL(`${dist}/`);
  async function writeManifest(): Promise<void> {
    const { statSync } = await import('node:fs');
    const stats = statSync(source);
    const manifest: BundleManifest = {
      entry: 'roster.mjs',
      builtIn: `${dist}${path.sep}`,
      inputs: [[source, stats.size, stats.mtimeMs]],
    };
    await writeFile(path.join(dist, BUNDLE_MANIFEST), JSON.stringify(manifest));
  }

  it('answers the entry while every input has its recorded size and time', async () => {
    await writeManifest();
    expect(freshBundle(distUrl())?.href).toBe(pathToFileURL(path.join(dist, 'roster.mjs')).href);
  });

  it('refuses the bundle once a source is edited, even to the same size', async () => {
    await writeManifest();
    await writeFile(source, 'export const b = 2;\n');
    await utimes(source, new Date(), new Date(Date.now() + 5000));
    expect(freshBundle(distUrl())).toBeUndefined();
  });

  it('refuses it when a source is gone, the manifest is missing or broken, or ROSTER_FROM_SOURCE=1', async () => {
    await writeManifest();
    process.env.ROSTER_FROM_SOURCE = '1';
    try {
      expect(freshBundle(distUrl())).toBeUndefined();
    } finally {
      delete process.env.ROSTER_FROM_SOURCE;
    }
    expect(freshBundle(distUrl())).toBeDefined();
    await writeFile(path.join(dist, BUNDLE_MANIFEST), '{"entry": "roster.mjs", "inp');
    expect(freshBundle(distUrl())).toBeUndefined();
    await rm(path.join(dist, BUNDLE_MANIFEST));
    expect(freshBundle(distUrl())).toBeUndefined();
    await writeManifest();
    await rm(source);
    expect(freshBundle(distUrl())).toBeUndefined();
  });

  it('refuses a bundle copied to another folder, whose chunks import from the original tree', async () => {
    await writeFile(source, 'export const a = 1;\n');
    await writeManifest();
    const copy = `${dist}-copy`;
    await cp(dist, copy, { recursive: true, preserveTimestamps: true });
    try {
      expect(freshBundle(distUrl())).toBeDefined();
      expect(freshBundle(pathToFileURL(`${copy}/`))).toBeUndefined();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('locateFilesFromBundle', () => {
  it("points a file a module locates next to itself at the bundle's copy, or at the file itself", async () => {
    const dir = await mkdtemp(path.join(CLI, 'node_modules/.roster-bundle-locate-'));
    try {
      await writeFile(path.join(dir, 'worker.mjs'), '');
      await writeFile(path.join(dir, 'data.json'), '{}');
      const code = `const a = new URL('./worker.mjs', import.meta.url);\nconst b = new URL("./data.json", import.meta.url);`;
      const rewritten = locateFilesFromBundle(code, path.join(dir, 'module.ts'), {
        'bundled-worker': path.join(dir, 'worker.mjs'),
      });
      expect(rewritten).toBe(
        `const a = new URL("./bundled-worker.mjs", import.meta.url);\nconst b = new URL(${JSON.stringify(pathToFileURL(path.join(dir, 'data.json')).href)});`,
      );
      expect(locateFilesFromBundle('const c = import.meta.url;', path.join(dir, 'module.ts'), {})).toBeNull();
      expect(() =>
        locateFilesFromBundle(`new URL('./gone.ts', import.meta.url)`, path.join(dir, 'module.ts'), {}),
      ).toThrow(/locates \.\/gone\.ts, which does not exist/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the bundled CLI', () => {
  // A private copy of the entry point beside its own bundle (under apps/cli/node_modules, where the
  // packages the bundle finds by name resolve as from apps/cli/dist), so that this suite never
  // rebuilds the dist/ other suites are starting `roster` from.
  let root: string;
  let main: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(CLI, 'node_modules/.roster-bundle-'));
    await mkdir(path.join(root, 'src'));
    for (const file of ['main.mjs', 'bundle-freshness.mjs']) {
      await copyFile(path.join(CLI, 'src', file), path.join(root, 'src', file));
    }
    main = path.join(root, 'src/main.mjs');
    const result = await bundleCli(path.join(root, 'dist'));
    expect(result.chunks).toBeGreaterThan(1);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists the workspace sources it holds and the lockfile, and is fresh right after the build', async () => {
    const manifest = JSON.parse(
      await readFile(path.join(root, 'dist', BUNDLE_MANIFEST), 'utf8'),
    ) as BundleManifest;
    const files = manifest.inputs.map(([file]) => path.relative(path.resolve(CLI, '../..'), file));
    expect(files).toEqual(
      expect.arrayContaining(['apps/cli/src/cli.ts', 'packages/engine/src/index.ts', 'pnpm-lock.yaml']),
    );
    // A module the bundle dropped (a type-only port) is still a source whose edit must be seen, and
    // the package.json files steer resolution.
    expect(files).toEqual(
      expect.arrayContaining(['packages/engine/src/ports/table.ts', 'packages/engine/package.json']),
    );
    const dependencyFiles = files.filter((file) => file.includes('node_modules'));
    expect(dependencyFiles.length).toBeGreaterThan(0);
    expect(dependencyFiles.filter((file) => !file.endsWith('/package.json'))).toEqual([]);
    expect(freshBundle(pathToFileURL(`${root}/dist/`))).toBeDefined();
  });

  it('imports the packages it leaves out by file URL, which a # or % in the checkout path cannot cut short', async () => {
    const chunks = await Promise.all(
      (await readdir(path.join(root, 'dist')))
        .filter((name) => name.endsWith('.mjs'))
        .map((name) => readFile(path.join(root, 'dist', name), 'utf8')),
    );
    const code = chunks.join('\n');
    // Static imports start a line; dynamic ones (PGlite, pg-boss) are import("…") anywhere.
    const staticImports = [...code.matchAll(/^(?:import|export)\s[^;\n]*?\bfrom\s"([^"]+)";?$/gm)];
    const dynamicImports = [...code.matchAll(/\bimport\("([^"]+)"\)/g)];
    const external = [...staticImports, ...dynamicImports]
      .map((match) => match[1] ?? '')
      .filter((specifier) => specifier.startsWith('/') || specifier.startsWith('file:'));
    expect(external.filter((specifier) => specifier.startsWith('/'))).toEqual([]);
    expect(external.some((specifier) => specifier.includes('/node_modules/.pnpm/ssh2-sftp-client@'))).toBe(
      true,
    );
    expect(
      external.some((specifier) => specifier.includes('/node_modules/.pnpm/@electric-sql+pglite@')),
    ).toBe(true);
  });

  it('is plain ASCII without comments, which Node reads and holds as one-byte text', async () => {
    const names = (await readdir(path.join(root, 'dist'))).filter((name) => name.endsWith('.mjs'));
    for (const name of names) {
      const bytes = await readFile(path.join(root, 'dist', name));
      expect({ name, nonAscii: bytes.some((byte) => byte > 0x7f) }).toEqual({ name, nonAscii: false });
      // No JSDoc left (a line opening one): the sources' comments stay in the sources.
      expect({ name, jsdoc: /^\s*\/\*\*$/m.test(bytes.toString('latin1')) }).toEqual({ name, jsdoc: false });
    }
  });

  /** Runs the private copy with a hook that prints, at exit, every module the main thread loaded. */
  async function rosterRecordingLoads(
    args: readonly string[],
  ): Promise<{ stdout: string; loaded: string[] }> {
    const hook = path.join(root, 'record-loads.mjs');
    await writeFile(
      hook,
      `import module from 'node:module';
const loaded = [];
module.registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(loaded) + '\\n'));
`,
    );
    const result = await roster(args, {
      entry: main,
      env: { NODE_OPTIONS: `--import=${pathToFileURL(hook).href}` },
    });
    const loaded = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('LOADED '))
      .flatMap((line) => JSON.parse(line.slice(7)) as string[]);
    return { stdout: result.stdout, loaded };
  }

  it('is what main.mjs starts from: no TypeScript source is loaded', async () => {
    const { stdout, loaded } = await rosterRecordingLoads(['validate']);
    expect(stdout).toContain('3 tenants valid');
    expect(loaded).toContain(pathToFileURL(path.join(root, 'dist/roster.mjs')).href);
    expect(loaded.filter((url) => url.endsWith('.ts'))).toEqual([]);
  });

  it('starts the XLSX worker from its bundled entry and reads a workbook', async () => {
    const tenants = path.join(root, 'tenants');
    await mkdir(path.join(tenants, 'book'), { recursive: true });
    await writeFile(
      path.join(tenants, 'book/tenant.yaml'),
      `# yaml-language-server: $schema=x\nname: Book\nconnection: { type: local, directory: ${fixtures} }\nfile:\n  name: "*.xlsx"\n  xlsx: { sheet: Employees, headerRow: 2 }\nkey: employee_id\nschedule: { daily: "02:00", timezone: UTC }\n`,
    );
    await writeFile(
      path.join(tenants, 'book/mappings.yaml'),
      '# yaml-language-server: $schema=x\nfields:\n  employee_id: Employee ID\n  email: Work Email\n  first_name: Name\n',
    );
    const file = path.join(fixtures, 'employees.xlsx');
    const { stdout, loaded } = await rosterRecordingLoads([
      'check',
      'book',
      '--tenants',
      tenants,
      '--file',
      file,
      '--json',
    ]);
    const output = JSON.parse(stdout) as { preview: { fields: Record<string, string> }[] };
    expect(output.preview.map((row) => row.fields.employee_id)).toEqual(['123', '00124']);
    expect(loaded.filter((url) => url.endsWith('.ts'))).toEqual([]);
    // The worker (a thread the load hook does not see) can only have started from the bundle's copy.
    const chunks = await Promise.all(
      (await readdir(path.join(root, 'dist')))
        .filter((name) => name.endsWith('.mjs'))
        .map((name) => readFile(path.join(root, 'dist', name), 'utf8')),
    );
    const workers = chunks.flatMap((code) =>
      [...code.matchAll(/new Worker\((new URL\([^)]*\))/g)].map((m) => m[1]),
    );
    expect(workers).toEqual(['new URL("./xlsx-worker-entry.mjs", import.meta.url)']);
    expect(chunks.some((code) => code.includes('await import("./xlsx-worker-'))).toBe(true);
  });
});
