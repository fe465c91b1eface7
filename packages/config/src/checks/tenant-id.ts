import type { Diagnostic } from '../diagnostic.ts';

/** A tenant id is the folder name: it appears in URLs, logs, metrics labels and every database row. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export function checkTenantId(id: string, file: string): Diagnostic[] {
  if (TENANT_ID_PATTERN.test(id)) return [];
  const suggestion = id
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return [
    {
      file,
      line: 0,
      col: 0,
      level: 'error',
      code: 'INVALID_TENANT_ID',
      message: `Invalid tenant id "${id}": the folder name must be 2-63 lower-case letters, digits and hyphens, starting with a letter or digit${suggestion && TENANT_ID_PATTERN.test(suggestion) ? `. Rename the folder, e.g. to "${suggestion}"` : ''}.`,
    },
  ];
}
