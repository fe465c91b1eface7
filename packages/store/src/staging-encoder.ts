/**
 * Staged rows in PostgreSQL's COPY text format (one line a row, tab-separated, `\N` for null, see
 * copy-text.ts), with each row's key and e-mail hashes, which it also logs to find the values that
 * may repeat (see repeated-hashes.ts), and on a first load each person's id (uuid-v7.ts). A person's
 * row is written value by value as UTF-8 straight into the slabs (utf8-slabs.ts, copy-text.ts), so a
 * million rows cost no string beyond their values; the rare rejected rows are written as text.
 */
import {
  type KeyField,
  type MappedUser,
  otherIdentifier,
  PROFILE_FIELDS,
  type Rejection,
  type StagedRow,
} from '@roster/engine';
import {
  copyValue,
  MAX_COPY_BYTES_PER_UNIT,
  MAX_INTEGER_BYTES,
  writeCopyValue,
  writeInteger,
} from './copy-text.ts';
import { HashLog } from './repeated-hashes.ts';
import { Utf8Slabs } from './utf8-slabs.ts';
import type { UuidV7Source } from './uuid-v7.ts';

/** What the encoded rows showed, for the checks after the COPY. */
export interface StagingTally {
  /** Staged people (not the rejected rows' keys). */
  readonly users: number;
  /**
   * Hashes of keys, and of other identifiers (the e-mail under an employee-id key, the employee id
   * under an e-mail key), that occur more than once.
   */
  readonly repeatedKeys: readonly number[] | 'all';
  readonly repeatedOthers: readonly number[] | 'all';
  /** Rows refused because the database cannot store a value (the first ones, up to the detail limit). */
  readonly rejections: readonly Rejection[];
  readonly rejectedCount: number;
  /** Rejected rows staged with their other identifier (alone, when their key is missing or invalid). */
  readonly namedByOther: number;
}

const TAB = 9;
const NEWLINE = 10;
const LETTER_F = 102;
/**
 * A person's row beyond its text values: the line, the hashes and the id (36 characters), each null
 * a `\\N`, 16 tabs and the newline.
 */
const FIXED_ROW_BYTES = 3 * MAX_INTEGER_BYTES + 36 + 2 * (PROFILE_FIELDS.length + 1) + 18;

export class StagingEncoder implements Disposable {
  readonly #key: KeyField;
  /** The other identifier, whose repeated values are checked too (otherIdentifier). */
  readonly #other: KeyField;
  #namedByOther = 0;
  readonly #detailLimit: number;
  #users = 0;
  #refused = 0;
  readonly #rejections: Rejection[] = [];
  readonly #keys = new HashLog();
  readonly #others = new HashLog();
  readonly #out = new Utf8Slabs();
  /** Ids for the staged people (a first load: all of them will be created), else none (`\N`). */
  readonly #ids: UuidV7Source | undefined;

  constructor(key: KeyField, rejectionDetailLimit: number, ids?: UuidV7Source) {
    this.#key = key;
    this.#other = otherIdentifier(key);
    this.#ids = ids;
    this.#detailLimit = rejectionDetailLimit;
  }

