/**
 * Reads a tenant folder and reports everything wrong with it at once: YAML syntax, the schema,
 * meaning checks, and the mappings against the customer's sample file.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkMappingsMeaning } from './checks/mappings-checks.ts';
import { Report } from './checks/report.ts';
import { checkSampleColumns } from './checks/sample-columns.ts';
import { type SampleRows, sampleRowDiagnostics } from './checks/sample-rows.ts';
import { checkTenantMeaning } from './checks/tenant-checks.ts';
import { checkTenantId } from './checks/tenant-id.ts';
import { compareDiagnostics, type Diagnostic, hasErrors } from './diagnostic.ts';
import { formatOf } from './file-format.ts';
import type { MappingsConfig } from './generated/mappings-config.ts';
import type { FileSpec, TenantConfig } from './generated/tenant-config.ts';
import { DEFAULT_LIFECYCLE } from './lifecycle-defaults.ts';
import { loadMappingTests } from './load-mapping-tests.ts';
import { mappedColumns } from './mapped-columns.ts';
import { readYamlFile } from './read-yaml-file.ts';

/**
 * Reads the header of a sample file (CSV, Excel, JSON) the way a run would read the real file.
 * Injected by the caller, so that this package does not depend on the parsers.
 */
export type SampleHeaderReader = (
  samplePath: string,
  file: FileSpec,
  columns: readonly string[],
) => Promise<readonly string[]>;

/**
 * Maps a sample file's rows exactly as a run would (`roster check`), for {@link sampleRowDiagnostics}.
 * Injected like {@link SampleHeaderReader}: the engine depends on this package, not the reverse.
 */
export type SampleRowsChecker = (
  samplePath: string,
  tenant: TenantConfig,
  mappings: MappingsConfig,
) => Promise<SampleRows>;

export interface LoadOptions {
  /** Diagnostics name files relative to this folder. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** Checks the mappings against `sample.*` when given. */
  readonly readSampleHeader?: SampleHeaderReader;
  /** With readSampleHeader, also maps each sample's rows: rejected rows become diagnostics. */
  readonly checkSampleRows?: SampleRowsChecker;
}

export interface LoadedTenant {
  /** The tenant id: the folder name. */
  readonly id: string;
  /** Absolute path of the tenant folder. */
  readonly dir: string;
  /** Present when tenant.yaml has no errors. */
  readonly tenant?: TenantConfig;
  /** Present when mappings.yaml has no errors. */
  readonly mappings?: MappingsConfig;
  /** Every problem found, errors and warnings, in file and line order. */
  readonly diagnostics: readonly Diagnostic[];
  /** True when both files are valid and the tenant can run. */
  readonly valid: boolean;
}

async function findSamples(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /^sample\.[A-Za-z0-9]+$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Loads and checks one tenant folder. Never throws for problems in the folder: they are diagnostics. */
export async function loadTenant(dir: string, options: LoadOptions = {}): Promise<LoadedTenant> {
  const cwd = options.cwd ?? process.cwd();
  const absoluteDir = path.resolve(cwd, dir);
  const id = path.basename(absoluteDir);
  const diagnostics: Diagnostic[] = [...checkTenantId(id, path.relative(cwd, absoluteDir) || '.')];

  const tenantFile = await readYamlFile(path.join(absoluteDir, 'tenant.yaml'), cwd, 'tenant');
  const mappingsFile = await readYamlFile(path.join(absoluteDir, 'mappings.yaml'), cwd, 'mappings');
  diagnostics.push(...tenantFile.diagnostics, ...mappingsFile.diagnostics);

  const tenantValue = tenantFile.source?.value as Partial<TenantConfig> | undefined;
  if (tenantFile.source) {
    const report = new Report(tenantFile.source);
    checkTenantMeaning(tenantValue, absoluteDir, report);
    diagnostics.push(...report.diagnostics);
  }
  if (mappingsFile.source) {
    const report = new Report(mappingsFile.source);
    // An invalid key is reported on tenant.yaml; checking the mappings against it would only add noise.
    const key =
      tenantValue?.key === 'employee_id' || tenantValue?.key === 'email' ? tenantValue.key : undefined;
    checkMappingsMeaning(mappingsFile.source.value, key, report);
    diagnostics.push(...report.diagnostics);
  }

  const tenantValid =
    tenantFile.source !== undefined &&
    !hasErrors(diagnostics.filter((d) => d.file === tenantFile.source?.file));
  const mappingsValid =
    mappingsFile.source !== undefined &&
    !hasErrors(diagnostics.filter((d) => d.file === mappingsFile.source?.file));
  const tenant = tenantValid ? (tenantValue as TenantConfig) : undefined;
  const mappings = mappingsValid ? (mappingsFile.source?.value as MappingsConfig) : undefined;
  // With valid mappings, the tests are also checked against them (what they expect, what they read).
  diagnostics.push(...(await loadMappingTests(absoluteDir, cwd, mappings)).diagnostics);

  if (options.readSampleHeader && tenant && mappings && mappingsFile.source) {
    const report = new Report(mappingsFile.source);
    for (const sample of await findSamples(absoluteDir)) {
      const samplePath = path.join(absoluteDir, sample);
      const columns = mappedColumns(mappings);
      try {
        // Each column once, as runs ask for them (a JSON sample's header is made of these names).
        const header = await options.readSampleHeader(samplePath, tenant.file, [
          ...new Set(columns.map((c) => c.column)),
        ]);
        const before = report.diagnostics.length;
        checkSampleColumns(columns, { name: sample, header, format: formatOf(tenant.file) }, report);
        // Rows only when every mapped column is there: otherwise each row would repeat that error.
        if (options.checkSampleRows && !hasErrors(report.diagnostics.slice(before))) {
          const rows = await options.checkSampleRows(samplePath, tenant, mappings);
          const maxRejected = tenant.lifecycle?.maxRejected ?? DEFAULT_LIFECYCLE.maxRejected;
          diagnostics.push(
            ...sampleRowDiagnostics(path.relative(cwd, samplePath), sample, rows, maxRejected),
          );
        }
      } catch (error) {
        diagnostics.push({
          file: path.relative(cwd, samplePath),
          line: 0,
          col: 0,
          level: 'error',
          code: 'SAMPLE_UNREADABLE',
          message: `Cannot read ${sample} as the tenant's file would be read: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    diagnostics.push(...report.diagnostics);
  }

  diagnostics.sort(compareDiagnostics);
  const valid = tenant !== undefined && mappings !== undefined && !hasErrors(diagnostics);
  return {
    id,
    dir: absoluteDir,
    diagnostics,
    valid,
    ...(tenant && { tenant }),
    ...(mappings && { mappings }),
  };
}

/**
 * The tenant folders under `tenantsDir`: every sub-folder, so that a folder whose tenant.yaml is
 * misnamed is reported rather than silently ignored. Folders starting with `.` or `_` are skipped.
 */
export async function findTenantDirs(tenantsDir: string): Promise<string[]> {
  const entries = await readdir(tenantsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !/^[._]/.test(entry.name))
    .map((entry) => path.join(tenantsDir, entry.name))
    .sort();
}
