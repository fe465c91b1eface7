/**
 * Compiles one mapping (`first_name: First Name`, or the object form) into a function from a row's
 * cells to the field's value, so that per-row work is only the conversion itself.
 */
import {
  type CompiledDateFormat,
  compileDateFormat,
  EXCEL_SERIAL_FORMAT,
  type FieldMappingObject,
  hasDecimalComma,
  mapKey,
  type StatusMappingObject,
} from '@roster/config';
import type { Cell } from '../ports/table.ts';
import type { AttributeValue, RejectionCode } from '../profile.ts';
import { cellBoolean, cellDate, cellNumber, cellText, isEmail, lowercase } from './cell-values.ts';

/** A value that could not be used; allocated only for bad cells. */
export class FieldProblem {
  readonly code: RejectionCode;
  readonly message: string;
  constructor(code: RejectionCode, message: string) {
    this.code = code;
    this.message = message;
  }
}

export type FieldValue = AttributeValue;
export type CompiledField = (cells: readonly Cell[]) => FieldValue | FieldProblem;

export type ValueKind = 'string' | 'date' | 'boolean' | 'number' | 'email' | 'status';

export interface FieldSpec {
  /** The target's name, for messages (`hire_date`, `cost_center`). */
  readonly target: string;
  /** Index of the source column in the header, or -1 when the mapping has only a default. */
  readonly index: number;
  /** The source column as configured, for messages. */
  readonly column: string | undefined;
  readonly mapping: FieldMappingObject | StatusMappingObject;
  readonly kind: ValueKind;
  readonly required: boolean;
  /** Serial day numbers count from 1904 (a workbook in that date system). */
  readonly date1904?: boolean;
}

/** Longest text accepted in one field: longer is a shifted column or a pasted document, not a name. */
export const MAX_TEXT_LENGTH = 1000;

type TransformName = keyof typeof TRANSFORMS;

const TRANSFORMS = {
  trim: (text: string) => text,
  lowercase,
  uppercase: (text: string) => text.toUpperCase(),
  collapseWhitespace: (text: string) => text.replace(/\s+/g, ' '),
} as const;

/** The configured transforms as one function, or undefined when they change nothing (`trim`: cells come trimmed). */
function composeTransforms(names: readonly TransformName[]): ((text: string) => string) | undefined {
  const steps = names.filter((name) => name !== 'trim').map((name) => TRANSFORMS[name]);
  if (steps.length === 0) return undefined;
  if (steps.length === 1) return steps[0];
  return (text) => {
    let result = text;
    for (const step of steps) result = step(result);
    return result;
  };
}

/** Raw values remembered per synonym map: a status column has a handful of distinct spellings. */
const SYNONYM_CACHE_SIZE = 64;

/**
 * The value a synonym map gives text (text itself when unlisted). Remembers the first few raw values,
 * so that a million `Active` cells are normalised once rather than a million times.
 */
function synonymLookup(map: Record<string, string>): (text: string) => string {
  const synonyms = new Map(Object.entries(map).map(([from, to]) => [mapKey(from), to]));
  const seen = new Map<string, string>();
  return (text) => {
    let result = seen.get(text);
    if (result === undefined) {
      result = synonyms.get(mapKey(text)) ?? text;
      if (seen.size < SYNONYM_CACHE_SIZE) seen.set(text, result);
    }
    return result;
  };
}

/** A value as messages show it: quoted, and cut to 80 characters. */
export function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** A field as messages name it: `hire_date (column "Start Date")`, or the target alone without a column. */
export function fieldWhere(target: string, column: string | undefined): string {
  return column === undefined ? target : `${target} (column "${column}")`;
}

