/**
 * Staged rows in PostgreSQL's COPY text format: one line a row, tab-separated, `\N` for null, with
 * backslash, tab, newline and carriage return escaped. Built per batch as one string, so a million
 * rows cost a million small string joins and nothing more.
 */
import { type KeyField, PROFILE_FIELDS, type StagedRow } from '@roster/engine';

export const STAGING_COLUMNS = ['line', 'rejected', ...PROFILE_FIELDS, 'attributes'] as const;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char) : value;
}

const NULLS_AFTER_KEY = (count: number) => Array.from({ length: count }, () => '\\N').join('\t');

/** Encodes one batch of staged rows; `key` says which column a rejected row's key goes in. */
export function encodeBatch(rows: readonly StagedRow[], key: KeyField): string {
  const keyIndex = PROFILE_FIELDS.indexOf(key);
  const before = NULLS_AFTER_KEY(keyIndex);
  const after = NULLS_AFTER_KEY(PROFILE_FIELDS.length - keyIndex - 1);
  let text = '';
  for (const row of rows) {
    if (row.kind === 'rejected') {
      text += `${row.line}\tt\t${before}${before ? '\t' : ''}${copyValue(row.key)}\t${after}\t\\N\n`;
      continue;
    }
    const { fields, attributes, line } = row.user;
    const json = JSON.stringify(attributes);
    // One test for the whole row: values needing an escape (a tab, a line break, a backslash) are rare.
    const probe = `${fields.employee_id}${fields.email}${fields.first_name}${fields.last_name}${fields.job_title}${fields.department}${fields.manager_id}${fields.location}${json}`;
    if (!NEEDS_ESCAPE.test(probe)) {
      text += `${line}\tf\t${fields.employee_id ?? '\\N'}\t${fields.email ?? '\\N'}\t${fields.first_name ?? '\\N'}\t${fields.last_name ?? '\\N'}\t${fields.job_title ?? '\\N'}\t${fields.department ?? '\\N'}\t${fields.manager_id ?? '\\N'}\t${fields.location ?? '\\N'}\t${fields.hire_date ?? '\\N'}\t${fields.status}\t${json}\n`;
      continue;
    }
    text += `${line}\tf\t${copyValue(fields.employee_id)}\t${copyValue(fields.email)}\t${copyValue(fields.first_name)}\t${copyValue(fields.last_name)}\t${copyValue(fields.job_title)}\t${copyValue(fields.department)}\t${copyValue(fields.manager_id)}\t${copyValue(fields.location)}\t${copyValue(fields.hire_date)}\t${fields.status}\t${copyValue(json)}\n`;
  }
  return text;
}
