/**
 * The mappings of a tenant compiled against a file's header: column positions are resolved once, and
 * each row becomes a {@link MappedUser} or the list of reasons it was rejected.
 */
import {
  describeHeader,
  explainAmbiguousColumn,
  type FieldMappingObject,
  findColumn,
  type MappingsConfig,
  mappedColumns,
} from '@roster/config';
import { RosterError } from '../errors.ts';
import type { Cell, SourceRow } from '../ports/table.ts';
import {
  type AttributeValue,
  type KeyField,
  type MappedUser,
  otherIdentifier,
  PROFILE_FIELDS,
  type ProfileField,
  type Rejection,
  type UserStatus,
} from '../profile.ts';
import {
  type CompiledField,
  compileField,
  FieldProblem,
  fieldWhere,
  quoted,
  type ValueKind,
} from './compile-field.ts';

export interface RowMapper {
  /** The mapped person, or every reason the row cannot be used (one per bad field). */
  map(row: SourceRow): MappedUser | Rejection[];
  /**
   * The row's other identifier (the e-mail; the employee id under an e-mail key) as it would be
   * stored, or null when it is not mapped, empty or invalid. Asked only of rejected rows without a
   * usable key, which are rare.
   */
  otherIdentifierOf(row: SourceRow): string | null;
  /**
   * For a row whose cells do not line up with the header (a FIELD_COUNT problem), or a rejected row
   * with a line break in a cell: every distinct value among its cells, and among the values on the
   * lines of a cell with line breaks (see {@link valuesOnLinesOf}), that the key's mapping,
   * or the other identifier's, accepts, as stored. Asked only of such rows, which are rare.
   */
  identifiersAnywhereIn(row: SourceRow): { keys: string[]; others: string[] };
  /** The same, of the values on the lines of its cells with line breaks only (none without one). */
  identifiersInLinesOf(row: SourceRow): { keys: string[]; others: string[] };
}

const KIND_OF_FIELD: Record<ProfileField, ValueKind> = {
  employee_id: 'string',
  email: 'email',
  first_name: 'string',
  last_name: 'string',
  job_title: 'string',
  department: 'string',
  manager_id: 'string',
  location: 'string',
  hire_date: 'date',
  status: 'status',
};

interface MappedField {
  readonly name: ProfileField;
  /** Position in PROFILE_FIELDS. */
  readonly slot: number;
  /** The value when the cell is empty or bad. */
  readonly empty: string | null;
  readonly compiled: CompiledField;
}

/** The profile of a row where no field is mapped, in PROFILE_FIELDS order: status defaults to active. */
const UNMAPPED: ReadonlyArray<string | null> = PROFILE_FIELDS.map((field) =>
  field === 'status' ? 'active' : null,
);

/**
 * Profile fields that are one line by nature. A line break in one (`"Bob` + a line break + the next
 * person's row, in a CSV file whose stray quote ran on into the next line) is not applied: the row is
 * rejected. The location may be an address of several lines; attributes may be notes. The e-mail, the
 * date and the status reject a line break anyway.
 */
const ONE_LINE_FIELDS: ReadonlySet<ProfileField> = new Set([
  'employee_id',
  'first_name',
  'last_name',
  'job_title',
  'department',
  'manager_id',
]);

const hasLineBreak = (text: string) => text.includes('\n') || text.includes('\r');

/**
 * The values a cell with line breaks may hold of other rows (a stray quote's swallowed lines): each of
 * its lines, the first too (a quote opened in the key's column leaves the row's own key there), cut at
 * `,;|` and tabs.
 */
function valuesOnLinesOf(cells: readonly Cell[]): string[] {
  const values: string[] = [];
  for (const cell of cells) {
    if (typeof cell !== 'string' || !hasLineBreak(cell)) continue;
    for (const line of cell.split(/\r\n|\r|\n/)) {
      for (const value of line.split(/[,;|\t]/)) if (value.trim() !== '') values.push(value);
    }
  }
  return values;
}

const asObject = (mapping: string | FieldMappingObject): FieldMappingObject =>
  typeof mapping === 'string' ? { from: mapping } : mapping;

export interface RowMapperOptions {
  readonly mappings: MappingsConfig;
  readonly key: KeyField;
  readonly header: readonly string[];
  /** The file's name, for messages about its header. */
  readonly fileName: string;
  /** The header's line in the file, for messages (0 or left out when there is none, as in JSON). */
  readonly headerLine?: number;
  /** The worksheet read, for workbooks: a missing column may be on another sheet. */
  readonly sheet?: string;
  /** The workbook counts serial days from 1904 (see Table.date1904). */
  readonly date1904?: boolean;
}

