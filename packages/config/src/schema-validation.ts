/**
 * Validates a parsed YAML value against its JSON Schema with every error reported (ajv `allErrors`),
 * and turns ajv's errors into diagnostics a person can act on: one per mistake, at the key or value
 * it is about, with a stable code.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { isRecord } from './checks/report.ts';
import type { Diagnostic, DiagnosticCode } from './diagnostic.ts';
// Compiled by `pnpm gen` (scripts/render-validators.ts) rather than here: compiling the three schemas
// with ajv took ~60 ms of every CLI start. test/precompiled-validators.test.ts checks they still agree.
import * as precompiled from './generated/schema-validators.js';
import { secretRefProblem } from './secret-ref-problem.ts';
import { closestMatch } from './suggest.ts';
import type { PathSegment, YamlSource } from './yaml-source.ts';

export type SchemaName = 'tenant' | 'mappings' | 'mapping-test';

const validators: Record<SchemaName, precompiled.PrecompiledValidator> = {
  tenant: precompiled.tenant,
  mappings: precompiled.mappings,
  'mapping-test': precompiled.mappingTest,
};

/** Pattern failures of these definitions get a code of their own. */
const PATTERN_CODES: Record<string, DiagnosticCode> = {
  hostKeyFingerprint: 'INVALID_HOST_KEY',
  clockTime: 'INVALID_TIME',
  threshold: 'INVALID_THRESHOLD',
};

type Schema = Record<string, unknown>;

const segmentsOf = (instancePath: string): PathSegment[] =>
  instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

