/**
 * Writes a synthetic HR export to disk as a stream (a million rows is ~120 MB of CSV and is never
 * held in memory): CSV as most HR systems export it, an Excel workbook through exceljs' streaming
 * writer (shared strings, ids as text, a real date column, as Excel itself writes them), or JSON with
 * the records at `data.employees` as HR APIs return them.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { type Person, peopleOf } from './hr-people.ts';

export const HR_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type HrFormat = (typeof HR_FORMATS)[number];
export type HrVersion = 'first' | 'changed';

/** The column headers of the CSV and the workbook. */
export const HR_HEADER = [
  'Employee ID',
  'First Name',
  'Last Name',
  'Work Email',
  'Job Title',
  'Department',
  'Manager ID',
  'Location',
  'Hire Date',
  'Employment Status',
] as const;

export interface HrFileRequest {
  readonly format: HrFormat;
  readonly version: HrVersion;
  readonly seed: number;
  /** Rows of the first version; the changed version has ~0.5% fewer. */
  readonly rows: number;
  readonly path: string;
}

export interface GeneratedFile {
  readonly format: HrFormat;
  readonly version: HrVersion;
  readonly path: string;
  /** Data rows written (the header excluded). */
  readonly rows: number;
  readonly bytes: number;
  /** CSV only: rows with at least one quoted field. */
  readonly quotedRows: number;
  readonly ms: number;
}

/**
 * Writes one version of the export in one format.
 *
 * @example
 * await generateHrFile({ format: 'csv', version: 'first', seed: 42, rows: 100_000, path: '/tmp/e.csv' });
 */
export async function generateHrFile(request: HrFileRequest): Promise<GeneratedFile> {
  const started = performance.now();
  const people = peopleOf(request.version, request.seed, request.rows);
  const written: Written = { rows: 0, quotedRows: 0 };
  if (request.format === 'xlsx') await writeXlsx(request.path, people, written);
  else {
    const parts = request.format === 'csv' ? csvLines(people, written) : jsonParts(people, written);
    await writeText(request.path, parts);
  }
  return {
    format: request.format,
    version: request.version,
    path: request.path,
    rows: written.rows,
    quotedRows: written.quotedRows,
    bytes: (await stat(request.path)).size,
    ms: Math.round(performance.now() - started),
  };
}

interface Written {
  rows: number;
  quotedRows: number;
}

function usDate(person: Person): string {
  const { year, month, day } = person.hireDate;
  return `${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}/${year}`;
}

function isoDate(person: Person): string {
  const { year, month, day } = person.hireDate;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NEEDS_QUOTES = /[",\r\n]/;

function csvField(value: string, written: Written): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  written.quotedRows++;
  return `"${value.replaceAll('"', '""')}"`;
}

function* csvLines(people: Iterable<Person>, written: Written): Generator<string> {
  yield `${HR_HEADER.join(',')}\n`;
  for (const person of people) {
    const before = written.quotedRows;
    const fields = [
      person.employeeId,
      person.firstName,
      person.lastName,
      person.email,
      person.title,
      person.department,
      person.managerId,
      person.location,
      usDate(person),
      person.status,
    ].map((value) => csvField(value, written));
    // Count rows, not fields: a row with two quoted fields is one quoted row.
    if (written.quotedRows > before) written.quotedRows = before + 1;
    written.rows++;
    yield `${fields.join(',')}\n`;
  }
}

function* jsonParts(people: Iterable<Person>, written: Written): Generator<string> {
  yield '{"data":{"employees":[\n';
  for (const person of people) {
    const record = JSON.stringify({
      employeeId: person.employeeId,
      firstName: person.firstName,
      lastName: person.lastName,
      workEmail: person.email,
      jobTitle: person.title,
      department: person.department,
      managerId: person.managerId === '' ? null : person.managerId,
      location: person.location,
      hireDate: isoDate(person),
      employmentStatus: person.status,
    });
    yield written.rows === 0 ? record : `,\n${record}`;
    written.rows++;
  }
  yield '\n]}}\n';
}

/** Writes the generator's parts in ~1 MiB chunks, waiting for the disk when the stream asks to. */
async function writeText(path: string, parts: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (const part of parts) {
    chunk += part;
    if (chunk.length >= 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

async function writeXlsx(path: string, people: Iterable<Person>, written: Written): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Employees');
  sheet.addRow([...HR_HEADER]).commit();
  for (const person of people) {
    const { year, month, day } = person.hireDate;
    const row = sheet.addRow([
      person.employeeId,
      person.firstName,
      person.lastName,
      person.email,
      person.title,
      person.department,
      person.managerId === '' ? null : person.managerId,
      person.location,
      new Date(Date.UTC(year, month - 1, day)),
      person.status,
    ]);
    row.getCell(9).numFmt = 'mm/dd/yyyy';
    row.commit();
    written.rows++;
    // exceljs' zip stream buffers what it cannot write yet: let it drain now and then.
    if (written.rows % 10_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await workbook.commit();
}