function resolveColumns(options: RowMapperOptions): Map<string, number> {
  const { header, fileName } = options;
  const indexes = new Map<string, number>();
  for (const { column, target } of mappedColumns(options.mappings)) {
    const match = findColumn(header, column);
    if (match.index === -1) {
      const { shown, fix } = describeHeader(header, options.headerLine);
      const where = options.sheet === undefined ? fileName : `${fileName} (sheet "${options.sheet}")`;
      // The workbook's first sheet is read unless xlsx.sheet says otherwise; a cover sheet or a
      // reordered workbook is the usual reason the columns are not where they were.
      const otherSheet =
        options.sheet === undefined
          ? ''
          : '. If the people are on another sheet of the workbook, name it with `file.xlsx.sheet` in tenant.yaml';
      throw new RosterError(
        'COLUMN_MISSING',
        `Column "${column}" (mapped to ${target}) is not in the header of ${where}; ${shown}`,
        { file: fileName, field: target, hint: `${fix}${otherSheet}` },
      );
    }
    if (match.ambiguous.length > 0) {
      const { found, fix } = explainAmbiguousColumn(header, match.ambiguous);
      throw new RosterError(
        'COLUMN_AMBIGUOUS',
        `Column "${column}" (mapped to ${target}) is ambiguous in ${fileName}: ${found}`,
        { file: fileName, field: target, hint: fix },
      );
    }
    indexes.set(column, match.index);
  }
  return indexes;
}

/** Compiles the tenant's mappings against a header. Throws COLUMN_MISSING / COLUMN_AMBIGUOUS. */
export function compileRowMapper(options: RowMapperOptions): RowMapper {
  const { mappings, key } = options;
  const indexes = resolveColumns(options);
  const compile = (
    target: string,
    raw: string | FieldMappingObject,
    kind: ValueKind,
    required: boolean,
  ): CompiledField => {
    const mapping = asObject(raw);
    return compileField({
      target,
      mapping,
      kind,
      required: required || mapping.required === true,
      index: mapping.from === undefined ? -1 : (indexes.get(mapping.from) ?? -1),
      column: mapping.from,
      date1904: options.date1904 === true,
    });
  };

  // Objects rather than [name, field] pairs: destructuring a pair runs the iterator protocol per row.
  const fields: MappedField[] = [];
  PROFILE_FIELDS.forEach((field, slot) => {
    const raw = mappings.fields[field];
    if (raw === undefined) return;
    const compiled = compile(field, raw, KIND_OF_FIELD[field], field === key || field === 'email');
    fields.push({ name: field, slot, empty: UNMAPPED[slot] ?? null, compiled });
  });
  const attributes = Object.entries(mappings.attributes ?? {}).map(([name, raw]) => ({
    name,
    compiled: compile(name, raw, asObject(raw).type ?? 'string', false),
  }));
  const identifierOf = (field: KeyField) => {
    const compiled = fields.find(({ name }) => name === field)?.compiled;
    return (cells: readonly Cell[]): string | null => {
      const value = compiled?.(cells);
      return typeof value === 'string' && value !== '' ? value : null;
    };
  };
  const identifiersAmongBoth = (values: ReadonlySet<Cell>) => ({
    keys: identifiersAmong(key, values),
    others: identifiersAmong(otherIdentifier(key), values),
  });
  // The field (or `attributes.name`) that reads each column, to name the field of a cell's problem.
  const targetOfColumn = new Map<number, string>();
  const targets = [
    ...fields.map(({ name }) => [name, mappings.fields[name]] as const),
    ...Object.entries(mappings.attributes ?? {}).map(([name, raw]) => [`attributes.${name}`, raw] as const),
  ];
  /** The header position of the column a mapping reads, if it reads one. */
  const columnOf = (raw: string | FieldMappingObject | undefined): number | undefined => {
    const from = raw === undefined ? undefined : asObject(raw).from;
    return from === undefined ? undefined : indexes.get(from);
  };
  for (const [target, raw] of targets) {
    const index = columnOf(raw);
    if (index !== undefined && !targetOfColumn.has(index)) targetOfColumn.set(index, target);
  }
  const keyOf = identifierOf(key);
  const otherOf = identifierOf(otherIdentifier(key));
  /** What `field`'s mapping makes of each of `values` in its column: the valid ones, each once. */
  const identifiersAmong = (field: KeyField, values: ReadonlySet<Cell>): string[] => {
    const column = columnOf(mappings.fields[field]);
    if (column === undefined) return [];
    const read = identifierOf(field);
    const cells: Cell[] = [];
    const found = new Set<string>();
    for (const value of values) {
      cells[column] = value;
      const identifier = read(cells);
      if (identifier !== null) found.add(identifier);
    }
    return [...found];
  };

  // The row's values by PROFILE_FIELDS position, reused row after row (map never re-enters): storing
  // into an object under ten different names made every store a megamorphic lookup.
  const slots = [...UNMAPPED];
  const keySlot = PROFILE_FIELDS.indexOf(key);
  const advice = lineBreakAdviceFor(options);
  /** The mapped fields that must be one line, with what their rejection says of them. */
  const oneLine = fields
    .filter(({ name }) => ONE_LINE_FIELDS.has(name))
    .map(({ name, slot }) => ({
      name,
      slot,
      where: fieldWhere(name, asObject(mappings.fields[name] as string | FieldMappingObject).from),
    }));

  return {
    otherIdentifierOf: (row) => otherOf(row.cells),
    identifiersAnywhereIn(row) {
      return identifiersAmongBoth(
        new Set<Cell>([
          ...row.cells.filter((cell) => cell !== null && cell !== ''),
          ...valuesOnLinesOf(row.cells),
        ]),
      );
    },
    identifiersInLinesOf: (row) => identifiersAmongBoth(new Set(valuesOnLinesOf(row.cells))),
    map(row) {
      if (row.problem) {
        return [
          {
            line: row.line,
            // Cells that do not line up with the header: the key's column may hold another value.
            key: row.problem.code === 'FIELD_COUNT' ? null : keyOf(row.cells),
            field: row.problem.column === undefined ? null : (targetOfColumn.get(row.problem.column) ?? null),
            code: row.problem.code,
            message: row.problem.message,
          },
        ];
      }
      const { line, cells } = row;
      let rejections: Rejection[] | undefined;
      for (const { name, slot, empty, compiled } of fields) {
        const value = compiled(cells);
        if (value instanceof FieldProblem) {
          rejections = withRejection(rejections, line, name, value);
          slots[slot] = empty;
        } else {
          slots[slot] = value === null ? empty : String(value);
        }
      }
      // A reader that knows the row is one line (most CSV records) spares every field this look.
      if (row.oneLine !== true) {
        for (const { name, slot, where } of oneLine) {
          const value = slots[slot];
          if (value != null && hasLineBreak(value))
            rejections = withRejection(
              rejections,
              line,
              name,
              lineBreakProblem(where, value, advice(line, value)),
            );
        }
      }
      const attributeValues: Record<string, AttributeValue> = {};
      for (const { name, compiled } of attributes) {
        const value = compiled(cells);
        if (value instanceof FieldProblem)
          rejections = withRejection(rejections, line, `attributes.${name}`, value);
        else attributeValues[name] = value;
      }
      if (rejections) {
        const keyValue = slots[keySlot] ?? null;
        return rejections.map((rejection) => ({ ...rejection, key: keyValue }));
      }
      return { line, fields: profileFields(slots), attributes: attributeValues };
    },
  };
}

