/**
 * What is wrong with a value that starts like a secret reference (`${…`) but does not match
 * `${env:NAME}` or `${file:PATH}`. "Got a literal value" sent engineers looking for a secret they
 * had not written; naming the slip (capitals, an unknown kind, a missing name) lets them fix it.
 * Only the reference's kind is ever shown, never what follows it: that may be a secret.
 */
const KINDS = ['env', 'file'] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHOWABLE_KIND = /^[A-Za-z][A-Za-z0-9_-]{0,19}$/;

export function secretRefProblem(text: string): string {
  const close = text.indexOf('}');
  if (close < 0) return 'a reference without its closing `}`';
  if (close !== text.length - 1) return 'text after the closing `}`: the reference must be the whole value';
  const inner = text.slice(2, -1);
  const colon = inner.indexOf(':');
  if (colon < 0) return 'a reference without a kind: write `${env:NAME}` or `${file:PATH}`';
  const kind = inner.slice(0, colon);
  const rest = inner.slice(colon + 1);
  const known = KINDS.find((k) => k === kind.toLowerCase());
  if (known === undefined)
    return SHOWABLE_KIND.test(kind)
      ? `a reference of the unknown kind \`${kind}:\` (Roster reads \`env:\` and \`file:\`)`
      : 'a reference of an unknown kind (Roster reads `env:` and `file:`)';
  if (kind !== known) return `\`${kind}:\` in capitals: write \`${known}:\` in lower case`;
  if (rest === '')
    return known === 'env'
      ? 'an `env:` reference without a variable name'
      : 'a `file:` reference without a path';
  // A relative path was read from wherever Roster ran (the repository under pnpm, the image's WORKDIR
  // in a container), not from the tenant folder nor where the command was typed (a new-user sweep).
  if (known === 'file' && !/^(\/|[A-Za-z]:[\\/])/.test(rest))
    return 'a `file:` path that is not absolute, which would be read from wherever Roster happens to run: write the full path, e.g. `${file:/run/secrets/acme_key}`';
  if (known === 'env' && !ENV_NAME.test(rest))
    return 'an `env:` variable name with characters other than letters, digits and `_` (or starting with a digit)';
  return 'a reference that is not of the form `${env:NAME}` or `${file:PATH}`';
}
