import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CHUNK_BYTES } from '../src/file-chunks.ts';
import { jsonReader } from '../src/index.ts';
import { fixture, isOpen, linesAndCells, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-json-');

/** Bytes `stringEnd` looked at: how a record larger than a chunk is shown to be scanned once, not in ms. */
const scanned = vi.hoisted(() => ({ bytes: 0 }));
vi.mock('../src/json-tokens.ts', async (importOriginal) => {
  const tokens = await importOriginal<typeof import('../src/json-tokens.ts')>();
  return {
    ...tokens,
    stringEnd(bytes: Buffer, from: number, searchFrom = from): number {
      const close = tokens.stringEnd(bytes, from, searchFrom);
      scanned.bytes += (close === -1 ? bytes.length : close + 1) - searchFrom;
      return close;
    },
  };
});

const NESTED_COLUMNS = [
  'Employee ID',
  'Work Email',
  'Name.First',
  'name.last',
  'Manager.Id',
  'Active',
  'FTE',
  'Skills',
  'Notes',
  'Cost Center',
];

describe('json reader', () => {
  it('refuses a document whose records path is written twice, rather than read one of the arrays', async () => {
    const file = join(folder.path, 'twice.json');
    await writeFile(file, '{"data": {"employees": [{"id": "1"}]},\n "data": {"employees": [{"id": "2"}]}}\n');
    const error = await rejectionOf(readTable(jsonReader({ records: 'data.employees' }), file, ['id']));
    expect(error.code).toBe('JSON_MALFORMED');
    expect(error.line).toBe(2);
    expect(error.message).toContain('`data.employees` appears a second time here');
  });

  it('takes the key spelled as the column when two match it loosely, and calls two loose ones ambiguous', async () => {
    const file = join(folder.path, 'two-keys.json');
    await writeFile(
      file,
      JSON.stringify([
        { id: '1', Email: 'old@x.com', email: 'new@x.com' },
        { id: '2', email: 'new2@x.com', Email: 'old2@x.com' },
        { id: '3', work_email: null, workEmail: 'c@x.com' },
      ]),
    );
    const exact = await readTable(jsonReader(), file, ['id', 'email']);
    expect(exact.rows.slice(0, 2).map((row) => row.cells)).toEqual([
      ['1', 'new@x.com'],
      ['2', 'new2@x.com'],
    ]);
    expect(exact.rows.map((row) => row.problem)).toEqual([undefined, undefined, undefined]);
    const loose = await readTable(jsonReader(), file, ['id', 'Work Email']);
    expect(loose.rows[2]?.problem).toEqual({
      code: 'KEY_AMBIGUOUS',
      column: 1,
      message:
        'Record 3 (line 1) has both "work_email" and "workEmail", which both match the column "Work Email" (case, spaces, hyphens and underscores aside): which one is meant cannot be told. Write the column as the exact key in mappings.yaml',
    });
  });

  it('reads the array at a dotted records path, flattening nested objects and matching keys loosely', async () => {
    const table = await readTable(
      jsonReader({ records: 'data.employees' }),
      fixture('nested-records.json'),
      NESTED_COLUMNS,
    );
    expect(table.header).toEqual(NESTED_COLUMNS);
    expect(table.headerLine).toBe(0);
    // Each row carries the line its record starts on in the file (as CSV rows do), not its index.
    expect(linesAndCells(table.rows)).toEqual([
      [5, ['123', 'ann@example.com', 'Ann', 'Lee', '00042', true, 0.5, '["sql","go"]', null, null]],
      [15, ['00124', 'bob@example.com', 'Bob', null, null, false, '1', null, null, null]],
      [16, [null, null, null, null, null, null, null, null, null, null]],
      [17, ['150000', 'cid@example.com', null, null, '7', null, null, null, null, null]],
    ]);
    expect(table.rows[2]?.problem).toEqual({
      code: 'NOT_AN_OBJECT',
      message: "Invalid record 3 (line 16): expected an object with the person's fields, got a number",
    });
    expect(table.missing).toEqual(['Cost Center']);
  });

  it('reads a lone surrogate escape as U+FFFD, the character PostgreSQL stores for it', async () => {
    const file = join(folder.path, 'surrogates.json');
    await writeFile(file, '[{"id": "k\\ud800"}, {"id": "k\\udbff"}, {"id": "\\ud83d\\ude00"}]');
    const table = await readTable(jsonReader(), file, ['id']);
    expect(table.rows.map((row) => row.cells[0])).toEqual(['k\ufffd', 'k\ufffd', '😀']);
  });

  it('gives a nested object as JSON text when a column names the object itself', async () => {
    const table = await readTable(jsonReader({ records: 'data.employees' }), fixture('nested-records.json'), [
      'manager',
    ]);
    expect(table.rows.map((row) => row.cells[0])).toEqual([
      '{"id":"00042"}',
      null,
      null,
      '{"id":7,"name":{"first":"Dee"}}',
    ]);
  });

  it('keeps the exact digits of integers beyond 2^53 (JSON.parse rounds 12345678901234567890 to …7168)', async () => {
    const records = [
      '{"id": 12345678901234567890, "manager": {"id": -98765432109876543210}, "n": 9007199254740993}',
      '{"id": 42, "manager": {"id": 12345678901234567890.0}, "n": 1e21}',
      '{"id": 9007199254740991, "manager": {"id": 0.5}, "n": 18446744073709551615}',
    ];
    const columns = ['id', 'Manager.Id', 'n'];
    const expected = [
      ['12345678901234567890', '-98765432109876543210', '9007199254740993'],
      ['42', '12345678901234567890', '1000000000000000000000'], // 1e21: no digits to keep, the value's
      ['9007199254740991', 0.5, '18446744073709551615'],
    ];
    const array = join(folder.path, 'big-integers.json');
    await writeFile(array, `{"data": {"employees": [\n${records.join(',\n')}\n]}}`);
    const fromArray = await readTable(jsonReader({ records: 'data.employees' }), array, columns);
    expect(fromArray.rows.map((row) => row.cells)).toEqual(expected);
    const lines = join(folder.path, 'big-integers.jsonl');
    await writeFile(lines, `${records.join('\n')}\n`);
    const fromLines = await readTable(jsonReader(), lines, columns);
    expect(fromLines.rows.map((row) => row.cells)).toEqual(expected);
    expect(fromLines.rows.map((row) => row.line)).toEqual([1, 2, 3]);
  });

  it('keeps big integers exact inside arrays and objects given as JSON text, not inside strings', async () => {
    const file = join(folder.path, 'big-integers-nested.json');
    await writeFile(
      file,
      '[{"reports": [12345678901234567890, 7], "boss": {"id": 12345678901234567890}, "note": "ref 12345678901234567890 \\"x\\" 12345678901234567890", "big": 1.2345678901234567890e25}]',
    );
    const table = await readTable(jsonReader(), file, ['reports', 'boss', 'note', 'big']);
    // Read as the text of its digits wherever it is, so quoted in JSON text.
    expect(table.rows[0]?.cells).toEqual([
      '["12345678901234567890",7]',
      '{"id":"12345678901234567890"}',
      'ref 12345678901234567890 "x" 12345678901234567890',
      '12345678901234568244756480', // an exponent form was a double where it was written: its digits, as before
    ]);
  });

  it('keeps big integers exact past the chunk that had the first one, and still refuses invalid JSON', async () => {
    // ~1 MB: the first record's id turns on exact parsing for the chunks after it.
    const records = Array.from(
      { length: 5000 },
      (_, index) => `{"id": ${12345678901234567000n + BigInt(index)}, "pad": "${'x'.repeat(150)}"}`,
    );
    const expected = records.map((_, index) => String(12345678901234567000n + BigInt(index)));
    const array = join(folder.path, 'big-integers-many.json');
    await writeFile(array, `[${records.join(',\n')}]`);
    const fromArray = await readTable(jsonReader(), array, ['id']);
    expect(fromArray.rows.map((row) => row.cells[0])).toEqual(expected);
    const lines = join(folder.path, 'big-integers-many.jsonl');
    await writeFile(lines, records.join('\n'));
    const fromLines = await readTable(jsonReader(), lines, ['id']);
    expect(fromLines.rows.map((row) => row.cells[0])).toEqual(expected);

    for (const bad of [
      '{"id": 012345678901234567890}',
      '{12345678901234567890: 1}',
      '{"id": 12345678901234567890.}',
    ]) {
      const broken = join(folder.path, 'big-integers-broken.jsonl');
      await writeFile(broken, `${records.slice(0, 1000).join('\n')}\n${bad}\n`);
      const error = await rejectionOf(readTable(jsonReader(), broken, ['id']));
      expect(error.code, bad).toBe('JSON_MALFORMED');
      expect(error.line, bad).toBe(1001);
    }
  });

  it('reads JSON Lines, numbering rows by line and skipping blank lines', async () => {
    const columns = ['ID', 'Email', 'manager_id', 'Active', 'Tags'];
    const table = await readTable(jsonReader(), fixture('employees.jsonl'), columns);
    expect(linesAndCells(table.rows)).toEqual([
      [1, ['00123', 'ann@example.com', null, null, null]],
      [2, ['00124', 'bob@example.com', null, true, null]],
      [4, [null, null, null, null, null]],
      [5, ['125', 'cid@example.com', null, null, '["a","b"]']],
    ]);
    expect(table.rows[2]?.problem?.message).toBe(
      "Invalid line 4: expected an object with the person's fields, got an array",
    );
    expect(table.missing).toEqual(['manager_id']);
  });

  it('reads JSON Lines whose first record is longer than the first chunk read (a base64 photo)', async () => {
    const path = join(folder.path, 'photo.jsonl');
    const photo = 'A'.repeat(70_000);
    await writeFile(
      path,
      `{"id":"1","email":"a@x.com","photo":"${photo}"}\n{"id":"2","email":"b@x.com"}\n{"id":"3","email":"c@x.com"}\n`,
    );
    const table = await readTable(jsonReader(), path, ['id', 'email']);
    expect(linesAndCells(table.rows)).toEqual([
      [1, ['1', 'a@x.com']],
      [2, ['2', 'b@x.com']],
      [3, ['3', 'c@x.com']],
    ]);
  });

  it('reads a document that is itself the array', async () => {
    const table = await readTable(jsonReader(), fixture('top-level-array.json'), [
      'id',
      'email',
      'extra.deep.er',
    ]);
    expect(linesAndCells(table.rows)).toEqual([
      [2, ['00123', 'ann@example.com', null]],
      [3, ['00124', 'bob@example.com', '1']],
    ]);
    expect(table.missing).toEqual([]);
  });

  it('numbers the records of a line by record, so that every row of a file has its own line', async () => {
    const path = join(folder.path, 'shared-lines.json');
    // A minified array, then records laid out one per line after it, then two sharing a line again.
    await writeFile(
      path,
      '[{"id":"1"},{"id":"2"},{"id":"3"},\n{"id":"4"},\n{"id":"5"},{"id":"6"},\n\n\n{"id":"7"}]\n',
    );
    const table = await readTable(jsonReader(), path, ['id']);
    // A record takes the line it starts on when that is past the row before it, else the next number:
    // here every line is taken by the records of line 1 before its own comes.
    expect(linesAndCells(table.rows)).toEqual([
      [1, ['1']],
      [2, ['2']],
      [3, ['3']],
      [4, ['4']],
      [5, ['5']],
      [6, ['6']],
      [7, ['7']],
    ]);
    // Lines 3 and 7 are their records' own; record 2 shares line 3 and takes 4.
    const spaced = join(folder.path, 'spaced.json');
    await writeFile(spaced, '[\n\n{"id":"1"},{"id":"2"},\n\n\n\n{"id":"3"}\n]\n');
    expect(linesAndCells((await readTable(jsonReader(), spaced, ['id'])).rows)).toEqual([
      [3, ['1']],
      [4, ['2']],
      [7, ['3']],
    ]);
  });

  it('keeps integers as digits without exponent, and other numbers as numbers', async () => {
    const path = join(folder.path, 'numbers.json');
    await writeFile(
      path,
      '[{"a": 1e21, "b": -0, "c": 12.50, "d": 00.5e1, "e": "1e3"}]'.replace('00.5e1', '0.5e1'),
    );
    const table = await readTable(jsonReader(), path, ['a', 'b', 'c', 'd', 'e']);
    expect(table.rows[0]?.cells).toEqual(['1000000000000000000000', '0', 12.5, '5', '1e3']);
  });

  it('handles records split across many chunks, strings with escaped quotes and brackets, and a BOM', async () => {
    const records = Array.from({ length: 3000 }, (_, index) => ({
      id: String(index).padStart(5, '0'),
      note: `say "hi" [${index}] {\\} \u00e9`,
      nested: { list: [1, [2, { x: '}' }]] },
    }));
    const path = join(folder.path, 'many.json');
    await writeFile(
      path,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ data: { people: records } }, null, 1)),
      ]),
    );
    const table = await readTable(jsonReader({ records: 'data.people' }), path, [
      'id',
      'note',
      'nested.list',
    ]);
    expect(table.rows).toHaveLength(3000);
    expect(table.batches).toBeGreaterThan(3);
    // Pretty-printed with one space: 3 lines before the first record, 15 lines per record.
    expect(table.rows[2999]).toEqual({
      line: 4 + 15 * 2999,
      cells: ['02999', 'say "hi" [2999] {\\} é', '[1,[2,{"x":"}"}]]'],
    });
  });

  it('reads a record with a string of megabytes (quotes and backslashes across chunk ends) in one pass', async () => {
    const photo = 'x"\\{]'.repeat(400_000);
    const path = join(folder.path, 'photo.json');
    const document = JSON.stringify([
      { id: 1, photo },
      { id: 2, photo: 'none' },
    ]);
    await writeFile(path, document);
    expect(document.length).toBeGreaterThan(40 * CHUNK_BYTES);
    scanned.bytes = 0;
    const table = await readTable(jsonReader(), path, ['id', 'photo']);
    expect(table.rows.map((row) => row.cells[0])).toEqual(['1', '2']);
    expect(table.rows[0]?.cells[1]).toBe(photo);
    // Rescanning the string from its start on each of the ~43 chunks would look at ~20x the file.
    expect(scanned.bytes).toBeGreaterThan(document.length * 0.9);
    expect(scanned.bytes).toBeLessThan(document.length * 1.1);
  });

  it('holds the file open only while the batches are iterated', async () => {
    const path = fixture('nested-records.json');
    const table = await jsonReader({ records: 'data.employees' })(path, {
      fileName: 'nested-records.json',
      columns: ['id'],
    });
    expect(await isOpen(path)).toBe(false);
    for await (const _ of table.batches) break;
    expect(await isOpen(path)).toBe(false);
  });
});
