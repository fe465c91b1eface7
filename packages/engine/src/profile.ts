import type { ProfileField } from '@roster/config';
import { ROW_PROBLEM_CODES } from './ports/table.ts';

// The profile's fields are config's (mappings are checked against them); the engine's users have them.
export { PROFILE_FIELDS, type ProfileField } from '@roster/config';

export const KEY_FIELDS = ['employee_id', 'email'] as const;
export type KeyField = (typeof KEY_FIELDS)[number];

/** The other identifier of a tenant's people: the e-mail when they are keyed by employee id, and the reverse. */
export const otherIdentifier = (key: KeyField): KeyField => (key === 'employee_id' ? 'email' : 'employee_id');

export type UserStatus = 'active' | 'inactive';

export type AttributeValue = string | number | boolean | null;

/** One person after mapping: profile fields as text (dates `YYYY-MM-DD`), attributes as JSON values. */
export interface MappedUser {
  /** Where the person's row starts in the file. */
  readonly line: number;
  readonly fields: Readonly<Record<ProfileField, string | null>> & { readonly status: UserStatus };
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** Why a row was not applied. Codes are stable and upper-snake-case. */
export const REJECTION_CODES = [
  'MISSING_REQUIRED',
  'INVALID_EMAIL',
  'INVALID_DATE',
  'INVALID_BOOLEAN',
  'INVALID_NUMBER',
  'INVALID_STATUS',
  'VALUE_TOO_LONG',
  'INVALID_CHARACTER',
  'DUPLICATE_KEY',
  'DUPLICATE_EMAIL',
  'DUPLICATE_EMPLOYEE_ID',
  'IDENTITY_SWAP',
  'EMAIL_IN_USE',
  'EMPLOYEE_ID_IN_USE',
  // A row a reader could not make usable is rejected under its problem's code.
  ...ROW_PROBLEM_CODES,
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface Rejection {
  readonly line: number;
  /** The row's key value when it could be read, else null. */
  readonly key: string | null;
  /** The profile field or attribute at fault; null when the whole row is. */
  readonly field: string | null;
  readonly code: RejectionCode;
  readonly message: string;
}