function show(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

const article = (type: string) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
const typeWord = (type: string) =>
  type === 'object' ? 'mapping (key: value lines)' : type === 'array' ? 'list' : type;

/** The $defs entry an error comes from (`#/$defs/secretRef/pattern` → `secretRef`). */
const definitionOf = (error: ErrorObject) => /#\/\$defs\/([^/]+)\//.exec(error.schemaPath)?.[1];

function isRequiredOnlyOneOf(schema: Schema | undefined): boolean {
  const branches = schema?.oneOf;
  return (
    Array.isArray(branches) &&
    branches.every((branch) => typeof branch === 'object' && Object.keys(branch).join() === 'required')
  );
}

const isUnder = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}/`);

/** The type names a schema (or its oneOf branches) accepts, for "must be X or Y" messages. */
function acceptedTypes(schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (typeof schema.type === 'string') return [schema.type];
  const branches = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  return branches ? branches.flatMap(acceptedTypes) : [];
}

export function validateAgainstSchema(name: SchemaName, source: YamlSource): Diagnostic[] {
  const validate = validators[name];
  if (validate(source.value)) return [];
  const errors = validate.errors ?? [];
  const diagnostics: Diagnostic[] = [];
  const fileName = source.file.split(/[\\/]/).pop() ?? source.file;
  const dotted = (segments: readonly PathSegment[]) =>
    segments.length === 0 ? fileName : `\`${segments.map(String).join('.')}\``;
  const dropped = new Set<ErrorObject>();

  const at = (
    error: ErrorObject,
    code: DiagnosticCode,
    message: string,
    segments?: PathSegment[],
    key = false,
  ) => {
    const path = segments ?? segmentsOf(error.instancePath);
    const { line, col } = source.positionOf(path, { key });
    diagnostics.push({ file: source.file, line, col, level: 'error', code, message });
  };

  // oneOf failures first: they decide which of the branches' errors are worth showing.
  for (const error of errors.filter((e) => e.keyword === 'oneOf')) {
    dropped.add(error);
    const parent = error.parentSchema as Schema | undefined;
    const path = segmentsOf(error.instancePath);
    if (isRequiredOnlyOneOf(parent)) {
      const options = ((parent?.oneOf ?? []) as Array<{ required: string[] }>).map(
        (branch) => branch.required[0] ?? '',
      );
      const passing = (error.params as { passingSchemas: number[] | null }).passingSchemas;
      for (const other of errors) {
        if (
          other.keyword === 'required' &&
          other.instancePath === error.instancePath &&
          other.schemaPath.includes('/oneOf/')
        ) {
          dropped.add(other);
        }
      }
      // Not a mapping at all (`schedule: daily`, or every line under it commented out): the type
      // error says so, and a value with no keys passes every `required`-only branch without having any.
      if (!isRecord(error.data)) continue;
      if (passing) {
        const present = passing.map((index) => `\`${options[index]}\``).join(' and ');
        at(
          error,
          'SCHEDULE_AMBIGUOUS',
          `Invalid ${dotted(path)}: it has both ${present}; keep exactly one of ${options.join(', ')}.`,
        );
      } else {
        at(
          error,
          'MISSING_KEY',
          `Invalid ${dotted(path)}: it needs one of ${options.map((o) => `\`${o}\``).join(', ')}, for example \`daily: "02:00"\`.`,
        );
      }
      continue;
    }
    // Branches whose type does not fit the value are noise ("must be string" for a mapping):
    // keep the errors of the branch that fits; if none fits, say which types would.
    const typeErrors = errors.filter((e) => e.keyword === 'type' && e.instancePath === error.instancePath);
    const informative = errors.filter(
      (e) =>
        e !== error &&
        !typeErrors.includes(e) &&
        e.keyword !== 'oneOf' &&
        isUnder(e.instancePath, error.instancePath),
    );
    for (const typeError of typeErrors) dropped.add(typeError);
    if (informative.length === 0) {
      const types = [...new Set(acceptedTypes(parent))].map((type) => article(typeWord(type)));
      const rule =
        typeof parent?.errorMessage === 'string' ? parent.errorMessage : `must be ${types.join(' or ')}`;
      at(error, 'WRONG_TYPE', `Invalid ${dotted(path)}: ${rule}, got ${show(error.data)}.`);
    }
  }

  for (const error of errors) {
    if (dropped.has(error)) continue;
    const path = segmentsOf(error.instancePath);
    const parent = error.parentSchema as Schema | undefined;
    switch (error.keyword) {
      case 'additionalProperties': {
        const property = (error.params as { additionalProperty: string }).additionalProperty;
        const known = Object.keys((parent?.properties as Schema | undefined) ?? {});
        const suggestion = closestMatch(property, known);
        const isProfileField = name === 'mappings' && path.length === 1 && path[0] === 'fields';
        // YAML 1.1's merge key, which Roster's YAML 1.2 reading takes for a key like any other.
        const help =
          property === '<<'
            ? 'YAML merge keys (`<<: *anchor`) are not read: write the keys out in full.'
            : suggestion
              ? `Did you mean \`${suggestion}\`?`
              : isProfileField
                ? `Profile fields are ${known.join(', ')}; put other columns under \`attributes:\`.`
                : `Known keys here: ${known.join(', ')}.`;
        const what = isProfileField ? 'profile field' : 'key';
        at(
          error,
          isProfileField ? 'UNKNOWN_FIELD' : 'UNKNOWN_KEY',
          `Unknown ${what} \`${property}\` in ${dotted(path)}. ${help}`,
          [...path, property],
          true,
        );
        break;
      }
      case 'required': {
        const property = (error.params as { missingProperty: string }).missingProperty;
        if (property === 'hostKey') {
          at(
            error,
            'MISSING_HOST_KEY',
            `${dotted(path)} has no \`hostKey\`: an SFTP server's host key must be pinned. Run \`roster test-connection TENANT --print-host-key\` and add \`hostKey: "SHA256:…"\`.`,
            path,
            path.length > 0,
          );
        } else {
          at(
            error,
            'MISSING_KEY',
            `${dotted(path)} is missing the required key \`${property}\`: add it (see docs/config-reference.md).`,
            path,
            path.length > 0,
          );
        }
        break;
      }
      case 'type': {
        // A number or a boolean where a secret reference belongs is a literal secret all the same
        // (`password: 83920174`): said as such, and never echoed.
        if (definitionOf(error) === 'secretRef') {
          const rule =
            typeof parent?.errorMessage === 'string' ? parent.errorMessage : 'must be a secret reference';
          at(error, 'SECRET_LITERAL', `Invalid ${dotted(path)}: ${rule}, got a literal value.`);
          break;
        }
        const raw = (error.params as { type: string | string[] }).type;
        const type = (Array.isArray(raw) ? raw : raw.split(',')).join(' or ');
        const quoteHint = type === 'string' ? ' Quote the value in YAML.' : '';
        at(
          error,
          'WRONG_TYPE',
          `Invalid ${dotted(path)}: must be ${article(typeWord(type))}, got ${show(error.data)}.${quoteHint}`,
        );
        break;
      }
      case 'enum': {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const suggestion = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
        at(
          error,
          'INVALID_VALUE',
          `Invalid ${dotted(path)}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${show(error.data)}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        );
        break;
      }
      case 'const': {
        const allowed = (error.params as { allowedValue: unknown }).allowedValue;
        at(
          error,
          'INVALID_VALUE',
          `Invalid ${dotted(path)}: must be ${JSON.stringify(allowed)}, got ${show(error.data)}.`,
        );
        break;
      }
      case 'discriminator': {
        const { tag, tagValue } = error.params as { tag: string; tagValue: unknown; error: string };
        const types = ((parent?.oneOf as Schema[] | undefined) ?? [])
          .map((branch) =>
            String(branch.$ref ?? '')
              .replace('#/$defs/', '')
              .replace('Connection', ''),
          )
          .filter(Boolean);
        const rule = `\`${tag}\` must be one of ${types.join(', ')}`;
        if (tagValue === undefined) {
          at(error, 'MISSING_KEY', `${dotted(path)} is missing \`${tag}\`: ${rule}.`, path, true);
        } else {
          at(
            error,
            'INVALID_VALUE',
            `Invalid ${dotted([...path, tag])}: ${rule.replace(`\`${tag}\` `, '')}, got ${show(tagValue)}.`,
            [...path, tag],
          );
        }
        break;
      }
      case 'pattern': {
        const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
        const rule =
          typeof parent?.errorMessage === 'string'
            ? parent.errorMessage
            : `must match ${(error.params as { pattern: string }).pattern}`;
        if (propertyName !== undefined) {
          at(
            error,
            'INVALID_FORMAT',
            `Invalid name \`${propertyName}\` in ${dotted(path)}: ${rule}.`,
            [...path, propertyName],
            true,
          );
          break;
        }
        const definition = definitionOf(error);
        let code: DiagnosticCode = (definition && PATTERN_CODES[definition]) || 'INVALID_FORMAT';
        if (definition === 'secretRef') {
          code =
            typeof error.data === 'string' && error.data.startsWith('${')
              ? 'INVALID_SECRET_REF'
              : 'SECRET_LITERAL';
        }
        // Never echo what may be a secret.
        const got =
          definition !== 'secretRef'
            ? show(error.data)
            : code === 'INVALID_SECRET_REF'
              ? secretRefProblem(error.data as string)
              : 'a literal value';
        at(error, code, `Invalid ${dotted(path)}: ${rule}, got ${got}.`);
        break;
      }
      case 'propertyNames':
        break; // reported through the nested `pattern` error, which knows the offending name
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const { comparison, limit } = error.params as { comparison: string; limit: number };
        at(
          error,
          'OUT_OF_RANGE',
          `Invalid ${dotted(path)}: must be ${comparison} ${limit}, got ${show(error.data)}.`,
        );
        break;
      }
      case 'minLength':
        at(error, 'INVALID_VALUE', `Invalid ${dotted(path)}: must not be empty.`);
        break;
      case 'minItems':
        at(error, 'INVALID_VALUE', `Invalid ${dotted(path)}: the list must not be empty.`);
        break;
      case 'uniqueItems':
        at(
          error,
          'INVALID_VALUE',
          `Invalid ${dotted(path)}: the list has the same entry twice; remove the repeat.`,
        );
        break;
      default:
        at(
          error,
          'INVALID_VALUE',
          `Invalid ${dotted(path)}: ${error.message ?? 'does not match the schema'}.`,
        );
    }
  }
  return diagnostics;
}
