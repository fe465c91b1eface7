/**
 * A file read and mapped as runs and `check` do (mapFile), over small in-memory readers: one shaped
 * like the JSON reader (its header is the columns asked for; it knows at the end which no record had).
 */
import type { MappingsConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import { type Cell, mapFile, RosterError, type TableReader } from '../src/index.ts';

/** Records as a JSON reader gives them: the header is the columns asked for, in that order. */
function recordsReader(records: ReadonlyArray<Record<string, Cell>>): TableReader & { asked: string[][] } {
  const asked: string[][] = [];
  const reader = async (_path: string, { columns }: { columns: readonly string[] }) => {
    asked.push([...columns]);
    const seen = new Set(records.flatMap((record) => Object.keys(record)));
    return {
      header: [...columns],
      headerLine: 0,
      batches: (async function* () {
        if (records.length > 0)
          yield records.map((record, index) => ({
            line: index + 1,
            cells: columns.map((column) => record[column] ?? null),
          }));
      })(),
      missingColumns: () => columns.filter((column) => !seen.has(column)),
    };
  };
  return Object.assign(reader, { asked });
}

async function mapAll(mappings: MappingsConfig, reader: TableReader) {
  const mapped = await mapFile({
    path: '/nowhere/people.json',
    fileName: 'people.json',
    reader,
    mappings,
    key: 'employee_id',
    columns: Object.values({ ...mappings.fields, ...mappings.attributes }).flatMap((mapping) =>
      typeof mapping === 'string' ? [mapping] : mapping.from === undefined ? [] : [mapping.from],
    ),
    rejectionDetailLimit: 100,
  });
  const rows = [];
  for await (const batch of mapped.batches) rows.push(...batch);
  return { rows, stats: mapped.stats };
}

describe('mapFile', () => {
  it('asks the reader for each column once, so two mappings of one JSON key are not ambiguous', async () => {
    const reader = recordsReader([{ id: '1', email: 'a@x.com' }]);
    const { rows } = await mapAll(
      { fields: { employee_id: 'id', email: 'email' }, attributes: { login: 'email' } },
      reader,
    );
    expect(reader.asked).toEqual([['id', 'email']]);
    expect(rows).toMatchObject([{ kind: 'user', user: { attributes: { login: 'a@x.com' } } }]);
  });

  it('stages a rejected row by its key and e-mail, or without a usable key by its e-mail as stored, or not at all', async () => {
    const { rows } = await mapAll(
      {
        fields: {
          employee_id: 'id',
          email: 'email',
          hire_date: { from: 'start', type: 'date', format: 'YYYY-MM-DD' },
        },
      },
      recordsReader([
        { id: '1', email: 'a@x.com', start: 'soon' }, // a bad date: staged by its key
        { id: '', email: ' Bo@X.com ', start: '2024-01-02' }, // no key: by the e-mail, as stored
        { id: '', email: 'not an address', start: '2024-01-02' }, // no key, no valid e-mail: nothing
      ]),
    );
    expect(rows).toEqual([
      { kind: 'rejected', line: 1, key: '1', other: 'a@x.com' },
      { kind: 'rejected-unkeyed', line: 2, other: 'bo@x.com' },
    ]);
  });

  it('stages a row whose cells are shifted (FIELD_COUNT) by every value that could be its key or e-mail', async () => {
    const reader: TableReader = async () => ({
      header: ['id', 'email', 'dept'],
      headerLine: 1,
      batches: (async function* () {
        yield [
          {
            line: 2,
            cells: ['7', 'a@x.com', 'Sales', ' EMEA'],
            problem: { code: 'FIELD_COUNT' as const, message: 'Row has 4 fields, the header has 3' },
          },
        ];
      })(),
      missingColumns: () => [],
    });
    const { rows, stats } = await mapAll(
      { fields: { employee_id: 'id', email: 'email', department: 'dept' } },
      reader,
    );
    expect(stats).toMatchObject({ rows: 1, rejected: 1 });
    expect(stats.rejections).toMatchObject([{ line: 2, key: null, code: 'FIELD_COUNT' }]);
    expect(rows).toEqual([
      {
        kind: 'rejected-unaligned',
        line: 2,
        keys: ['7', 'a@x.com', 'Sales', 'EMEA'],
        others: ['a@x.com'],
      },
    ]);
  });

  it('stages a FIELD_COUNT row by the values on every line of a cell with line breaks too', async () => {
    // A stray quote opened in row 2 ran on into row 3 and closed there: row 3's id is inside a cell.
    const reader: TableReader = async () => ({
      header: ['id', 'email', 'title', 'dept'],
      headerLine: 1,
      batches: (async function* () {
        yield [
          {
            line: 2,
            cells: ['7', 'a@x.com', "Analyst,Sales\n8,b@x.com,Rob 5'11", 'IT', 'Ops'],
            problem: { code: 'FIELD_COUNT' as const, message: 'Row has 5 fields, the header has 4' },
          },
        ];
      })(),
      missingColumns: () => [],
    });
    const { rows } = await mapAll(
      { fields: { employee_id: 'id', email: 'email', job_title: 'title' } },
      reader,
    );
    const [row] = rows;
    if (row?.kind !== 'rejected-unaligned')
      throw new Error(`expected a rejected-unaligned row, got ${row?.kind}`);
    expect(row.line).toBe(2);
    expect(row.keys).toEqual(expect.arrayContaining(['7', '8', 'Analyst', 'Sales']));
    expect(row.others).toEqual(['a@x.com', 'b@x.com']);
  });

  it('rejects a line break in a one-line field, and keeps the people named on its lines', async () => {
    const { rows, stats } = await mapAll(
      {
        fields: {
          employee_id: 'id',
          email: 'email',
          first_name: 'first',
          job_title: 'title',
          location: 'address',
        },
        attributes: { notes: 'notes' },
      },
      recordsReader([
        // The stray quote closed in the same column of the next row: the field count fits.
        { id: '3', email: 'c@x.com', first: 'Chen', title: "Analyst,Finance\n4,d@x.com,Dana,Rob 5'11" },
        { id: '5', email: 'e@x.com', first: 'Ann\r\nMarie' },
        // An address and a note of several lines are fine.
        { id: '6', email: 'f@x.com', first: 'Fay', address: '12 Main St,\nApt 4', notes: 'line 1\nline 2' },
      ]),
    );
    expect(stats).toMatchObject({ rows: 3, valid: 1, rejected: 2 });
    expect(stats.rejections.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [1, '3', 'job_title', 'INVALID_CHARACTER'],
      [2, '5', 'first_name', 'INVALID_CHARACTER'],
    ]);
    expect(stats.rejections[0]?.message).toBe(
      `Invalid job_title (column "title"): "Analyst,Finance\\n4,d@x.com,Dana,Rob 5'11" holds a line break, and the field is one line; the row is not applied and its person is kept. Ask the customer to take the line break (\\n) out of that value`,
    );
    expect(rows).toEqual([
      { kind: 'rejected', line: 1, key: '3', other: 'c@x.com' },
      {
        kind: 'rejected-unaligned',
        line: 1,
        keys: ['Analyst', 'Finance', '4', 'd@x.com', 'Dana', "Rob 5'11"],
        others: ['d@x.com'],
      },
      { kind: 'rejected', line: 2, key: '5', other: 'e@x.com' },
      { kind: 'rejected-unaligned', line: 2, keys: ['Ann', 'Marie'], others: [] },
      expect.objectContaining({ kind: 'user', user: expect.objectContaining({ line: 3 }) }),
    ]);
  });

  it('trusts a reader that knows a row is one line: its cells are not looked through again', async () => {
    const reader: TableReader = async () => ({
      header: ['id', 'email', 'first'],
      headerLine: 1,
      batches: (async function* () {
        // Never so from the CSV reader (it flags quoted line breaks); here only to show the look is skipped.
        yield [{ line: 2, cells: ['1', 'a@x.com', 'Ann\nMarie'], oneLine: true }];
      })(),
      missingColumns: () => [],
    });
    const { rows } = await mapAll(
      { fields: { employee_id: 'id', email: 'email', first_name: 'first' } },
      reader,
    );
    expect(rows).toMatchObject([{ kind: 'user', user: { fields: { first_name: 'Ann\nMarie' } } }]);
  });

  it('lets a mapping with a default read a JSON key that no record has', async () => {
    const { rows } = await mapAll(
      {
        fields: {
          employee_id: 'id',
          email: 'email',
          status: { from: 'status', map: { Left: 'inactive' }, default: 'active' },
        },
        attributes: {
          t_shirt: { from: 'custom.tshirt', default: 'unknown' },
          note: { from: 'note', default: '' },
        },
      },
      recordsReader([{ id: '1', email: 'a@x.com' }]),
    );
    expect(rows).toEqual([
      {
        kind: 'user',
        user: expect.objectContaining({
          fields: expect.objectContaining({ employee_id: '1', status: 'active' }),
          attributes: { t_shirt: 'unknown', note: null },
        }),
      },
    ]);
  });

  it('still refuses a JSON key without a default that no record has: most likely a typo', async () => {
    const mappings = {
      fields: { employee_id: 'id', email: 'email', department: 'dept' },
      attributes: { t_shirt: 'custom.tshirt', cost_center: { from: 'cc', default: 'none' } },
    };
    const failure = mapAll(mappings, recordsReader([{ id: '1', email: 'a@x.com' }]));
    await expect(failure).rejects.toThrow(RosterError);
    await expect(failure).rejects.toMatchObject({
      code: 'COLUMN_MISSING',
      message: expect.stringContaining('No record of people.json has "dept", "custom.tshirt"'),
    });
  });

  it('reads an empty array as a file without rows, for the guards to judge', async () => {
    const { rows, stats } = await mapAll(
      { fields: { employee_id: 'id', email: 'email' } },
      recordsReader([]),
    );
    expect(rows).toEqual([]);
    expect(stats).toMatchObject({ rows: 0, valid: 0, rejected: 0 });
  });
});