/** The profile fields from their slots, in PROFILE_FIELDS order (the tests check the order). */
function profileFields(slots: ReadonlyArray<string | null>): MappedUser['fields'] {
  return {
    employee_id: slots[0] ?? null,
    email: slots[1] ?? null,
    first_name: slots[2] ?? null,
    last_name: slots[3] ?? null,
    job_title: slots[4] ?? null,
    department: slots[5] ?? null,
    manager_id: slots[6] ?? null,
    location: slots[7] ?? null,
    hire_date: slots[8] ?? null,
    status: slots[9] as UserStatus,
  };
}

/** Where a line break in a one-line field comes from, by the kind of file, and what to do about it. */
type LineBreakAdvice = (line: number, value: string) => string;

const LINE_BREAK_ADVICE = {
  // A carriage return alone (no line feed) does not end a line of the file: it sits in the value itself.
  csv: (line: number, value: string) =>
    value.includes('\n')
      ? `In a CSV file this is usually a quote opened by mistake that runs on into the next line, whose people are kept too: check the quotes on line ${line} and the line after it`
      : `It is a carriage return (CR) alone, inside the value on line ${line}: ask the customer to take it out of that value (an export or a copy from another program put it there)`,
  workbook: () =>
    'In a spreadsheet a line break in a cell is typed with Alt+Enter: ask the customer to take it out of that cell',
  json: () => 'Ask the customer to take the line break (\\n) out of that value',
} satisfies Record<string, LineBreakAdvice>;

/** CSV files have a header line; workbooks a sheet; JSON records neither (RowMapperOptions). */
function lineBreakAdviceFor(options: RowMapperOptions): LineBreakAdvice {
  if (options.sheet !== undefined) return LINE_BREAK_ADVICE.workbook;
  return options.headerLine ? LINE_BREAK_ADVICE.csv : LINE_BREAK_ADVICE.json;
}

/** Why a one-line field's value with a line break is not applied (ONE_LINE_FIELDS). */
function lineBreakProblem(where: string, value: string, advice: string): FieldProblem {
  return new FieldProblem(
    'INVALID_CHARACTER',
    `Invalid ${where}: ${quoted(value)} holds a line break, and the field is one line; the row is not applied and its person is kept. ${advice}`,
  );
}

/** rejections with one more (a function rather than a closure per row: rejections are rare). */
function withRejection(
  rejections: Rejection[] | undefined,
  line: number,
  field: string,
  problem: FieldProblem,
): Rejection[] {
  const rejection = { line, key: null, field, code: problem.code, message: problem.message };
  if (rejections === undefined) return [rejection];
  rejections.push(rejection);
  return rejections;
}
