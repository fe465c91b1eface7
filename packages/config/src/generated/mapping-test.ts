/* Generated from schema/mapping-test.schema.json by scripts/codegen.ts (pnpm gen). Do not edit: change the schema. */

/**
 * Tests of a tenant's mappings (tenants/<id>/tests/*.yaml), run by `roster test`: source rows in, expected profile fields or rejections out.
 */
export interface MappingTestFile {
  /**
   * The test cases, run in order.
   *
   * @minItems 1
   */
  cases: [MappingTestCase, ...MappingTestCase[]];
}
/**
 * One source row and what mapping it must give.
 */
export interface MappingTestCase {
  /**
   * What the case checks, shown when it fails.
   */
  name: string;
  /**
   * The source row: column → cell text, as in the customer's file. Columns the mappings use but the row leaves out are empty. Values are read as text (leading zeros kept).
   */
  row: {
    [k: string]: string | number | boolean | null;
  };
  expect: MappingTestExpectation;
}
/**
 * Either the fields and attributes the row must map to (only those listed are checked), or the rejection codes it must get.
 */
export interface MappingTestExpectation {
  /**
   * Profile field → expected value (`null` for empty).
   */
  fields?: {
    /**
     * The employee id; `null` when empty.
     */
    employee_id?: string | null;
    /**
     * The e-mail (as mapped: trimmed, and lowercased if the mapping says so); `null` when empty.
     */
    email?: string | null;
    /**
     * The first name; `null` when empty.
     */
    first_name?: string | null;
    /**
     * The last name; `null` when empty.
     */
    last_name?: string | null;
    /**
     * The job title; `null` when empty.
     */
    job_title?: string | null;
    /**
     * The department; `null` when empty.
     */
    department?: string | null;
    /**
     * The manager's employee id; `null` when empty.
     */
    manager_id?: string | null;
    /**
     * The location; `null` when empty.
     */
    location?: string | null;
    /**
     * The hire date, `YYYY-MM-DD`; `null` when empty.
     */
    hire_date?: string | null;
    /**
     * `active` or `inactive`; `null` when empty.
     */
    status?: string | null;
  };
  /**
   * Attribute → expected value.
   */
  attributes?: {
    [k: string]: string | number | boolean | null;
  };
  /**
   * The rejection codes the row must get, in field order.
   *
   * @minItems 1
   */
  rejected?: [
    (
      | 'MISSING_REQUIRED'
      | 'INVALID_EMAIL'
      | 'INVALID_DATE'
      | 'INVALID_BOOLEAN'
      | 'INVALID_NUMBER'
      | 'INVALID_STATUS'
      | 'VALUE_TOO_LONG'
    ),
    ...(
      | 'MISSING_REQUIRED'
      | 'INVALID_EMAIL'
      | 'INVALID_DATE'
      | 'INVALID_BOOLEAN'
      | 'INVALID_NUMBER'
      | 'INVALID_STATUS'
      | 'VALUE_TOO_LONG'
    )[]
  ];
}
