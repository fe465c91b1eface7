import type { ParseArgsConfig } from 'node:util';
import type { CliContext } from './cli-context.ts';
import type { ExitCode } from './exit-codes.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One `roster` sub-command. */
export interface Command {
  readonly name: string;
  /** One line for `roster --help`. */
  readonly summary: string;
  /** The usage line, e.g. `validate [TENANT…] [--format text|json|github]`. */
  readonly usage: string;
  readonly options: OptionSpec;
  run(context: CliContext, positionals: string[], values: Record<string, unknown>): Promise<ExitCode>;
}