  /**
   * COPY text for one batch as UTF-8 (no views for an empty batch), each row written as soon as it
   * comes (see utf8-slabs.ts for why not a batch's text at once).
   */
  encode(rows: readonly StagedRow[]): Uint8Array[] {
    const out = this.#out;
    for (const row of rows) {
      if (row.kind === 'rejected') {
        out.write(this.#rejectedLine(row.line, row.key, true, row.other));
        continue;
      }
      if (row.kind === 'rejected-unkeyed') {
        out.write(this.#identifiersLine(row.line, null, row.other, '\\N'));
        continue;
      }
      if (row.kind === 'rejected-unaligned') {
        // Each value that may be the row's key, with no key hash: a candidate, which protects the
        // person it names but is not one of the file's keys (sync-statements.ts, CREATE_STAGING).
        for (const key of row.keys)
          if (!key.includes('\0')) out.write(this.#rejectedLine(row.line, key, false));
        for (const other of row.others) out.write(this.#identifiersLine(row.line, null, other, '\\N'));
        continue;
      }
      if (!this.#writeUser(row.user)) out.write(this.#refuse(row.user));
    }
    return out.take();
  }

  /**
   * Writes a person's row straight into the slabs as COPY text (copy-text.ts's writeCopyValue), or
   * writes nothing and returns false when a value holds a NUL, which the database cannot store.
   */
  #writeUser(user: MappedUser): boolean {
    const { fields, attributes, line } = user;
    const json = JSON.stringify(attributes);
    // JSON writes a NUL as the six characters \u0000: the attribute values say whether one is there.
    if (json.length > 2 && json.includes('\\u0000') && attributeWithNul(attributes) !== undefined)
      return false;
    const units =
      (fields.employee_id?.length ?? 0) +
      (fields.email?.length ?? 0) +
      (fields.first_name?.length ?? 0) +
      (fields.last_name?.length ?? 0) +
      (fields.job_title?.length ?? 0) +
      (fields.department?.length ?? 0) +
      (fields.manager_id?.length ?? 0) +
      (fields.location?.length ?? 0) +
      (fields.hire_date?.length ?? 0) +
      fields.status.length +
      json.length;
    const out = this.#out;
    const slab = out.reserve(MAX_COPY_BYTES_PER_UNIT * units + FIXED_ROW_BYTES);
    let at = writeInteger(slab, out.used, line);
    slab[at++] = TAB;
    slab[at++] = LETTER_F;
    for (const name of PROFILE_FIELDS) {
      slab[at++] = TAB;
      at = writeCopyValue(slab, at, fields[name]);
      if (at < 0) return false;
    }
    slab[at++] = TAB;
    at = writeCopyValue(slab, at, json);
    this.#users++;
    slab[at++] = TAB;
    const keyValue = fields[this.#key];
    at =
      keyValue === null ? writeCopyValue(slab, at, null) : writeInteger(slab, at, this.#keys.add(keyValue));
    slab[at++] = TAB;
    const otherValue = fields[this.#other];
    at =
      otherValue === null
        ? writeCopyValue(slab, at, null)
        : writeInteger(slab, at, this.#others.add(otherValue));
    slab[at++] = TAB;
    at = writeCopyValue(slab, at, this.#ids === undefined ? null : this.#ids.next());
    slab[at++] = NEWLINE;
    out.advance(at);
    return true;
  }

  /**
   * A row that stages only its key, and its other identifier when given, which keep their people from
   * being deactivated; `hashed` false for a shifted row's candidate, which is not one of the file's
   * keys (no key hash: no duplicate check).
   */
  #rejectedLine(line: number, key: string, hashed = true, other?: string): string {
    return this.#identifiersLine(line, key, other ?? null, hashed ? this.#keys.add(key) : '\\N');
  }

  /**
   * A rejected row as COPY text: its key and other identifier (either may be null), every other
   * column null; nothing for an identifier holding a NUL (nothing clean to protect anyone by). One
   * that names its person by the other identifier is counted: keepNamedByUnapplied then runs.
   */
  #identifiersLine(line: number, key: string | null, other: string | null, keyHash: number | string): string {
    const usableOther = other !== null && !other.includes('\0') ? other : null;
    if (key === null && usableOther === null) return '';
    if (usableOther !== null) this.#namedByOther++;
    const columns = PROFILE_FIELDS.map((field) =>
      field === this.#key && key !== null
        ? copyValue(key)
        : field === this.#other && usableOther !== null
          ? copyValue(usableOther)
          : '\\N',
    );
    return `${line}\tt\t${columns.join('\t')}\t\\N\t${keyHash}\t\\N\t\\N\n`;
  }

  /**
   * Rejects a row the database cannot store (PostgreSQL text and jsonb cannot hold a NUL): one
   * rejected row rather than a failed COPY for the whole file. Its key is staged when it is clean.
   */
  #refuse(user: MappedUser): string {
    const field = fieldWithNul(user) ?? 'a value';
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
      repeatedOthers: this.#others.repeated(),
      rejections: this.#rejections,
      rejectedCount: this.#refused,
      namedByOther: this.#namedByOther,
    };
  }

  /** Frees the hash logs' temporary files, whether or not the COPY finished. */
  [Symbol.dispose](): void {
    this.#keys[Symbol.dispose]();
    this.#others[Symbol.dispose]();
  }
}

/** The first profile field or attribute holding a NUL character, if any. */
function fieldWithNul({ fields, attributes }: MappedUser): string | undefined {
  for (const name of PROFILE_FIELDS) if (fields[name]?.includes('\0')) return name;
  return attributeWithNul(attributes);
}

function attributeWithNul(attributes: MappedUser['attributes']): string | undefined {
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'string' && value.includes('\0')) return `attributes.${name}`;
  }
  return undefined;
}
