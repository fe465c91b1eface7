/** Secret references resolved at run time: what a run says when one cannot be, never the value. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RosterError } from '../src/errors.ts';
import { resolveSecret } from '../src/secrets.ts';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as RosterError,
  );

describe('resolveSecret', () => {
  it('reads an environment variable, and tells a missing one from one set but empty', async () => {
    expect(await resolveSecret('${env:ACME_PW}', { ACME_PW: 's3cret' })).toBe('s3cret');
    const missing = await failure(resolveSecret('${env:ACME_PW}', {}));
    expect(missing).toBeInstanceOf(RosterError);
    expect(missing?.code).toBe('SECRET_UNRESOLVED');
    expect(missing?.message).toContain('The environment variable ACME_PW is not set');
    const empty = await failure(resolveSecret('${env:ACME_PW}', { ACME_PW: '' }));
    expect(empty?.message).toContain('The environment variable ACME_PW is set but empty');
  });

  it('reads a file without its final line break, and names a missing file without any value', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'roster-secret-'));
    await writeFile(path.join(dir, 'key'), 'line one\nline two\n');
    expect(await resolveSecret(`\${file:${path.join(dir, 'key')}}`)).toBe('line one\nline two');
    const missing = await failure(resolveSecret(`\${file:${path.join(dir, 'none')}}`));
    expect(missing?.message).toContain('Cannot read the secret file');
    expect(missing?.message).toContain('ENOENT');
    await rm(dir, { recursive: true });
  });
});
