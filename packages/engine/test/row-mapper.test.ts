import type { MappingsConfig } from '@roster/config';
import { describe, expect, it } from 'vitest';
import {
  compileRowMapper,
  type MappedUser,
  type Rejection,
  RosterError,
  type SourceRow,
} from '../src/index.ts';

const HEADER = [
  'Employee ID',
  'Work Email',
  'First Name',
  'Last Name',
  'Start Date',
  'Status',
  'Cost Center',
  'Is Manager',
  'FTE',
];

const MAPPINGS: MappingsConfig = {
  fields: {
    employee_id: 'employee id',
    email: { from: 'Work Email', transform: ['trim', 'lowercase'] },
    first_name: { from: 'First Name', transform: ['collapseWhitespace'] },
    last_name: 'LAST_NAME',
    hire_date: { from: 'Start Date', type: 'date', format: ['MM/dd/yyyy', 'yyyy-MM-dd'] },
    status: {
      from: 'Status',
      map: { Active: 'active', 'On Leave': 'active', Terminated: 'inactive' },
      default: 'active',
    },
    department: { default: 'Unassigned' },
  },
  attributes: {
    cost_center: { from: 'Cost Center', required: true },
    is_manager: { from: 'Is Manager', type: 'boolean' },
    fte: { from: 'FTE', type: 'number' },
  },
};

const mapper = compileRowMapper({
  mappings: MAPPINGS,
  key: 'employee_id',
  header: HEADER,
  fileName: 'people.csv',
});
const row = (line: number, cells: SourceRow['cells']): SourceRow => ({ line, cells });
const mapped = (result: MappedUser | Rejection[]): MappedUser => {
  if (Array.isArray(result)) throw new Error(`rejected: ${JSON.stringify(result)}`);
  return result;
};
const rejected = (result: MappedUser | Rejection[]): Rejection[] => {
  if (!Array.isArray(result)) throw new Error('expected a rejection');
  return result;
};

