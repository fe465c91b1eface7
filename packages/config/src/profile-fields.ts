/**
 * The platform's user profile, as the contract names it. The order is the column order of the
 * `users` table and of staged rows. Config checks mappings against it; the engine maps into it.
 */
export const PROFILE_FIELDS = [
  'employee_id',
  'email',
  'first_name',
  'last_name',
  'job_title',
  'department',
  'manager_id',
  'location',
  'hire_date',
  'status',
] as const;

export type ProfileField = (typeof PROFILE_FIELDS)[number];
