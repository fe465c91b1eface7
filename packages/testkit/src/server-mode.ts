import { TestkitError } from './testkit-error.ts';

/** How a server was provided: a local process, a container, or one already running (environment). */
export type ServerMode = 'native' | 'container' | 'external';

/** What to start: `auto` prefers a container where a runtime answers, else a native process. */
export type StartMode = 'auto' | 'native' | 'container';

const START_MODES: readonly StartMode[] = ['auto', 'native', 'container'];

/** The start mode from an option, else `ROSTER_TESTKIT_MODE`, else `auto`. */
export function requestedMode(option: StartMode | undefined): StartMode {
  if (option !== undefined) return option;
  const fromEnv = process.env.ROSTER_TESTKIT_MODE;
  if (fromEnv === undefined || fromEnv === '') return 'auto';
  const mode = START_MODES.find((candidate) => candidate === fromEnv);
  if (mode === undefined) {
    throw new TestkitError(
      'INVALID_OPTION',
      `Invalid ROSTER_TESTKIT_MODE ${JSON.stringify(fromEnv)}: expected one of ${START_MODES.join(', ')}`,
    );
  }
  return mode;
}
