/* Generated from schema/*.schema.json by scripts/codegen.ts (pnpm gen), with ajv standalone. Do not edit: change the schema. */
import type { ErrorObject } from 'ajv/dist/2020.js';

/** What ajv standalone code exports per schema: `errors` holds the errors of the last call. */
export interface PrecompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const tenant: PrecompiledValidator;
export declare const mappings: PrecompiledValidator;
export declare const mappingTest: PrecompiledValidator;
