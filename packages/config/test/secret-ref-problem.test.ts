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
});
