/**
 * The `$schema=` of the `# yaml-language-server:` line `roster init` writes. The language server
 * resolves a relative path against the YAML file, so a relative path is right only where the tenant
 * folder's place relative to the schemas is fixed: inside this repository (`tenants/acme/` →
 * `../../packages/config/schema/…`, which stays right on every clone). A tenant folder elsewhere
 * (`--tenants ~/customers`) gets the schema's absolute path: it works wherever that folder is moved
 * on this machine, and a relative path climbing out of the repository would break as soon as
 * either moved. There is no published URL of the schemas to point at instead.
 */
import { realpath } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

export type SchemaName = 'tenant' | 'mappings';

/** Found the way the config package finds it: through the package's exports. */
const SCHEMA_DIR = path.dirname(
  createRequire(import.meta.url).resolve('@roster/config/schema/tenant.schema.json'),
);
/** `packages/config/schema` → the repository root. */
const REPO_ROOT = path.resolve(SCHEMA_DIR, '../../..');

const isInside = (folder: string, root: string) => {
  const relative = path.relative(root, folder);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative))
  );
};

/**
 * What to write after `$schema=` in a file of `tenantDir` (which must exist).
 *
 * @example
 * await schemaReference('/repo/tenants/acme', 'tenant'); // "../../packages/config/schema/tenant.schema.json"
 * await schemaReference('/home/me/customers/acme', 'tenant'); // "/repo/packages/config/schema/tenant.schema.json"
 */
export async function schemaReference(tenantDir: string, schema: SchemaName): Promise<string> {
  // Real paths: a symlinked tenants folder (or /tmp on macOS) must not fool the comparison.
  const [folder, schemaDir, root] = await Promise.all([
    realpath(tenantDir),
    realpath(SCHEMA_DIR),
    realpath(REPO_ROOT),
  ]);
  const file = path.join(schemaDir, `${schema}.schema.json`);
  if (!isInside(folder, root)) return file;
  return path.relative(folder, file).split(path.sep).join('/');
}