export function compileField(spec: FieldSpec): CompiledField {
  const { target, index, mapping, kind, required } = spec;
  const where = fieldWhere(target, spec.column);
  const transform = composeTransforms(mapping.transform ?? []);
  // Lowercasing twice changes nothing (tested), so an e-mail the last transform lowercased is kept as
  // is, unless a synonym or the default may have replaced it.
  const lowercased =
    mapping.transform?.at(-1) === 'lowercase' && mapping.map === undefined && mapping.default === undefined;
  const synonymOf = mapping.map ? synonymLookup(mapping.map) : undefined;
  const fallback = mapping.default ?? '';
  const formats: CompiledDateFormat[] = [];
  if ('format' in mapping && mapping.format !== undefined) {
    for (const pattern of Array.isArray(mapping.format) ? mapping.format : [mapping.format]) {
      const compiled = compileDateFormat(pattern);
      if (!('error' in compiled)) formats.push(compiled); // validate reports bad patterns
    }
  }
  const decimal = 'decimal' in mapping && mapping.decimal === ',' ? ',' : '.';
  const expectedDate = formats.length > 0 ? formats.map((f) => f.pattern).join(' or ') : 'yyyy-MM-dd';
  const readsSerials = formats.some((f) => f.pattern === EXCEL_SERIAL_FORMAT);
  const invalidDate = (text: string) =>
    new FieldProblem(
      'INVALID_DATE',
      // Only for a rejected date: an ISO date is what is read when no format is given.
      (formats.length > 0 ? formats : [compileDateFormat('yyyy-MM-dd')]).some(
        (format) => 'noSuchDay' in format && format.noSuchDay(text),
      )
        ? `Invalid ${where}: ${quoted(text)} is written as ${expectedDate} says, but its month has no such day`
        : `Invalid ${where}: ${quoted(text)} is not a date in the format ${expectedDate}${
            /^1\d{12}$/.test(text)
              ? '; it looks like a Unix time in milliseconds, which Roster does not read as a date: ask the customer for dates as yyyy-MM-dd'
              : !readsSerials && /^\d+(\.\d+)?$/.test(text)
                ? `; if it is a spreadsheet's serial day number, add ${EXCEL_SERIAL_FORMAT} to the field's \`format\` in mappings.yaml (format: [${formats.length > 0 ? formats.map((f) => f.pattern).join(', ') : 'yyyy-MM-dd'}, ${EXCEL_SERIAL_FORMAT}])`
                : ''
          }`,
    );

  /** A cell's value of the field's type, from the spreadsheet cell itself or else its text. */
  const typedValue = (cell: Cell, text: string): FieldValue | FieldProblem => {
    switch (kind) {
      case 'string':
        if (text.length > MAX_TEXT_LENGTH) {
          return new FieldProblem(
            'VALUE_TOO_LONG',
            `Invalid ${where}: longer than ${MAX_TEXT_LENGTH} characters; check that the columns are not shifted`,
          );
        }
        return text;
      case 'email': {
        const email = lowercased ? text : lowercase(text);
        return isEmail(email)
          ? email
          : new FieldProblem('INVALID_EMAIL', `Invalid ${where}: ${quoted(text)} is not an e-mail address`);
      }
      case 'status':
        if (text === 'active' || text === 'inactive') return text;
        return new FieldProblem(
          'INVALID_STATUS',
          `Invalid ${where}: ${quoted(text)} is neither active nor inactive; add it to the status \`map\` in mappings.yaml`,
        );
      case 'date':
        // Dates and numbers straight from a spreadsheet cell are read as such, before any text rule.
        return (
          cellDate(typeof cell === 'string' ? text : cell, text, formats, spec.date1904 === true) ??
          invalidDate(text)
        );
      case 'boolean':
        return (
          cellBoolean(cell, text) ??
          new FieldProblem(
            'INVALID_BOOLEAN',
            `Invalid ${where}: ${quoted(text)} is not yes/no, true/false, y/n or 1/0`,
          )
        );
      case 'number': {
        const value = cellNumber(cell, text, decimal);
        if (value !== undefined) return value;
        const hint =
          decimal === '.' && hasDecimalComma(text)
            ? `; if its comma is the decimal separator (a European export), set \`decimal: ','\` on the mapping in mappings.yaml`
            : '';
        return new FieldProblem('INVALID_NUMBER', `Invalid ${where}: ${quoted(text)} is not a number${hint}`);
      }
    }
  };

  // What an empty cell gives: the same for every row, so worked out once. A typed default that no
  // value of the type can be (validate reports it) would reject every row without a value, and the
  // message must then point at mappings.yaml, not at the customer's file.
  const ofEmpty = ((): FieldValue | FieldProblem | null => {
    if (fallback === '')
      return required
        ? new FieldProblem('MISSING_REQUIRED', `Missing ${where}: the field is required`)
        : null;
    const value = typedValue(fallback, fallback);
    if (!(value instanceof FieldProblem)) return value;
    const expected =
      kind === 'date'
        ? `a date in the format ${expectedDate}`
        : kind === 'boolean'
          ? 'yes/no, true/false, y/n or 1/0'
          : kind === 'number'
            ? 'a number'
            : undefined;
    if (expected === undefined) return value;
    return new FieldProblem(
      value.code,
      `Invalid ${where}: the cell is empty and the mapping's default ${quoted(fallback)} in mappings.yaml is not ${expected}; fix the default`,
    );
  })();

  return (cells) => {
    const cell = index >= 0 ? (cells[index] ?? null) : null;
    let text = cellText(cell);
    if (transform !== undefined) text = transform(text);
    if (synonymOf !== undefined && text !== '') text = synonymOf(text);
    return text === '' ? ofEmpty : typedValue(cell, text);
  };
}
