/**
 * Staged rows in PostgreSQL's COPY text format (one line a row, tab-separated, `\N` for null, see
 * copy-text.ts), with each row's key and e-mail hashes, which it also logs to find the values that
 * may repeat (see repeated-hashes.ts), and on a first load each person's id (uuid-v7.ts). Each row's
 * text is written as UTF-8 as soon as it is made (utf8-slabs.ts), so a million rows cost a million
 * short strings and nothing more.
 */
import {
  type KeyField,
  type MappedUser,
  PROFILE_FIELDS,
  type Rejection,
  type StagedRow,
} from '@roster/engine';
import { copyValue, needsEscape } from './copy-text.ts';
import { HashLog } from './repeated-hashes.ts';
import { Utf8Slabs } from './utf8-slabs.ts';
import type { UuidV7Source } from './uuid-v7.ts';

/** What the encoded rows showed, for the checks after the COPY. */
export interface StagingTally {
  /** Staged people (not the rejected rows' keys). */
  readonly users: number;
  /** Hashes of keys, and of e-mails (only under an employee-id key), that occur more than once. */
  readonly repeatedKeys: readonly number[] | 'all';
  readonly repeatedEmails: readonly number[] | 'all';
  /** Rows refused because the database cannot store a value (the first ones, up to the detail limit). */
  readonly rejections: readonly Rejection[];
  readonly rejectedCount: number;
  /** Rejected rows staged by their other identifier (their key missing or invalid). */
  readonly unkeyed: number;
}

const nulls = (count: number) => Array.from({ length: count }, () => '\\N').join('\t');

/** The null profile columns before and after one column, as COPY text (`before` ends in a tab). */
interface ColumnAlone {
  readonly before: string;
  readonly after: string;
}

function columnAlone(field: (typeof PROFILE_FIELDS)[number]): ColumnAlone {
  const index = PROFILE_FIELDS.indexOf(field);
  const before = nulls(index);
  return { before: before ? `${before}\t` : '', after: nulls(PROFILE_FIELDS.length - index - 1) };
}

export class StagingEncoder implements Disposable {
  readonly #key: KeyField;
  /** A rejected row stages only its key (or other identifier): the columns around it are null. */
  readonly #keyOnly: ColumnAlone;
  readonly #otherOnly: ColumnAlone;
  #unkeyed = 0;
  readonly #detailLimit: number;
  #users = 0;
  #refused = 0;
  readonly #rejections: Rejection[] = [];
  readonly #keys = new HashLog();
  readonly #emails = new HashLog();
  readonly #out = new Utf8Slabs();
  /** Ids for the staged people (a first load: all of them will be created), else none (`\N`). */
  readonly #ids: UuidV7Source | undefined;

  constructor(key: KeyField, rejectionDetailLimit: number, ids?: UuidV7Source) {
    this.#key = key;
    this.#ids = ids;
    this.#detailLimit = rejectionDetailLimit;
    this.#keyOnly = columnAlone(key);
    this.#otherOnly = columnAlone(key === 'employee_id' ? 'email' : 'employee_id');
  }

