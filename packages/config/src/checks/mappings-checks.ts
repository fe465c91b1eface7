/** Checks of mappings.yaml that the JSON Schema cannot express. */
import { normalizeColumnName } from '../column-name.ts';
import { type CompiledDateFormat, compileDateFormat } from '../date-format.ts';
import type { MappingsConfig } from '../generated/mappings-config.ts';
import { mapKey } from '../map-key.ts';
import { mappedColumns } from '../mapped-columns.ts';
import { PROFILE_FIELDS } from '../profile-fields.ts';
import { booleanOfText, dateOfText, numberOfText } from '../typed-text.ts';
import { isRecord, type Report } from './report.ts';

const PROFILE_FIELD_NAMES: ReadonlySet<string> = new Set(PROFILE_FIELDS);
/** Every profile field but the two with types of their own. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(
  PROFILE_FIELDS.filter((field) => field !== 'hire_date' && field !== 'status'),
);

const MAPPING_KEYS = new Set([
  'from',
  'transform',
  'map',
  'default',
  'required',
  'type',
  'format',
  'decimal',
]);

function checkMapping(
  section: 'fields' | 'attributes',
  target: string,
  mapping: unknown,
  report: Report,
): void {
  if (!isRecord(mapping)) return;
  const at = [section, target];
  // A misspelt `from` (`form:`) is reported by the schema as an unknown key; saying "no source" too would be noise.
  const onlyKnownKeys = Object.keys(mapping).every((key) => MAPPING_KEYS.has(key));
  if (mapping.from === undefined && mapping.default === undefined && onlyKnownKeys) {
    report.add(
      at,
      'MAPPING_WITHOUT_SOURCE',
      `\`${target}\` has neither \`from\` (a column) nor \`default\`: add the column it comes from.`,
      { key: true },
    );
  }
  const isDate =
    mapping.type === 'date' || (section === 'fields' && target === 'hire_date' && mapping.type === undefined);
  if (
    section === 'fields' &&
    TEXT_FIELDS.has(target) &&
    mapping.type !== undefined &&
    mapping.type !== 'string'
  ) {
    report.add(
      [...at, 'type'],
      'INVALID_VALUE',
      `Invalid \`${section}.${target}.type\`: the profile field ${target} is text; remove \`type\` or map the column to an attribute.`,
    );
  }
  if (
    section === 'fields' &&
    target === 'hire_date' &&
    mapping.type !== undefined &&
    mapping.type !== 'date'
  ) {
    report.add(
      [...at, 'type'],
      'INVALID_VALUE',
      'Invalid `fields.hire_date.type`: hire_date is a date; remove `type` or set it to date.',
    );
  }
  if (
    (target === 'employee_id' || target === 'email') &&
    section === 'fields' &&
    mapping.default !== undefined
  ) {
    report.add(
      [...at, 'default'],
      'INVALID_VALUE',
      `\`${target}\` cannot have a default: every person needs their own. Remove \`default\`.`,
      { key: true },
    );
  }
  if (mapping.decimal !== undefined && mapping.type !== 'number') {
    report.add(
      [...at, 'decimal'],
      'DECIMAL_NOT_NUMBER',
      `\`decimal\` only applies to numbers: add \`type: number\` to \`${target}\` or remove \`decimal\`.`,
      { key: true },
    );
  }
  if (isRecord(mapping.map)) checkMapKeys(at, mapping.map, report);
  const formats: CompiledDateFormat[] = [];
  if (mapping.format !== undefined) {
    if (!isDate) {
      report.add(
        [...at, 'format'],
        'FORMAT_NOT_DATE',
        `\`format\` only applies to dates: add \`type: date\` to \`${target}\` or remove \`format\`.`,
        { key: true },
      );
    }
    const patterns = Array.isArray(mapping.format) ? mapping.format : [mapping.format];
    patterns.forEach((format, index) => {
      if (typeof format !== 'string') return;
      const compiled = compileDateFormat(format);
      if ('error' in compiled) {
        const path = Array.isArray(mapping.format) ? [...at, 'format', index] : [...at, 'format'];
        report.add(path, 'INVALID_DATE_FORMAT', `Invalid date format: ${compiled.error}.`);
      } else formats.push(compiled);
    });
  }
  checkDefault(at, { mapping, isDate, formats }, report);
}

/**
 * Cells are matched to `map` keys ignoring case and spaces (map-key.ts), so `Terminated: inactive` and
 * `TERMINATED: active` are one key: the run would take the last, silently turning a status around.
 * Keys that are one key with the same value are harmless, and left alone.
 */
function checkMapKeys(at: string[], map: Record<string, unknown>, report: Report): void {
  const first = new Map<string, [from: string, to: unknown]>();
  for (const [from, to] of Object.entries(map)) {
    const earlier = first.get(mapKey(from));
    if (earlier === undefined) first.set(mapKey(from), [from, to]);
    else if (earlier[1] !== to) {
      report.add(
        [...at, 'map', from],
        'MAP_KEY_CONFLICT',
        `\`${at.join('.')}.map\` gives ${JSON.stringify(earlier[0])} and ${JSON.stringify(from)} different values (${JSON.stringify(earlier[1])} and ${JSON.stringify(to)}), but a cell matches both: keys are compared ignoring case and spaces. Keep the one that is right.`,
        { key: true },
      );
    }
  }
}

