import path from 'node:path';

/** What every command needs to know about where it runs. */
export interface CliContext {
  /** The folder the user typed the command in: pnpm runs scripts from the repo root, INIT_CWD keeps it. */
  readonly userCwd: string;
  /** The folder of tenant folders: `--tenants`, else ROSTER_TENANTS_DIR, else `tenants/` of the repo. */
  readonly tenantsDir: string;
  /** `--tenants` as the user typed it, to repeat in the commands Roster suggests next. */
  readonly tenantsOption?: string;
  readonly json: boolean;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
}

export function createContext(options: {
  tenants?: string | undefined;
  json?: boolean | undefined;
}): CliContext {
  const userCwd = process.env.INIT_CWD ?? process.cwd();
  const tenantsDir = options.tenants
    ? path.resolve(userCwd, options.tenants)
    : path.resolve(process.cwd(), process.env.ROSTER_TENANTS_DIR ?? 'tenants');
  return {
    userCwd,
    tenantsDir,
    ...(options.tenants && { tenantsOption: options.tenants }),
    json: options.json ?? false,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  };
}

/** A path as the user should see it: relative to where they typed the command. */
export const displayPath = (context: CliContext, absolute: string): string =>
  path.relative(context.userCwd, absolute) || '.';
