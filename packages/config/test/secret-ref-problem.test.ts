import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenant } from '../src/index.ts';
import { secretRefProblem } from '../src/secret-ref-problem.ts';

describe('secretRefProblem', () => {
  it.each([
    ['${ENV:ACME_PASSWORD}', '`ENV:` in capitals: write `env:` in lower case'],
    ['${File:/run/secrets/key}', '`File:` in capitals: write `file:` in lower case'],
    ['${vault:secret/acme}', 'the unknown kind `vault:`'],
    ['${env:}', 'an `env:` reference without a variable name'],
    ['${file:}', 'a `file:` reference without a path'],
    ['${env:ACME-PASSWORD}', 'characters other than letters, digits and `_`'],
    ['${env:1PASSWORD}', 'starting with a digit'],
    ['${ACME_PASSWORD}', 'a reference without a kind'],
    ['${env:ACME_PASSWORD', 'without its closing `}`'],
    ['${env:ACME_PASSWORD}x', 'text after the closing `}`'],
    ['${file:secrets/acme_key}', 'a `file:` path that is not absolute'],
    ['${file:./acme_key}', 'read from wherever Roster happens to run'],
  ])('%s is explained as %s', (text, problem) => {
    expect(secretRefProblem(text)).toContain(problem);
  });

  it('never shows what follows the kind, which may be the secret itself', () => {
    const secret = 'Winter2024!';
    for (const text of [`\${${secret}}`, `\${vault:${secret}}`, `\${env:${secret}}`, `\${${secret}`])
      expect(secretRefProblem(text)).not.toContain(secret);
    expect(secretRefProblem('${a very long kind that could be a passphrase:x}')).not.toContain('passphrase');
  });

  it('is what validation says about a malformed reference', async () => {
    const root = path.join(import.meta.dirname, 'fixtures/broken');
    const result = await loadTenant(path.join(root, 'malformed-secret-ref'), { cwd: root });
    const message = result.diagnostics.find((d) => d.code === 'INVALID_SECRET_REF')?.message ?? '';
    expect(message).toContain('got an `env:` reference without a variable name');
    expect(message).not.toContain('literal');
  });

  it('refuses a relative file: path at its line, and takes an absolute one', async () => {
    const root = path.join(import.meta.dirname, 'fixtures/broken');
    const source = await readFile(path.join(root, 'malformed-secret-ref', 'tenant.yaml'), 'utf8');
    const tenants = await mkdtemp(path.join(tmpdir(), 'roster-secret-'));
    const codesWith = async (reference: string) => {
      const dir = path.join(tenants, `t${reference.length}`);
      await cp(path.join(root, 'malformed-secret-ref'), dir, { recursive: true });
      await writeFile(
        path.join(dir, 'tenant.yaml'),
        source.replace('password: ${env:}', `privateKey: ${reference}`),
      );
      const result = await loadTenant(dir, { cwd: tenants });
      return result.diagnostics.filter((d) => d.code === 'INVALID_SECRET_REF');
    };
    const [relative] = await codesWith('${file:secrets/acme_key}');
    expect(relative).toMatchObject({ line: 7 });
    expect(relative?.message).toContain('a `file:` path that is not absolute');
    expect(await codesWith('${file:/run/secrets/acme_key}')).toEqual([]);
    expect(await codesWith('${file:C:/secrets/acme_key}')).toEqual([]);
    await rm(tenants, { recursive: true, force: true });
  });
});
