/* Generated from schema/mappings.schema.json by scripts/codegen.ts (pnpm gen). Do not edit: change the schema. */

/**
 * The customer's column name, as in the file's header.
 */
export type ColumnName = string;
/**
 * A change applied to the value after trimming: `trim`, `lowercase`, `uppercase`, or `collapseWhitespace` (runs of spaces become one).
 */
export type Transform = 'trim' | 'lowercase' | 'uppercase' | 'collapseWhitespace';
/**
 * A date pattern with `yyyy`, `yy`, `MM`, `M`, `MMM` (Jan), `MMMM` (January), `dd`, `d` and literal separators; or `excel-serial`: text that is a spreadsheet's serial day number (`44562` is 2022-01-01, `45000.5` is 2023-03-15), as CSV or JSON exported from Excel may hold.
 */
export type DateFormat = string;
/**
 * The customer's column (shorthand) or a mapping object.
 */
export type Mapping = ColumnName | FieldMappingObject;

/**
 * How the customer's columns become the platform's profile fields. Column names match case-, space-, hyphen- and underscore-insensitively. Every value is trimmed, and text is read in Unicode NFC: an accent written as a separate combining mark (NFD, as macOS tools export) is the same letter as the composed one.
 */
export interface MappingsConfig {
  fields: ProfileFieldMappings;
  attributes?: AttributeMappings;
}
/**
 * Profile field → the customer's column (shorthand) or a mapping object. The tenant's key field and `email` must be mapped.
 */
export interface ProfileFieldMappings {
  /**
   * The person's id in the customer's HR system. Always text: leading zeros are kept.
   */
  employee_id?: ColumnName | FieldMappingObject;
  /**
   * Work e-mail address; required on every row and checked for syntax. Usually with `transform: [lowercase]`.
   */
  email?: ColumnName | FieldMappingObject;
  /**
   * Given name.
   */
  first_name?: ColumnName | FieldMappingObject;
  /**
   * Family name.
   */
  last_name?: ColumnName | FieldMappingObject;
  /**
   * Job title.
   */
  job_title?: ColumnName | FieldMappingObject;
  /**
   * Department or team.
   */
  department?: ColumnName | FieldMappingObject;
  /**
   * The manager's `employee_id`. Always text.
   */
  manager_id?: ColumnName | FieldMappingObject;
  /**
   * Office or work location.
   */
  location?: ColumnName | FieldMappingObject;
  /**
   * Start date. Text is read by `format` when it is given, else as ISO `yyyy-MM-dd` or a whole serial day number; spreadsheet date cells and numeric cells (Excel serials) are read as dates whatever the format.
   */
  hire_date?: ColumnName | FieldMappingObject;
  /**
   * `active` or `inactive`. An inactive person is deactivated. Map the customer's values with `map`. An empty cell without a `default` counts as `active`: the person is in the file, so one who was inactive is reactivated. Give `default` to say otherwise.
   */
  status?: ColumnName | StatusMappingObject;
}
/**
 * A column with the rules to turn its value into the field.
 */
export interface FieldMappingObject {
  /**
   * The customer's column name, as in the file's header.
   */
  from?: string;
  /**
   * Changes applied in order after trimming.
   */
  transform?: Transform[];
  /**
   * Value synonyms: the customer's value (case-insensitive) → the value to store. Values not listed are kept as they are.
   */
  map?: {
    [k: string]: string;
  };
  /**
   * The value used when the cell is empty.
   */
  default?: string;
  /**
   * Reject a row whose value is empty (after `default`). The key field and `email` are always required.
   */
  required?: boolean;
  /**
   * How the value is read: `string` (default), `date` (stored as YYYY-MM-DD; see `format`), `boolean` (yes/no, true/false, y/n, 1/0, x for yes; an empty cell is no value unless `default` gives one), or `number` (see `decimal`).
   */
  type?: 'string' | 'date' | 'boolean' | 'number';
  /**
   * For `type: number`: the decimal separator of the customer's text. `.` (default): `1234.5`, with `,` grouping thousands (`1,234.5`); `,` for exports in European formats: `1234,5`, with `.`, a space or `'` grouping thousands (`1.234,5`). Numeric spreadsheet cells are numbers whatever it says.
   */
  decimal?: '.' | ',';
  /**
   * For `type: date`: the pattern, or a list of patterns tried in order. Text is read by these patterns only (a bare number is a date only with `excel-serial` in the list); without `format`, text is ISO `yyyy-MM-dd` or a whole serial day number. Spreadsheet date cells are dates whatever the format; a numeric cell is a serial day number, except under a pattern of digits only (`yyyyMMdd`, `ddMMyy`), which reads the number's digits (50719 as `050719`) and takes it for a serial only with `excel-serial` in the list too. A two-digit year (`yy`) is in this century up to next year (in 2026, 00–27 are 2000–2027) and in the last one above that (28–99 are 1928–1999).
   */
  format?: DateFormat | [DateFormat, ...DateFormat[]];
}
export interface StatusMappingObject {
  /**
   * The customer's column name, as in the file's header.
   */
  from?: string;
  /**
   * Changes applied in order after trimming.
   */
  transform?: Transform[];
  /**
   * The customer's status values (case-insensitive) → `active` or `inactive`.
   */
  map?: {
    [k: string]: 'active' | 'inactive';
  };
  /**
   * The status of a person whose cell is empty.
   */
  default?: 'active' | 'inactive';
  /**
   * Reject a row whose status is empty and has no default.
   */
  required?: boolean;
}
/**
 * Extra per-tenant fields, kept as JSON on the user: attribute name (lower_snake_case) → column or mapping object.
 */
export interface AttributeMappings {
  [k: string]: Mapping;
}
