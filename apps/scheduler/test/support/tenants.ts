/** Local-folder tenants for scheduler tests, each with a CSV file waiting in its inbox. */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writeTenant(
  tenantsDir: string,
  id: string,
  options: { cron?: string; rows?: number; mappings?: string } = {},
): Promise<void> {
  const dir = path.join(tenantsDir, id);
  await mkdir(path.join(dir, 'inbox'), { recursive: true });
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `# yaml-language-server: $schema=x
name: ${id}
connection: { type: local, directory: inbox }
file: { name: "people*.csv", minAgeSeconds: 0 }
key: employee_id
schedule: { cron: "${options.cron ?? '* * * * *'}", timezone: UTC }
lifecycle: { maxDeactivations: 100% }
`,
  );
  await writeFile(
    path.join(dir, 'mappings.yaml'),
    options.mappings ??
      '# yaml-language-server: $schema=x\nfields:\n  employee_id: id\n  email: email\n  first_name: name\n',
  );
  const out = createWriteStream(path.join(dir, 'inbox', 'people.csv'));
  out.write('id,email,name\n');
  const rows = options.rows ?? 5;
  for (let n = 1; n <= rows; n++) {
    if (!out.write(`${n},person${n}@${id}.example,Person ${n}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
