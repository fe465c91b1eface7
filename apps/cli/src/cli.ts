/**
 * `roster`: the composition root for people. Parses the command line, wires the adapters a command
 * needs, prints, and maps every outcome to the contract's exit codes.
 */
import { parseArgs } from 'node:util';
import { toRosterError } from '@roster/engine';
import { createContext } from './cli-context.ts';
import type { Command, OptionSpec } from './command.ts';
import { EXIT, exitCodeFor } from './exit-codes.ts';

/**
 * Commands load on demand: a command imports only the adapters it uses, so `validate` does not pay
 * for the SFTP, PostgreSQL and job-queue libraries `run` needs (startup 0.7 s and 146 MB before).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  test: async () => (await import('./commands/test.ts')).testCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  'test-connection': async () => (await import('./commands/test-connection.ts')).testConnectionCommand,
  plan: async () => (await import('./commands/plan.ts')).planCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  history: async () => (await import('./commands/history.ts')).historyCommand,
  init: async () => (await import('./commands/init.ts')).initCommand,
  migrate: async () => (await import('./commands/migrate.ts')).migrateCommand,
};

const GLOBAL_OPTIONS: OptionSpec = {
  tenants: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const width = Math.max(...commands.map((command) => command.usage.length));
  return [
    'Usage: roster <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    '  --tenants DIR   the folder of tenant folders (default tenants/, or ROSTER_TENANTS_DIR)',
    '  --json          machine-readable output',
    '',
    'Database: DATABASE_URL (postgres://…) when set, else an embedded PostgreSQL in .roster/ (ROSTER_DATA_DIR).',
    'Exit codes: 0 success, 1 bad data or config or a refused run, 2 usage error, 3 connection or server failure.',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    process.stderr.write(`Unknown command "${name}".\n\n${await usage()}`);
    return EXIT.usage;
  }
  const command = await load();
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    process.stderr.write(
      `${error instanceof Error ? error.message : String(error)}\nUsage: roster ${command.usage}\n`,
    );
    return EXIT.usage;
  }
  const values = parsed.values as Record<string, unknown>;
  if (values.help) {
    process.stdout.write(`Usage: roster ${command.usage}\n\n${command.summary}\n`);
    return EXIT.ok;
  }
  const context = createContext({
    tenants: values.tenants as string | undefined,
    json: values.json as boolean | undefined,
  });
  try {
    return await command.run(context, parsed.positionals, values);
  } catch (thrown) {
    const error = toRosterError(thrown);
    if (context.json) {
      const { failureJson } = await import('./output/failure-json.ts');
      process.stdout.write(
        `${JSON.stringify(failureJson(command.name, parsed.positionals, error), null, 2)}\n`,
      );
    }
    process.stderr.write(`roster ${command.name}: ${error.code}: ${error.message}\n`);
    if (error.code === 'INTERNAL' && error.cause instanceof Error && error.cause.stack) {
      process.stderr.write(`${error.cause.stack}\n`);
    }
    if (error.code === 'USAGE') process.stderr.write(`Usage: roster ${command.usage}\n`);
    return exitCodeFor(error);
  }
}
