/**
 * The tenant folders the benchmark runs Roster on, written as a customer's integration engineer would:
 * an SFTP connection with a pinned host key and a key file, the newest `employees_*` file, the default
 * guards, and the mappings of the generated export (CSV and Excel share a header; JSON has its own keys).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HrFormat } from './generate-hr-file.ts';

export interface TenantConnection {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly privateKeyPath: string;
  readonly hostKeyFingerprint: string;
}

export interface TenantRequest {
  readonly id: string;
  readonly format: HrFormat;
  /** The folder as the SFTP user sees it, e.g. `/upload/csv`. */
  readonly remoteDir: string;
  readonly connection: TenantConnection;
}

const SCHEMAS = path.resolve(import.meta.dirname, '../../../packages/config/schema');

const TABLE_MAPPINGS = `fields:
  employee_id: Employee ID
  email: { from: Work Email, transform: [trim, lowercase] }
  first_name: First Name
  last_name: Last Name
  job_title: Job Title
  department: Department
  manager_id: Manager ID
  location: Location
  hire_date: { from: Hire Date, type: date, format: MM/dd/yyyy }
  status:
    from: Employment Status
    map: { Active: active, On Leave: active, Terminated: inactive }
    default: active
`;

const JSON_MAPPINGS = `fields:
  employee_id: employeeId
  email: { from: workEmail, transform: [trim, lowercase] }
  first_name: firstName
  last_name: lastName
  job_title: jobTitle
  department: department
  manager_id: managerId
  location: location
  hire_date: { from: hireDate, type: date, format: yyyy-MM-dd }
  status:
    from: employmentStatus
    map: { Active: active, On Leave: active, Terminated: inactive }
    default: active
`;

/** Writes `<tenantsDir>/<id>/tenant.yaml` and `mappings.yaml`; returns the tenant folder. */
export async function writeTenant(tenantsDir: string, request: TenantRequest): Promise<string> {
  const dir = path.join(tenantsDir, request.id);
  await mkdir(dir, { recursive: true });
  const { connection } = request;
  const extension = request.format;
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `# yaml-language-server: $schema=${path.join(SCHEMAS, 'tenant.schema.json')}
name: Benchmark ${request.format.toUpperCase()}
connection:
  type: sftp
  host: ${connection.host}
  port: ${connection.port}
  username: ${connection.username}
  privateKey: \${file:${connection.privateKeyPath}}
  hostKey: "${connection.hostKeyFingerprint}"
  directory: ${request.remoteDir}
  retries: 0
file:
  name: "employees_*.${extension}"
${request.format === 'json' ? '  json: { records: data.employees }\n' : ''}  minAgeSeconds: 0
key: employee_id
schedule: { daily: "02:00", timezone: UTC }
lifecycle:
  deactivateMissing: true
  maxDeactivations: 10%
  maxRejected: 5%
`,
  );
  await writeFile(
    path.join(dir, 'mappings.yaml'),
    `# yaml-language-server: $schema=${path.join(SCHEMAS, 'mappings.schema.json')}
${request.format === 'json' ? JSON_MAPPINGS : TABLE_MAPPINGS}`,
  );
  return dir;
}