  /**
   * COPY text for one batch as UTF-8 (no views for an empty batch): each row is encoded as soon as
   * its text is made (see utf8-slabs.ts for why not a batch's text at once).
   */
  encode(rows: readonly StagedRow[]): Uint8Array[] {
    const key = this.#key;
    const out = this.#out;
    // Shared e-mails are checked only under an employee-id key (by e-mail, they are the key).
    const byEmployeeId = key === 'employee_id';
    for (const row of rows) {
      if (row.kind === 'rejected') {
        out.write(this.#rejectedLine(row.line, row.key));
        continue;
      }
      if (row.kind === 'rejected-unkeyed') {
        if (row.other.includes('\0')) continue; // nothing clean to protect anyone by
        this.#unkeyed++;
        const { before, after } = this.#otherOnly;
        out.write(`${row.line}\tt\t${before}${copyValue(row.other)}\t${after}\t\\N\t\\N\t\\N\t\\N\n`);
        continue;
      }
      const { fields, attributes, line } = row.user;
      const json = JSON.stringify(attributes);
      // Values needing an escape (a tab, a line break, a backslash) are rare, and a NUL (JSON writes it
      // as \u0000, with a backslash) rarer still: the plain row below is the usual one.
      const unusual =
        needsEscape(fields.employee_id) ||
        needsEscape(fields.email) ||
        needsEscape(fields.first_name) ||
        needsEscape(fields.last_name) ||
        needsEscape(fields.job_title) ||
        needsEscape(fields.department) ||
        needsEscape(fields.manager_id) ||
        needsEscape(fields.location) ||
        needsEscape(json);
      if (unusual) {
        const field = fieldWithNul(row.user);
        if (field !== undefined) {
          out.write(this.#refuse(row.user, field));
          continue;
        }
      }
      this.#users++;
      const keyValue = fields[key];
      let keyHash: number | string = '\\N';
      if (keyValue !== null) {
        keyHash = this.#keys.add(keyValue);
      }
      let emailHash: number | string = '\\N';
      if (byEmployeeId && fields.email !== null) {
        emailHash = this.#emails.add(fields.email);
      }
      const id = this.#ids === undefined ? '\\N' : this.#ids.next();
      if (!unusual) {
        out.write(
          `${line}\tf\t${fields.employee_id ?? '\\N'}\t${fields.email ?? '\\N'}\t${fields.first_name ?? '\\N'}\t${fields.last_name ?? '\\N'}\t${fields.job_title ?? '\\N'}\t${fields.department ?? '\\N'}\t${fields.manager_id ?? '\\N'}\t${fields.location ?? '\\N'}\t${fields.hire_date ?? '\\N'}\t${fields.status}\t${json}\t${keyHash}\t${emailHash}\t${id}\n`,
        );
        continue;
      }
      out.write(
        `${line}\tf\t${copyValue(fields.employee_id)}\t${copyValue(fields.email)}\t${copyValue(fields.first_name)}\t${copyValue(fields.last_name)}\t${copyValue(fields.job_title)}\t${copyValue(fields.department)}\t${copyValue(fields.manager_id)}\t${copyValue(fields.location)}\t${copyValue(fields.hire_date)}\t${fields.status}\t${copyValue(json)}\t${keyHash}\t${emailHash}\t${id}\n`,
      );
    }
    return out.take();
  }

  /** A row that stages only its key, which keeps its person from being deactivated. */
  #rejectedLine(line: number, key: string): string {
    const keyHash = this.#keys.add(key);
    const { before, after } = this.#keyOnly;
    return `${line}\tt\t${before}${copyValue(key)}\t${after}\t\\N\t${keyHash}\t\\N\t\\N\n`;
  }

  /**
   * Rejects a row the database cannot store (PostgreSQL text and jsonb cannot hold a NUL): one
   * rejected row rather than a failed COPY for the whole file. Its key is staged when it is clean.
   */
  #refuse(user: MappedUser, field: string): string {
    const key = user.fields[this.#key];
    this.#refused++;
    if (this.#rejections.length < this.#detailLimit) {
      this.#rejections.push({
        line: user.line,
        key,
        field,
        code: 'INVALID_CHARACTER',
        message: `Invalid ${field}: it contains a NUL character (byte 0), which is not text and cannot be stored; the export is damaged there. Ask the customer for a clean file`,
      });
    }
    return key === null || key.includes('\0') ? '' : this.#rejectedLine(user.line, key);
  }

  /** What every batch encoded showed; empties the hash logs. Call once, after the last batch. */
  finish(): StagingTally {
    return {
      users: this.#users,
      repeatedKeys: this.#keys.repeated(),
      repeatedEmails: this.#emails.repeated(),
      rejections: this.#rejections,
      rejectedCount: this.#refused,
      unkeyed: this.#unkeyed,
    };
  }

  /** Frees the hash logs' temporary files, whether or not the COPY finished. */
  [Symbol.dispose](): void {
    this.#keys[Symbol.dispose]();
    this.#emails[Symbol.dispose]();
  }
}

/** The first profile field or attribute holding a NUL character, if any. */
function fieldWithNul({ fields, attributes }: MappedUser): string | undefined {
  for (const name of PROFILE_FIELDS) if (fields[name]?.includes('\0')) return name;
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string' && value.includes('\0')) return `attributes.${name}`;
  }
  return undefined;
}
