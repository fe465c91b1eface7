/**
 * The rejections of rows that share what must be one person's: a key, or the other identifier. Made
 * here for both the store (a run) and check-file (`roster check`, no database), so that the two say
 * the same.
 */
import { type KeyField, otherIdentifier, type Rejection } from '../profile.ts';

/** A row whose key `occurrences` rows of the file have (every occurrence is rejected). */
export function duplicateKeyRejection(
  key: KeyField,
  row: { readonly line: number; readonly key: string; readonly occurrences: number },
): Rejection {
  return {
    line: row.line,
    key: row.key,
    field: key,
    code: 'DUPLICATE_KEY',
    message: `The ${key} "${row.key}" occurs ${row.occurrences} times in the file; every occurrence is rejected. Ask the customer which row is right`,
  };
}

/** A row whose other identifier (`other`) another row of the file has too. */
export function duplicateOtherRejection(
  key: KeyField,
  row: { readonly line: number; readonly key: string | null; readonly other: string },
): Rejection {
  const byEmployeeId = key === 'employee_id';
  return {
    line: row.line,
    key: row.key,
    field: otherIdentifier(key),
    code: byEmployeeId ? 'DUPLICATE_EMAIL' : 'DUPLICATE_EMPLOYEE_ID',
    message: byEmployeeId
      ? `The e-mail ${row.other} belongs to more than one employee id in the file; each such row is rejected`
      : `The employee id ${row.other} belongs to more than one e-mail address in the file; each such row is rejected. Ask the customer which address is right`,
  };
}
