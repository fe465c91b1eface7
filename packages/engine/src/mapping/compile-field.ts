/**
 * Compiles one mapping (`first_name: First Name`, or the object form) into a function from a row's
 * cells to the field's value, so that per-row work is only the conversion itself.
 */
import {
  type CompiledDateFormat,
  compileDateFormat,
  type FieldMappingObject,
  type StatusMappingObject,
} from '@roster/config';
import type { Cell } from '../ports/table.ts';
import type { AttributeValue, RejectionCode } from '../profile.ts';
import { cellBoolean, cellDate, cellNumber, cellText, isEmail } from './cell-values.ts';

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
}

/** Longest text accepted in one field: longer is a shifted column or a pasted document, not a name. */
export const MAX_TEXT_LENGTH = 1000;

const TRANSFORMS = {
  trim: (text: string) => text,
  lowercase: (text: string) => text.toLowerCase(),
  uppercase: (text: string) => text.toUpperCase(),
  collapseWhitespace: (text: string) => text.replace(/\s+/g, ' '),
} as const;

const synonymKey = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

function quoted(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

export function compileField(spec: FieldSpec): CompiledField {
  const { target, index, mapping, kind, required } = spec;
  const where = spec.column === undefined ? target : `${target} (column "${spec.column}")`;
  const transforms = (mapping.transform ?? []).map((name) => TRANSFORMS[name]);
  const synonyms = mapping.map
    ? new Map(Object.entries(mapping.map).map(([from, to]) => [synonymKey(from), to]))
    : undefined;
  const fallback = mapping.default ?? '';
  const formats: CompiledDateFormat[] = [];
  if ('format' in mapping && mapping.format !== undefined) {
    for (const pattern of Array.isArray(mapping.format) ? mapping.format : [mapping.format]) {
      const compiled = compileDateFormat(pattern);
      if (!('error' in compiled)) formats.push(compiled); // validate reports bad patterns
    }
  }
  const expectedDate = formats.length > 0 ? formats.map((f) => f.pattern).join(' or ') : 'yyyy-MM-dd';

  return (cells) => {
    const cell = index >= 0 ? (cells[index] ?? null) : null;
    let text = cellText(cell);
    for (const transform of transforms) text = transform(text);
    if (synonyms !== undefined && text !== '') text = synonyms.get(synonymKey(text)) ?? text;
    if (text === '') text = fallback;
    if (text === '') {
      return required
        ? new FieldProblem('MISSING_REQUIRED', `Missing ${where}: the field is required`)
        : null;
    }
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
        const email = text.toLowerCase();
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
      case 'date': {
        // Dates and numbers straight from a spreadsheet cell are read as such, before any text rule.
        const iso = cellDate(typeof cell === 'string' ? text : cell, text, formats);
        return (
          iso ??
          new FieldProblem(
            'INVALID_DATE',
            `Invalid ${where}: ${quoted(text)} is not a date in the format ${expectedDate}`,
          )
        );
      }
      case 'boolean': {
        const value = cellBoolean(cell, text);
        return (
          value ??
          new FieldProblem(
            'INVALID_BOOLEAN',
            `Invalid ${where}: ${quoted(text)} is not yes/no, true/false, y/n or 1/0`,
          )
        );
      }
      case 'number': {
        const value = cellNumber(cell, text);
        return (
          value ?? new FieldProblem('INVALID_NUMBER', `Invalid ${where}: ${quoted(text)} is not a number`)
        );
      }
    }
  };
}
