/**
 * The mappings of a tenant compiled against a file's header: column positions are resolved once, and
 * each row becomes a {@link MappedUser} or the list of reasons it was rejected.
 */
import { type FieldMappingObject, findColumn, type MappingsConfig, mappedColumns } from '@roster/config';
import { RosterError } from '../errors.ts';
import type { Cell, SourceRow } from '../ports/table.ts';
import {
  type AttributeValue,
  type KeyField,
  type MappedUser,
  PROFILE_FIELDS,
  type ProfileField,
  type Rejection,
} from '../profile.ts';
import { type CompiledField, compileField, FieldProblem, type ValueKind } from './compile-field.ts';

export interface RowMapper {
  /** The mapped person, or every reason the row cannot be used (one per bad field). */
  map(row: SourceRow): MappedUser | Rejection[];
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

const asObject = (mapping: string | FieldMappingObject): FieldMappingObject =>
  typeof mapping === 'string' ? { from: mapping } : mapping;

export interface RowMapperOptions {
  readonly mappings: MappingsConfig;
  readonly key: KeyField;
  readonly header: readonly string[];
  /** The file's name, for messages about its header. */
  readonly fileName: string;
}

function resolveColumns(options: RowMapperOptions): Map<string, number> {
  const { header, fileName } = options;
  const indexes = new Map<string, number>();
  const shown = header.map((cell) => `"${cell}"`).join(', ');
  for (const { column, target } of mappedColumns(options.mappings)) {
    const match = findColumn(header, column);
    if (match.index === -1) {
      throw new RosterError(
        'COLUMN_MISSING',
        `Column "${column}" (mapped to ${target}) is not in the header of ${fileName}; the header is: ${shown}`,
        {
          file: fileName,
          field: target,
          hint: 'Fix the column name in mappings.yaml, or ask the customer for the usual export',
        },
      );
    }
    if (match.ambiguous.length > 0) {
      const cells = match.ambiguous.map((i) => `"${header[i]}"`).join(' and ');
      throw new RosterError(
        'COLUMN_AMBIGUOUS',
        `Column "${column}" (mapped to ${target}) matches ${cells} in ${fileName}`,
        {
          file: fileName,
          field: target,
          hint: 'Write the column in mappings.yaml exactly as the file spells it',
        },
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
    });
  };

  const fields: Array<[ProfileField, CompiledField]> = [];
  for (const field of PROFILE_FIELDS) {
    const raw = mappings.fields[field];
    if (raw === undefined) continue;
    fields.push([field, compile(field, raw, KIND_OF_FIELD[field], field === key || field === 'email')]);
  }
  const attributes: Array<[string, CompiledField]> = Object.entries(mappings.attributes ?? {}).map(
    ([name, raw]) => [name, compile(name, raw, asObject(raw).type ?? 'string', false)],
  );
  const keyField = fields.find(([field]) => field === key)?.[1];

  const keyOf = (cells: readonly Cell[]): string | null => {
    const value = keyField?.(cells);
    return typeof value === 'string' ? value : null;
  };

  return {
    map(row) {
      if (row.problem) {
        return [
          {
            line: row.line,
            key: keyOf(row.cells),
            field: null,
            code: row.problem.code,
            message: row.problem.message,
          },
        ];
      }
      const values: Record<string, string | null> = {
        employee_id: null,
        email: null,
        first_name: null,
        last_name: null,
        job_title: null,
        department: null,
        manager_id: null,
        location: null,
        hire_date: null,
        status: 'active',
      };
      let rejections: Rejection[] | undefined;
      const reject = (field: string, problem: FieldProblem) => {
        rejections ??= [];
        rejections.push({ line: row.line, key: null, field, code: problem.code, message: problem.message });
      };
      for (const [field, compiled] of fields) {
        const value = compiled(row.cells);
        if (value instanceof FieldProblem) reject(field, value);
        else if (value !== null) values[field] = String(value);
      }
      const attributeValues: Record<string, AttributeValue> = {};
      for (const [name, compiled] of attributes) {
        const value = compiled(row.cells);
        if (value instanceof FieldProblem) reject(name, value);
        else attributeValues[name] = value;
      }
      if (rejections) {
        const keyValue = values[key] ?? null;
        return rejections.map((rejection) => ({ ...rejection, key: keyValue }));
      }
      return { line: row.line, fields: values as MappedUser['fields'], attributes: attributeValues };
    },
  };
}