describe('row mapper', () => {
  it("says where a number's decimal comma needs `decimal: ','`, and blames a bad default, not the file", () => {
    const typed = compileRowMapper({
      mappings: {
        fields: { employee_id: 'Employee ID', email: 'Work Email' },
        attributes: {
          fte: { from: 'FTE', type: 'number' },
          level: { from: 'Cost Center', type: 'number', default: 'n/a' },
          hours: { from: 'Is Manager', type: 'number', decimal: ',' },
        },
      },
      key: 'employee_id',
      header: HEADER,
      fileName: 'people.csv',
    });
    const result = typed.map(row(7, ['1', 'a@x.com', '', '', '', '', '', '38,5', '0,750']));
    expect(rejected(result).map((r) => [r.field, r.code, r.message])).toEqual([
      [
        'attributes.fte',
        'INVALID_NUMBER',
        `Invalid fte (column "FTE"): "0,750" is not a number; if its comma is the decimal separator (a European export), set \`decimal: ','\` on the mapping in mappings.yaml`,
      ],
      [
        'attributes.level',
        'INVALID_NUMBER',
        'Invalid level (column "Cost Center"): the cell is empty and the mapping\'s default "n/a" in mappings.yaml is not a number; fix the default',
      ],
    ]);
    const fine = mapped(typed.map(row(8, ['1', 'a@x.com', '', '', '', '', '3', '38,5', '1.5'])));
    expect(fine.attributes).toEqual({ fte: 1.5, level: 3, hours: 38.5 });
  });

  it('says where a line break in a name comes from in a CSV file, a workbook and a JSON file', () => {
    const advice = (options: { headerLine?: number; sheet?: string }, name = 'Ann\nMarie') => {
      const one = compileRowMapper({
        mappings: { fields: { employee_id: 'Employee ID', email: 'Work Email', first_name: 'First Name' } },
        key: 'employee_id',
        header: HEADER,
        fileName: 'people',
        ...options,
      });
      const [rejection] = rejected(one.map(row(9, ['1', 'a@x.com', name])));
      expect(rejection).toMatchObject({ line: 9, key: '1', field: 'first_name', code: 'INVALID_CHARACTER' });
      return rejection?.message.split('its person is kept. ')[1];
    };
    expect(advice({ headerLine: 1 })).toBe(
      'In a CSV file this is usually a quote opened by mistake that runs on into the next line, whose people are kept too: check the quotes on line 9 and the line after it',
    );
    expect(advice({ headerLine: 3, sheet: 'Export' })).toBe(
      'In a spreadsheet a line break in a cell is typed with Alt+Enter: ask the customer to take it out of that cell',
    );
    expect(advice({ headerLine: 0 })).toBe('Ask the customer to take the line break (\\n) out of that value');
    // A carriage return alone does not end a line of a CSV file: no quote is to blame.
    expect(advice({ headerLine: 1 }, 'Ann\rMarie')).toBe(
      'It is a carriage return (CR) alone, inside the value on line 9: ask the customer to take it out of that value (an export or a copy from another program put it there)',
    );
  });

  it('maps a row with transforms, synonyms, defaults and types, keeping leading zeros', () => {
    const user = mapped(
      mapper.map(
        row(2, [
          '00123',
          '  Ana.Silva@Example.COM ',
          'Ana   Maria',
          'Silva',
          '03/15/2021',
          'on leave',
          'CC-1',
          'Yes',
          '0.5',
        ]),
      ),
    );
    expect(user).toEqual({
      line: 2,
      fields: {
        employee_id: '00123',
        email: 'ana.silva@example.com',
        first_name: 'Ana Maria',
        last_name: 'Silva',
        job_title: null,
        department: 'Unassigned',
        manager_id: null,
        location: null,
        hire_date: '2021-03-15',
        status: 'active',
      },
      attributes: { cost_center: 'CC-1', is_manager: true, fte: 0.5 },
    });
  });

  it('reads spreadsheet cells: numeric ids without .0 or exponent, real dates, serial dates', () => {
    const user = mapped(
      mapper.map(
        row(5, [
          150000,
          'a@example.com',
          'A',
          'B',
          new Date(Date.UTC(2020, 1, 29)),
          'Terminated',
          'CC',
          false,
          1,
        ]),
      ),
    );
    expect(user.fields.employee_id).toBe('150000');
    expect(user.fields.hire_date).toBe('2020-02-29');
    expect(user.fields.status).toBe('inactive');
    expect(user.attributes.is_manager).toBe(false);
    const serial = mapped(mapper.map(row(6, ['7', 'b@example.com', 'A', 'B', 44562, '', 'CC', '', ''])));
    expect(serial.fields.hire_date).toBe('2022-01-01');
    expect(serial.fields.status).toBe('active'); // default
    expect(serial.attributes).toEqual({ cost_center: 'CC', is_manager: null, fte: null });
  });

  it('rejects every bad field of a row with line, key, field and code', () => {
    const result = rejected(
      mapper.map(row(9, ['42', 'not-an-email', 'A', 'B', '31/12/2021', 'Retired', '', 'maybe', 'x'])),
    );
    expect(result.map((r) => [r.line, r.key, r.field, r.code])).toEqual([
      [9, '42', 'email', 'INVALID_EMAIL'],
      [9, '42', 'hire_date', 'INVALID_DATE'],
      [9, '42', 'status', 'INVALID_STATUS'],
      [9, '42', 'attributes.cost_center', 'MISSING_REQUIRED'],
      [9, '42', 'attributes.is_manager', 'INVALID_BOOLEAN'],
      [9, '42', 'attributes.fte', 'INVALID_NUMBER'],
    ]);
    expect(result[1]?.message).toContain('"31/12/2021" is not a date in the format MM/dd/yyyy or yyyy-MM-dd');
    expect(result[2]?.message).toContain('add it to the status `map`');
  });

  it("reads a plain number in a date column by the workbook's date system", () => {
    const of1904 = compileRowMapper({
      mappings: MAPPINGS,
      key: 'employee_id',
      header: HEADER,
      fileName: 'mac.xlsx',
      date1904: true,
    });
    const cells = ['42', 'a@example.com', 'A', 'B', 42189, '', 'CC', '', ''];
    expect(mapped(of1904.map(row(2, cells))).fields.hire_date).toBe('2019-07-05');
    expect(mapped(mapper.map(row(2, cells))).fields.hire_date).toBe('2015-07-04');
  });

  it('says that a date written in the format names a day its month does not have', () => {
    const dateOf = (text: string) =>
      rejected(mapper.map(row(4, ['42', 'a@example.com', 'A', 'B', text, '', 'CC', '', ''])))[0]?.message;
    expect(dateOf('2020-02-31')).toBe(
      'Invalid hire_date (column "Start Date"): "2020-02-31" is written as MM/dd/yyyy or yyyy-MM-dd says, but its month has no such day',
    );
    expect(dateOf('04/31/2021')).toContain('its month has no such day');
    // JSON exports sometimes give Unix milliseconds: not a spreadsheet serial, whatever the digits say.
    expect(dateOf('1562284800000')).toContain('it looks like a Unix time in milliseconds');
    expect(dateOf('1562284800000')).not.toContain('excel-serial');
    // Feb 29 of a leap year is a day; of another year it is not.
    expect(dateOf('02/29/2023')).toContain('its month has no such day');
    expect(
      mapped(mapper.map(row(4, ['42', 'a@example.com', 'A', 'B', '02/29/2024', '', 'CC', '', '']))).fields
        .hire_date,
    ).toBe('2024-02-29');
  });

  it('requires the key and the e-mail on every row', () => {
    const result = rejected(mapper.map(row(3, ['', '', 'A', 'B', '', '', 'CC', '', ''])));
    expect(result.map((r) => [r.field, r.code])).toEqual([
      ['employee_id', 'MISSING_REQUIRED'],
      ['email', 'MISSING_REQUIRED'],
    ]);
  });

  it('passes a reader problem through as a rejection of the whole row, without a key when its cells are shifted', () => {
    const result = rejected(
      mapper.map({
        line: 4,
        cells: ['77', 'x@example.com'],
        problem: { code: 'FIELD_COUNT', message: 'Row has 2 fields, the header has 9' },
      }),
    );
    // The key's column of a row with too many or too few fields may hold another value.
    expect(result).toEqual([
      { line: 4, key: null, field: null, code: 'FIELD_COUNT', message: 'Row has 2 fields, the header has 9' },
    ]);
  });

  it('finds every value of a shifted row that could be its key or its e-mail, as they would be stored', () => {
    // "Sales, EMEA" unquoted: every value from the department on is one column to the right.
    const shifted = {
      line: 6,
      cells: ['00105', ' Ann@Example.COM ', 'Ann', 'Lee', 'VP', 'Sales', ' EMEA', '00042', 'Austin', 'x', ''],
      problem: { code: 'FIELD_COUNT' as const, message: 'Row has 11 fields, the header has 9' },
    };
    const { keys, others } = mapper.identifiersAnywhereIn(shifted);
    expect(keys).toEqual(expect.arrayContaining(['00105', '00042']));
    expect(keys).not.toContain('');
    expect(others).toEqual(['ann@example.com']);
  });

  it("names the field of a reader problem's cell: a profile field, an attribute, none when unmapped", () => {
    const problemAt = (column: number) =>
      rejected(
        mapper.map({
          line: 5,
          cells: ['78', ''],
          problem: { code: 'CELL_ERROR', message: 'B5 holds #N/A', column },
        }),
      )[0]?.field;
    expect([1, 6, 7, 4].map(problemAt)).toEqual([
      'email',
      'attributes.cost_center',
      'attributes.is_manager',
      'hire_date',
    ]);
    // A column no mapping reads (a reader names only mapped ones, but the mapper must not guess).
    expect(problemAt(42)).toBeNull();
  });

  it('refuses a header without a mapped column, naming it and listing the header', () => {
    let error: unknown;
    try {
      compileRowMapper({
        mappings: MAPPINGS,
        key: 'employee_id',
        header: HEADER.filter((c) => c !== 'Start Date'),
        fileName: 'people.csv',
      });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(RosterError);
    expect((error as RosterError).code).toBe('COLUMN_MISSING');
    expect((error as RosterError).message).toContain('Column "Start Date" (mapped to hire_date)');
    expect((error as RosterError).message).toContain('"Cost Center"');
  });

  it('refuses a mapped column the header names twice, instead of reading the first copy', () => {
    const header = ['id', 'email', 'email', 'note', 'note'];
    const compile = () =>
      compileRowMapper({
        mappings: { fields: { employee_id: 'id', email: 'email' } },
        key: 'employee_id',
        header,
        fileName: 'people.csv',
      });
    expect(compile).toThrow(RosterError);
    expect(compile).toThrow(
      'Column "email" (mapped to email) is ambiguous in people.csv: the header has it 2 times (columns 2 and 3). Ask the customer to give each column its own name',
    );
    try {
      compile();
    } catch (error) {
      expect((error as RosterError).code).toBe('COLUMN_AMBIGUOUS');
      expect((error as RosterError).field).toBe('email');
    }
    // The repeated `note` is mapped by no one: no concern.
    const mapper = compileRowMapper({
      mappings: { fields: { employee_id: 'id', email: 'email' } },
      key: 'employee_id',
      header: ['id', 'email', 'note', 'note'],
      fileName: 'people.csv',
    });
    expect(mapped(mapper.map(row(2, ['1', 'a@x.com', 'n1', 'n2']))).fields.email).toBe('a@x.com');
  });

  it('names loosely matching columns with their positions', () => {
    expect(() =>
      compileRowMapper({
        mappings: { fields: { employee_id: 'id', email: 'email' } },
        key: 'employee_id',
        header: ['id', 'Email', 'EMAIL'],
        fileName: 'people.csv',
      }),
    ).toThrow(
      'Column "email" (mapped to email) is ambiguous in people.csv: it matches "Email" (column 2) and "EMAIL" (column 3). Write the column in mappings.yaml exactly as the file spells it',
    );
  });

  it('caps the header a COLUMN_MISSING message lists: 20 names of at most 40 characters', () => {
    const header = ['Employee ID', `${'Very long column name '.repeat(5)}end`];
    for (let i = 0; i < 16_000; i++) header.push(`Column ${i}`);
    let error: RosterError | undefined;
    try {
      compileRowMapper({
        mappings: MAPPINGS,
        key: 'employee_id',
        header,
        fileName: 'wide.xlsx',
        headerLine: 3,
      });
    } catch (thrown) {
      error = thrown as RosterError;
    }
    expect(error?.code).toBe('COLUMN_MISSING');
    expect(error?.field).toBe('email');
    expect(error?.message).toContain(
      'Column "Work Email" (mapped to email) is not in the header of wide.xlsx; the header (line 3) is: "Employee ID", "Very long column name Very long column…", "Column 0",',
    );
    expect(error?.message).toContain('"Column 17" … and 15,982 more. Fix the column name in mappings.yaml');
    expect(error?.message).toContain("If the header shown is a person's values rather than column names");
    expect(error?.message.length).toBeLessThan(1200);
  });

  it("does not copy a person's row into the message when the file has no header row", () => {
    const firstRow = ['001', 'u1@x.com', 'F1', 'L1', '03/15/2021', 'Active', 'CC-1', 'yes', '1'];
    let error: RosterError | undefined;
    try {
      compileRowMapper({
        mappings: MAPPINGS,
        key: 'employee_id',
        header: firstRow,
        fileName: 'people.csv',
        headerLine: 1,
      });
    } catch (thrown) {
      error = thrown as RosterError;
    }
    expect(error?.code).toBe('COLUMN_MISSING');
    expect(error?.message).toBe(
      'Column "employee id" (mapped to employee_id) is not in the header of people.csv; the header (line 1) is not listed: it holds an e-mail address, so it looks like a person\'s row rather than column names. Most likely the file has no header row there: ask the customer for an export with column names, or set `headerRow` (file.csv or file.xlsx in tenant.yaml) to the line that has them',
    );
    for (const value of ['001', 'u1@x.com', 'F1', 'L1', '03/15/2021', 'CC-1'])
      expect(error?.message).not.toContain(value);
  });

  it('rejects a bare number under a date format, saying how to read serial day numbers', () => {
    const german = compileRowMapper({
      mappings: {
        fields: { employee_id: 'id', email: 'email', hire_date: { from: 'start', format: 'dd.MM.yyyy' } },
      },
      key: 'employee_id',
      header: ['id', 'email', 'start'],
      fileName: 'people.csv',
    });
    const [problem, ...others] = rejected(german.map(row(2, ['1', 'a@x.com', '2024'])));
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ line: 2, key: '1', field: 'hire_date', code: 'INVALID_DATE' });
    expect(problem?.message).toBe(
      'Invalid hire_date (column "start"): "2024" is not a date in the format dd.MM.yyyy; if it is a spreadsheet\'s serial day number, add excel-serial to the field\'s `format` in mappings.yaml (format: [dd.MM.yyyy, excel-serial])',
    );
    expect(rejected(german.map(row(3, ['2', 'b@x.com', '5'])))[0]?.code).toBe('INVALID_DATE');
    expect(mapped(german.map(row(4, ['3', 'c@x.com', 45000.5]))).fields.hire_date).toBe('2023-03-15');
    const opted = compileRowMapper({
      mappings: {
        fields: {
          employee_id: 'id',
          email: 'email',
          hire_date: { from: 'start', format: ['dd.MM.yyyy', 'excel-serial'] },
        },
      },
      key: 'employee_id',
      header: ['id', 'email', 'start'],
      fileName: 'people.csv',
    });
    expect(mapped(opted.map(row(2, ['1', 'a@x.com', '45000']))).fields.hire_date).toBe('2023-03-15');
    expect(mapped(opted.map(row(3, ['2', 'b@x.com', '15.03.2023']))).fields.hire_date).toBe('2023-03-15');
  });

  it('maps status values in upper case to a map written in Turkish title case (İ/ı as case)', () => {
    const turkish = compileRowMapper({
      mappings: {
        fields: {
          employee_id: 'Sicil No',
          email: 'E-posta',
          status: {
            from: 'Durum',
            map: { Aktif: 'active', Pasif: 'inactive', 'İşten Ayrıldı': 'inactive' },
          },
        },
      },
      key: 'employee_id',
      header: ['SİCİL NO', 'E-POSTA', 'DURUM'],
      fileName: 'personel.csv',
    });
    // Each row was INVALID_STATUS: toLowerCase makes `İ` an `i` with a combining dot, and leaves `ı`.
    const status = (line: number, value: string) =>
      mapped(turkish.map(row(line, [String(line), `p${line}@x.com.tr`, value]))).fields.status;
    expect(status(2, 'AKTİF')).toBe('active');
    expect(status(3, 'PASİF')).toBe('inactive');
    expect(status(4, 'İŞTEN AYRILDI')).toBe('inactive');
    expect(status(5, 'işten ayrıldı')).toBe('inactive');
  });
});
