/**
 * Synthetic HR exports for the benchmarks: the same people as CSV, JSON (records at `data.employees`),
 * JSON Lines and xlsx. Rows are ~120 bytes of CSV in 10 columns; about 45% of them have a quoted field
 * (a comma, doubled quotes, or 1% a line break). Deterministic: the same seed writes the same files.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';

export const HEADER = [
  'Employee ID',
  'Work Email',
  'First Name',
  'Last Name',
  'Job Title',
  'Department',
  'Manager ID',
  'Location',
  'Start Date',
  'Employment Status',
] as const;

const FIRST = ['Ayşe', 'John', 'Zoë', 'Mehmet', 'Anna', 'José', 'Li', 'Fatma', 'Oliver', 'Émilie'];
const LAST = ['Yılmaz', 'Smith', "O'Brien", 'Müller', 'Kaya', 'García', 'Wang', 'Demir', 'Brown', 'Søren'];
const TITLES = ['Engineer', 'Senior Engineer', 'Sales Manager', 'Accountant', 'HR Partner', 'Designer'];
const DEPARTMENTS = ['Engineering', 'Sales', 'Finance', 'People', 'Design', 'Support'];
const LOCATIONS = ['Istanbul HQ', 'Berlin', 'London', 'New York', 'Paris', 'Madrid'];

/** One person as field values (unquoted). */
export type Person = readonly string[];

/** Yields `count` people; a linear congruential generator keeps it deterministic and fast. */
export function* people(count: number): Generator<Person> {
  let state = 42;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)] as T;
  for (let index = 0; index < count; index++) {
    const id = String(index + 1).padStart(7, '0');
    const first = pick(FIRST);
    const last = pick(LAST);
    const roll = next();
    let title = pick(TITLES);
    let department = pick(DEPARTMENTS);
    if (roll < 0.3) department = `${department}, EMEA`;
    else if (roll < 0.4) title = `${title} "Lead"`;
    else if (roll < 0.44) title = `${title}, Team ${Math.floor(next() * 90) + 10}`;
    else if (roll < 0.45) title = `${title}\nSecond line`;
    const manager = String(Math.floor(next() * (index + 1)) + 1).padStart(7, '0');
    const month = String(Math.floor(next() * 12) + 1).padStart(2, '0');
    const day = String(Math.floor(next() * 28) + 1).padStart(2, '0');
    const status = next() < 0.9 ? 'Active' : 'Terminated';
    const email = `${first}.${last}.${id}@example-corp.com`.toLowerCase().replace("'", '');
    yield [
      id,
      email,
      first,
      last,
      title,
      department,
      manager,
      pick(LOCATIONS),
      `${month}/${day}/2019`,
      status,
    ];
  }
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function jsonRecord(person: Person): string {
  const [id, email, first, last, title, department, manager, location, start, status] = person;
  return JSON.stringify({
    employee_id: id,
    work_email: email,
    first_name: first,
    last_name: last,
    job_title: title,
    department,
    manager: { id: manager },
    location,
    start_date: start,
    status,
  });
}

async function writeText(path: string, parts: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path);
  let chunk = '';
  for (const part of parts) {
    chunk += part;
    if (chunk.length > 1 << 20) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
  }
  stream.end(chunk);
  await once(stream, 'finish');
}

export async function writeCsv(path: string, count: number): Promise<void> {
  await writeText(
    path,
    (function* () {
      yield `${HEADER.join(',')}\n`;
      for (const person of people(count)) yield `${person.map(csvField).join(',')}\n`;
    })(),
  );
}

export async function writeJson(path: string, count: number): Promise<void> {
  await writeText(
    path,
    (function* () {
      yield `{"meta":{"count":${count}},"data":{"employees":[\n`;
      let first = true;
      for (const person of people(count)) {
        yield `${first ? '' : ',\n'}${jsonRecord(person)}`;
        first = false;
      }
      yield '\n]}}\n';
    })(),
  );
}

export async function writeJsonLines(path: string, count: number): Promise<void> {
  await writeText(
    path,
    (function* () {
      for (const person of people(count)) yield `${jsonRecord(person)}\n`;
    })(),
  );
}

/** An xlsx as Excel writes it: shared strings, ids as numbers, a real date column. */
export async function writeXlsx(path: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: true,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Employees');
  sheet.addRow([...HEADER]).commit();
  for (const person of people(count)) {
    const [id, email, first, last, title, department, manager, location, start, status] = person;
    const [month, day, year] = (start ?? '01/01/2019').split('/').map(Number);
    sheet
      .addRow([
        Number(id),
        email,
        first,
        last,
        title,
        department,
        Number(manager),
        location,
        new Date(Date.UTC(year ?? 2019, (month ?? 1) - 1, day)),
        status,
      ])
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}
