/**
 * `check` must judge a file as a run does, store included: what the store refuses (a NUL character,
 * a key shared with a rejected row) is refused here too. The expected rejections are the ones
 * `roster plan` gives for the same file on PostgreSQL (the store's tests cover its side).
 */
import type { MappingsConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { type Cell, checkFile, type TableReader } from '../src/index.ts';

/** A file as a CSV reader gives it: a header on line 1, then one row a line. */
function tableReader(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): TableReader {
  return async () => ({
    header,
    headerLine: 1,
    batches: (async function* () {
      yield rows.map((cells, index) => ({ line: index + 2, cells }));
    })(),
    missingColumns: () => [],
  });
}

const MAPPINGS: MappingsConfig = {
  fields: { employee_id: 'id', email: 'email', first_name: 'first' },
  attributes: { cost_center: 'cc' },
};

const check = (rows: ReadonlyArray<readonly Cell[]>, key: 'employee_id' | 'email' = 'employee_id') =>
  checkFile({
    path: '/nowhere/people.csv',
    fileName: 'people.csv',
    reader: tableReader(['id', 'email', 'first', 'cc'], rows),
    mappings: MAPPINGS,
    key,
  });

describe('check', () => {
  it("warns of manager ids that are nobody's employee id in the file, as ids in another form are", async () => {
    const managed: MappingsConfig = { fields: { employee_id: 'id', email: 'email', manager_id: 'manager' } };
    const people = [
      ['000101', 'a@x.com', ''],
      ['000102', 'b@x.com', '000101'],
      ['000103', 'c@x.com', '101'],
      ['000104', 'd@x.com', '101'],
      ['000105', 'e@x.com', 'Ann Lee'],
      // A manager whose own row is rejected is in the file all the same.
      ['000106', 'not-an-email', ''],
      ['000107', 'g@x.com', '000106'],
    ];
    const warningsOf = async (rows: typeof people, key: 'employee_id' | 'email') =>
      (
        await checkFile({
          path: '/nowhere/people.csv',
          fileName: 'people.csv',
          reader: tableReader(['id', 'email', 'manager'], rows),
          mappings: managed,
          key,
        })
      ).warnings;
    expect(await warningsOf(people, 'employee_id')).toEqual([
      '3 rows name manager_ids that are no employee_id in the file ("101", "Ann Lee"): the platform cannot link those people to a manager. If the manager column holds the ids in another form (leading zeros, a prefix) or names, ask the customer for the manager\'s employee id; a manager outside the file is fine',
    ]);
    // Keyed by e-mail, the employee ids are the other identifier: the same answer.
    expect(await warningsOf(people.slice(0, 3), 'email')).toEqual([
      expect.stringMatching(
        /^1 row names a manager_id that is no employee_id in the file \("101"\): the platform cannot link that person/,
      ),
    ]);
    // Every manager in the file: no warning.
    expect(await warningsOf(people.slice(0, 2), 'employee_id')).toEqual([]);
  });

  it('rejects a NUL character as a run does (INVALID_CHARACTER, with line and field)', async () => {
    const report = await check([
      ['1', 'a@x.com', 'A\u0000nn', 'CC-1'],
      ['2', 'b@x.com', 'Bob', 'X\u0000'],
      ['3\u0000', 'c@x.com', 'Cy', ''],
      ['4', 'd@x.com', 'Tab\there', ''],
    ]);
    expect(report.rejections.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [2, '1', 'first_name', 'INVALID_CHARACTER'],
      [3, '2', 'attributes.cost_center', 'INVALID_CHARACTER'],
      [4, '3\u0000', 'employee_id', 'INVALID_CHARACTER'],
    ]);
    expect(report.rejections[0]?.message).toBe(
      'Invalid first_name: it contains a NUL character (byte 0), which is not text and cannot be stored; the export is damaged there. Ask the customer for a clean file',
    );
    expect(report).toMatchObject({ rows: 4, valid: 1, rejected: 3 });
    expect(report.preview.map((row) => row.line)).toEqual([5]);
  });

  it('rejects a valid row whose key a rejected row has too, as the run counts both', async () => {
    const report = await check([
      ['1', 'bad-email', 'A', ''],
      ['1', 'a@x.com', 'B', ''],
      ['2', 'b@x.com', 'C\u0000D', ''],
      ['2', 'b2@x.com', 'E', ''],
      ['3', 'c@x.com', 'F', ''],
    ]);
    expect(report.rejections.map((r) => [r.line, r.field, r.code])).toEqual([
      [2, 'email', 'INVALID_EMAIL'],
      [3, 'employee_id', 'DUPLICATE_KEY'],
      [4, 'first_name', 'INVALID_CHARACTER'],
      [5, 'employee_id', 'DUPLICATE_KEY'],
    ]);
    expect(report.rejections[1]?.message).toBe(
      'The employee_id "1" occurs 2 times in the file; every occurrence is rejected. Ask the customer which row is right',
    );
    expect(report).toMatchObject({ rows: 5, valid: 1, rejected: 4 });
  });

  it('rejects every row whose e-mail another employee id has, in any case, as the store does', async () => {
    const report = await check([
      ['1', 'Ann@X.com', 'A', ''],
      ['2', 'b@x.com', 'B', ''],
      ['3', 'ann@x.COM', 'C', ''],
      ['2', 'z@x.com', 'F', ''],
      ['4', 'd@x.com', 'D', ''],
    ]);
    expect(report.rejections.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [2, '1', 'email', 'DUPLICATE_EMAIL'],
      [3, '2', 'employee_id', 'DUPLICATE_KEY'],
      [4, '3', 'email', 'DUPLICATE_EMAIL'],
      [5, '2', 'employee_id', 'DUPLICATE_KEY'],
    ]);
    expect(report.rejections[0]?.message).toBe(
      'The e-mail ann@x.com belongs to more than one employee id in the file; each such row is rejected',
    );
    expect(report).toMatchObject({ rows: 5, valid: 1, rejected: 4 });
    expect(report.preview.map((row) => row.line)).toEqual([6]);
  });

  it('keyed by e-mail, rejects every row whose employee id another address has, as the store does', async () => {
    const report = await check(
      [
        ['9', 'n1@x.com', 'New', ''],
        ['9', 'n2@x.com', 'Two', ''],
        ['', 'n3@x.com', 'No id', ''],
        ['', 'n4@x.com', 'No id either', ''],
        ['5', 'e@x.com', 'E', ''],
      ],
      'email',
    );
    expect(report.rejections.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [2, 'n1@x.com', 'employee_id', 'DUPLICATE_EMPLOYEE_ID'],
      [3, 'n2@x.com', 'employee_id', 'DUPLICATE_EMPLOYEE_ID'],
    ]);
    expect(report.rejections[0]?.message).toBe(
      'The employee id 9 belongs to more than one e-mail address in the file; each such row is rejected. Ask the customer which address is right',
    );
    expect(report.preview.map((row) => row.line)).toEqual([4, 5, 6]);
  });
});
