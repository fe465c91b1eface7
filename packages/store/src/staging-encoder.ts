/**
 * Staged rows in PostgreSQL's COPY text format (one line a row, tab-separated, `\N` for null, see
 * copy-text.ts), with each row's key and e-mail hashes, which it also logs to find the values that
 * may repeat (see repeated-hashes.ts). Built per batch as one string, so a million rows cost a million
 * small string joins and nothing more.
 */
import { type KeyField, PROFILE_FIELDS, type StagedRow } from '@roster/engine';
import { copyValue, NEEDS_ESCAPE } from './copy-text.ts';
import { HashLog, hash31 } from './repeated-hashes.ts';

/** What the encoded rows showed, for the checks after the COPY. */
export interface StagingTally {
  /** Staged people (not the rejected rows' keys). */
  readonly users: number;
  /** Hashes of keys, and of e-mails (only under an employee-id key), that occur more than once. */
  readonly repeatedKeys: readonly number[] | 'all';
  readonly repeatedEmails: readonly number[] | 'all';
}

const nulls = (count: number) => Array.from({ length: count }, () => '\\N').join('\t');

export class StagingEncoder {
  readonly #key: KeyField;
  /** A rejected row stages only its key: the columns before and after it are null. */
  readonly #rejectedPrefix: string;
  readonly #rejectedSuffix: string;
  #users = 0;
  readonly #keys = new HashLog();
  readonly #emails = new HashLog();

  constructor(key: KeyField) {
    this.#key = key;
    const keyIndex = PROFILE_FIELDS.indexOf(key);
    const before = nulls(keyIndex);
    this.#rejectedPrefix = before ? `${before}\t` : '';
    this.#rejectedSuffix = nulls(PROFILE_FIELDS.length - keyIndex - 1);
  }

  /** COPY text for one batch (empty for an empty batch). */
  encode(rows: readonly StagedRow[]): string {
    const key = this.#key;
    // Shared e-mails are checked only under an employee-id key (by e-mail, they are the key).
    const byEmployeeId = key === 'employee_id';
    let text = '';
    for (const row of rows) {
      if (row.kind === 'rejected') {
        const keyHash = hash31(row.key);
        this.#keys.add(keyHash);
        text += `${row.line}\tt\t${this.#rejectedPrefix}${copyValue(row.key)}\t${this.#rejectedSuffix}\t\\N\t${keyHash}\t\\N\n`;
        continue;
      }
      this.#users++;
      const { fields, attributes, line } = row.user;
      const keyValue = fields[key];
      let keyHash: number | string = '\\N';
      if (keyValue !== null) {
        keyHash = hash31(keyValue);
        this.#keys.add(keyHash);
      }
      let emailHash: number | string = '\\N';
      if (byEmployeeId && fields.email !== null) {
        emailHash = hash31(fields.email);
        this.#emails.add(emailHash);
      }
      const json = JSON.stringify(attributes);
      // One test for the whole row: values needing an escape (a tab, a line break, a backslash) are rare.
      const probe = `${fields.employee_id}${fields.email}${fields.first_name}${fields.last_name}${fields.job_title}${fields.department}${fields.manager_id}${fields.location}${json}`;
      if (!NEEDS_ESCAPE.test(probe)) {
        text += `${line}\tf\t${fields.employee_id ?? '\\N'}\t${fields.email ?? '\\N'}\t${fields.first_name ?? '\\N'}\t${fields.last_name ?? '\\N'}\t${fields.job_title ?? '\\N'}\t${fields.department ?? '\\N'}\t${fields.manager_id ?? '\\N'}\t${fields.location ?? '\\N'}\t${fields.hire_date ?? '\\N'}\t${fields.status}\t${json}\t${keyHash}\t${emailHash}\n`;
        continue;
      }
      text += `${line}\tf\t${copyValue(fields.employee_id)}\t${copyValue(fields.email)}\t${copyValue(fields.first_name)}\t${copyValue(fields.last_name)}\t${copyValue(fields.job_title)}\t${copyValue(fields.department)}\t${copyValue(fields.manager_id)}\t${copyValue(fields.location)}\t${copyValue(fields.hire_date)}\t${fields.status}\t${copyValue(json)}\t${keyHash}\t${emailHash}\n`;
    }
    return text;
  }

  /** What every batch encoded showed; frees the hash logs. Call once, after the last batch. */
  finish(): StagingTally {
    return {
      users: this.#users,
      repeatedKeys: this.#keys.repeated(),
      repeatedEmails: this.#emails.repeated(),
    };
  }
}
