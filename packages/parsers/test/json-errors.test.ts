import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonReader } from '../src/index.ts';
import { fixture, readTable, rejectionOf, testFolder } from './read-table.ts';

const folder = testFolder('roster-json-errors-');

async function errorFor(text: string, records?: string) {
  const path = join(folder.path, 'input.json');
  await writeFile(path, text);
  return rejectionOf(readTable(jsonReader(records === undefined ? {} : { records }), path, ['id']));
}

describe('json errors', () => {
  it('reports JSON_MALFORMED with the line of a broken record', async () => {
    const error = await rejectionOf(readTable(jsonReader(), fixture('malformed.json'), ['id']));
    expect(error.code).toBe('JSON_MALFORMED');
    expect(error.line).toBe(3);
    expect(error.message).toContain('record 2 is not valid JSON');
  });

  it('places a syntax error at its column on the line, also in a minified file', async () => {
    const records = [1, 2, 3, 4, 5].map((i) => `{"id": "${i}", "email": "p${i}@x.com"${i === 4 ? ',' : ''}}`);
    const text = JSON.stringify({ data: { people: [] } }).replace('[]', `[${records.join(', ')}]`);
    const minified = await errorFor(text, 'data.people');
    expect(minified.line).toBe(1);
    // The "}" after the trailing comma: a column on the file's line, as jq and editors count.
    expect(minified.message).toContain(`(column ${text.indexOf('"p4@x.com",') + '"p4@x.com",'.length + 1})`);
    expect(minified.message).toContain('record 4 is not valid JSON');
  });

  it('says a position is within the record when the line began in a chunk already read', async () => {
    const records = Array.from({ length: 40_000 }, (_, i) => `{"id":"${i}","email":"p${i}@x.com"}`);
    records.push('{"id":"x","email":"x@x.com",}');
    const error = await errorFor(`[${records.join(',')}]`);
    expect(error.line).toBe(1);
    expect(error.message).toContain('record 40001 is not valid JSON');
    expect(error.message).toContain('(character 29 of the record)');
  });

  it('places text after a JSON Lines record at its column, not at a position in V8 terms', async () => {
    const error = await errorFor('{"id":"1","email":"a@x.com"}\r\n\r\n{"id":"2","email":"b@x.com"},\r\n');
    expect(error.line).toBe(3);
    expect(error.message).toContain('Unexpected non-whitespace character after the JSON value (column 29)');
    expect(error.message).not.toContain('position');
  });

  it('reports JSON_RECORDS_NOT_FOUND for a path that does not exist, listing the arrays found', async () => {
    const error = await rejectionOf(
      readTable(jsonReader({ records: 'data.staff' }), fixture('nested-records.json'), ['id']),
    );
    expect(error.code).toBe('JSON_RECORDS_NOT_FOUND');
    expect(error.message).toContain('no `data.staff`');
    expect(error.message).toContain('Arrays found: meta.tags, data.employees');
  });

  it('reports JSON_RECORDS_NOT_FOUND when the path is not an array, or is missing for an object document', async () => {
    expect((await errorFor('{"data": {"employees": {"id": 1}}}', 'data.employees')).message).toContain(
      '`data.employees` is an object, not an array',
    );
    const missing = await errorFor('{\n "data": {"employees": [{"id": 1}]}\n}\n');
    expect(missing.code).toBe('JSON_RECORDS_NOT_FOUND');
    expect(missing.message).toContain('Arrays found: data.employees');
    // The same document on one line is not JSON Lines either.
    expect((await errorFor('{"data": {"employees": [{"id": 1}]}}')).code).toBe('JSON_RECORDS_NOT_FOUND');
    expect((await errorFor('[{"id": 1}]', 'data.employees')).code).toBe('JSON_RECORDS_NOT_FOUND');
  });

  it('reports JSON_MALFORMED for syntax errors around the records, with the line', async () => {
    const cases: [string, number][] = [
      ['{"meta": {"a": 1,}, "data": []}', 1],
      ['{\n"data": [{"id": 1}],\n"x": tru\n}', 3],
      ['{"data": [{"id": 1}, ]}', 1],
      ['{"data": [{"id": 1}]}\n{"data": []}', 2],
      ['[{"id": 1},\n{"id": 2}', 2],
      ['', 1],
      ['id,name\n1,Ann\n', 1],
    ];
    for (const [text, line] of cases) {
      const error = await errorFor(text, text.startsWith('{') ? 'data' : undefined);
      expect(error.code, text).toBe('JSON_MALFORMED');
      if (text !== '') expect(error.line, text).toBe(line);
    }
  });

  it('says what a file of several documents one after another is, and to remove json.records only when set', async () => {
    // What `jq '.[]'` writes: pretty-printed objects one after another, which is neither an array nor JSON Lines.
    const concatenated = '{\n  "id": 1\n}\n{\n  "id": 2\n}\n';
    const withoutRecords = await errorFor(concatenated);
    expect(withoutRecords.code).toBe('JSON_MALFORMED');
    expect(withoutRecords.line).toBe(4);
    expect(withoutRecords.hint).toContain('several JSON documents one after another');
    expect(withoutRecords.hint).not.toContain('json.records');
    const withRecords = await errorFor('{"data": [{"id": 1}]}\n{"data": []}', 'data');
    expect(withRecords.hint).toContain('remove `json.records`');
  });

  it('reports JSON_MALFORMED for a broken JSON Lines line, with its line', async () => {
    const error = await errorFor('{"id": 1}\n{"id": 2,}\n');
    expect(error.code).toBe('JSON_MALFORMED');
    expect(error.line).toBe(2);
  });

  it('reports ENCODING_INVALID for JSON that is not UTF-8', async () => {
    const path = join(folder.path, 'latin1.json');
    await writeFile(path, Buffer.from('[{"id": "Ren\xe9"}]', 'latin1'));
    expect((await rejectionOf(readTable(jsonReader(), path, ['id']))).code).toBe('ENCODING_INVALID');
  });
});