/** A mapping as its default is checked: whether it is a date, and its valid date formats. */
interface TypedMapping {
  readonly mapping: Record<string, unknown>;
  readonly isDate: boolean;
  readonly formats: readonly CompiledDateFormat[];
}

/**
 * A typed mapping's `default` must be a value of its type: the default stands in for every empty cell,
 * and a bad one would reject each such row with the customer's file blamed.
 */
function checkDefault(at: readonly (string | number)[], typed: TypedMapping, report: Report): void {
  const { mapping } = typed;
  if (typeof mapping.default !== 'string' || mapping.default.trim() === '') return;
  const expected = defaultTypeMismatch(mapping.default.trim(), typed);
  if (expected === undefined) return;
  report.add(
    [...at, 'default'],
    'INVALID_DEFAULT',
    `Invalid default ${JSON.stringify(mapping.default)}: it is not ${expected}, so every row with an empty cell would be rejected. Give a value of the field's type, or remove \`default\`.`,
  );
}

/** What a typed mapping's default should be when `value` is not that (undefined when it is, or untyped). */
function defaultTypeMismatch(value: string, typed: TypedMapping): string | undefined {
  const { mapping, isDate, formats } = typed;
  if (isDate) {
    if (dateOfText(value, formats) !== undefined) return undefined;
    return `a date in the format ${formats.map((f) => f.pattern).join(' or ') || 'yyyy-MM-dd'}`;
  }
  if (mapping.type === 'number') {
    const decimal = mapping.decimal === ',' ? ',' : '.';
    if (numberOfText(value, decimal) !== undefined) return undefined;
    return `a number${decimal === ',' ? " (with ',' as the decimal separator)" : ''}`;
  }
  if (mapping.type === 'boolean' && booleanOfText(value) === undefined)
    return 'yes/no, true/false, y/n or 1/0';
  return undefined;
}

/**
 * Two profile fields read from one column: `location: Dept` beside `department: Dept` gives everyone
 * their department as location, `manager_id: Empl ID` beside `employee_id: Empl ID` makes everyone
 * their own manager. Columns are compared as they are matched to the header (column-name.ts), so
 * `Dept` and `dept` are one. Only profile fields: an attribute that copies a field's column (a
 * `login` from the e-mail column) is a common, deliberate mapping, and the transforms (trim, case,
 * spaces) cannot make two fields of one column differ much. A warning, not an error, since a
 * customer's file may really hold one value for both.
 */
function checkColumnsReadTwice(fields: Record<string, unknown>, report: Report): void {
  const first = new Map<string, [field: string, column: string]>();
  // Not validated yet: mappedColumns reads only the mappings whose column is a string.
  for (const { target: field, column, path } of mappedColumns({ fields } as MappingsConfig)) {
    if (!PROFILE_FIELD_NAMES.has(field) || column.trim() === '') continue;
    const name = normalizeColumnName(column);
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, [field, column]);
      continue;
    }
    const [earlierField, earlierColumn] = earlier;
    const columns =
      column === earlierColumn
        ? JSON.stringify(column)
        : `${JSON.stringify(earlierColumn)} (as ${JSON.stringify(column)})`;
    report.add(
      path,
      'COLUMN_MAPPED_TWICE',
      `\`fields.${field}\` reads column ${columns}, which \`fields.${earlierField}\` reads too: every person's ${field} would be their ${earlierField}. Map ${field} to its own column (the sample's header lists them), or remove it if the file has none.`,
      { level: 'warning' },
    );
  }
}

/** Meaning checks of mappings.yaml; `key` is the tenant's key field when tenant.yaml could be read. */
export function checkMappingsMeaning(value: unknown, key: string | undefined, report: Report): void {
  if (!isRecord(value)) return;
  const fields = isRecord(value.fields) ? value.fields : undefined;
  if (fields) {
    for (const [target, mapping] of Object.entries(fields)) checkMapping('fields', target, mapping, report);
    checkColumnsReadTwice(fields, report);
    if (key !== undefined && fields[key] === undefined) {
      report.add(
        ['fields'],
        'KEY_NOT_MAPPED',
        `The tenant's key \`${key}\` (tenant.yaml) is not mapped: add \`${key}: <column>\` under \`fields\`.`,
        { key: true },
      );
    }
    if (key !== 'email' && fields.email === undefined) {
      report.add(
        ['fields'],
        'EMAIL_NOT_MAPPED',
        'Every user needs an e-mail address: add `email: <column>` under `fields`.',
        { key: true },
      );
    }
  }
  if (isRecord(value.attributes)) {
    for (const [target, mapping] of Object.entries(value.attributes)) {
      checkMapping('attributes', target, mapping, report);
      // `attributes.status` beside the profile's `status` (or with none): the platform reads users by
      // field and attribute names alike, and a reader could take the attribute for the field.
      if (PROFILE_FIELD_NAMES.has(target)) {
        report.add(
          ['attributes', target],
          'ATTRIBUTE_NAMED_LIKE_FIELD',
          `The attribute \`${target}\` has the name of a profile field: map it under \`fields\` if it is that field, else give it a name of its own (e.g. \`source_${target}\`).`,
          { key: true, level: 'warning' },
        );
      }
    }
  }
}
