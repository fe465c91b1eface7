/**
 * Secret references (`${env:NAME}`, `${file:/path}`) are resolved only when a run needs them, so that
 * `validate` and CI work without any secret, and a secret never sits in YAML or in a log line.
 */
import { readFile } from 'node:fs/promises';
import { RosterError } from './errors.ts';

const REFERENCE = /^\$\{(env|file):([^}]+)\}$/;

/** The secret's value. Throws SECRET_UNRESOLVED naming the reference (never the value). */
export async function resolveSecret(
  reference: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const match = REFERENCE.exec(reference);
  if (!match) {
    throw new RosterError(
      'SECRET_UNRESOLVED',
      `Invalid secret reference ${JSON.stringify(reference.slice(0, 2))}…`,
      {
        hint: 'Write secrets as ${env:NAME} or ${file:/path}',
      },
    );
  }
  const [, kind, name = ''] = match;
  if (kind === 'env') {
    const value = env[name];
    if (value === undefined || value === '') {
      // Said apart: an empty variable is usually a secret store's value that did not arrive (an empty
      // Kubernetes secret key, `export X=` in a script), not a missing line in the deployment.
      const state = value === undefined ? 'is not set' : 'is set but empty';
      throw new RosterError('SECRET_UNRESOLVED', `The environment variable ${name} ${state}`, {
        hint: `Set ${name} to the secret for the process that runs Roster (it is referenced as ${reference})`,
      });
    }
    return value;
  }
  try {
    return (await readFile(name, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    throw new RosterError(
      'SECRET_UNRESOLVED',
      `Cannot read the secret file ${name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        hint: 'Check that the file exists and that Roster may read it',
        cause: error,
      },
    );
  }
}
