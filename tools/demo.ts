/**
 * `pnpm demo`: Roster's main job on the embedded PostgreSQL, with nothing to install. Two example
 * customers deliver three days of HR files to local folders; each day runs `roster run` exactly as a
 * person or the scheduler would, and the output says what happened and why.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { styleText } from 'node:util';
import { rosterCommand } from './roster-command.ts';

const root = path.resolve(import.meta.dirname, '..');
const demoDir = path.join(root, '.roster', 'demo');
const tenantsDir = path.join(demoDir, 'tenants');
const dataDir = path.join(demoDir, 'data');
const TENANTS = ['globex', 'initech'];
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (style: Parameters<typeof styleText>[0], text: string) =>
  color ? styleText(style, text) : text;

function say(lines: string[]): void {
  console.log(`\n${lines.join('\n')}`);
}

function roster(...args: string[]): number {
  console.log(paint('cyan', `\n$ roster ${args.join(' ')}`));
  const command = rosterCommand();
  const result = spawnSync(process.execPath, [...command.nodeFlags, command.main, ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      ROSTER_TENANTS_DIR: tenantsDir,
      ROSTER_DATA_DIR: dataDir,
      DATABASE_URL: '',
      INIT_CWD: root,
    },
  });
  return result.status ?? 1;
}

/** The customer uploads the day's file: it replaces whatever was waiting in the tenant's inbox. */
async function deliver(day: number): Promise<void> {
  for (const tenant of TENANTS) {
    const inbox = path.join(tenantsDir, tenant, 'inbox');
    for (const entry of await readdir(inbox, { withFileTypes: true })) {
      if (entry.isFile()) await rm(path.join(inbox, entry.name));
    }
    await cp(path.join(root, 'examples/demo', `day-${day}`, tenant), inbox, { recursive: true });
  }
}

await rm(demoDir, { recursive: true, force: true });
await mkdir(demoDir, { recursive: true });
for (const tenant of TENANTS)
  await cp(path.join(root, 'tenants', tenant), path.join(tenantsDir, tenant), { recursive: true });

say([
  paint('bold', "Roster demo: keeping a platform's users in step with two customers' HR files."),
  `Everything runs on the embedded PostgreSQL in ${path.relative(root, dataDir)}; no server is needed.`,
  '  globex   BambooHR JSON export; people are identified by e-mail (tenants/globex)',
  '  initech  German Excel CSV: semicolons, Windows-1252, dd.MM.yyyy dates (tenants/initech)',
  'Each day the customers drop a new file into their folder and Roster applies it.',
]);

roster('validate', ...TENANTS);

say([
  paint('bold', 'Day 1: the first files arrive. Everyone is created, except one person already inactive.'),
]);
await deliver(1);
roster('run', ...TENANTS);

say([
  paint('bold', 'Day 2: changes arrive.'),
  'globex: Zeynep is promoted, Deniz moves office, Hank has left, Kemal joins.',
  'initech: the upload was cut off after three people. Applying it would deactivate seven;',
  'Roster refuses the whole file and changes nothing.',
]);
await deliver(2);
roster('plan', 'globex');
roster('run', ...TENANTS);

say([
  paint('bold', 'Day 3: corrections.'),
  'globex: Hank is rehired and is reactivated, not created twice.',
  'initech: the complete file is re-sent: Peter is promoted, Milton has left (marked Ausgeschieden).',
]);
await deliver(3);
roster('run', ...TENANTS);

say([paint('bold', 'Every run is recorded, with its counts and, for refused runs, the reason:')]);
roster('history', 'initech');

say([
  'That is the whole job. Next:',
  '  pnpm roster validate            check every tenant folder (CI does this on each pull request)',
  '  pnpm roster check acme          read a sample file with no database: counts, preview, rejected rows',
  '  pnpm roster run --all           every tenant; DATABASE_URL=postgres://… to use a PostgreSQL server',
  '  README.md                       adding a tenant, the config reference, the scheduler',
]);
