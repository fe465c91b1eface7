/** The tenant.yaml and mappings.yaml `roster init` writes, with comments that say what to review. */
import type { FileFormat } from '@roster/config';
import { stringify } from 'yaml';
import type { GuessedMapping } from './guess-mappings.ts';

/** A YAML scalar, quoted only when YAML needs it (`Employee ID` stays bare, `"00:00"` does not). */
const scalar = (value: string) => stringify(value, { lineWidth: 0 }).trimEnd();

export interface TenantFilesInput {
  readonly id: string;
  readonly format: FileFormat;
  readonly fileName: string;
  readonly jsonRecords?: string | undefined;
  /** The workbook's sheet, when one was named (`--sheet`) or found (the people's); else the reader takes the first. */
  readonly sheet?: string | undefined;
  /** The header's line (CSV) or sheet row (workbook), when title lines come before it. */
  readonly headerRow?: number | undefined;
  /** For CSV: the sample's encoding when it is not UTF-8 (sample-table.ts). */
  readonly encoding?: 'windows-1252' | undefined;
  readonly guess: GuessedMapping;
  /** What the first line's `$schema=` points at (see schema-reference.ts). */
  readonly schema: string;
}

export function renderTenantYaml(input: TenantFilesInput): string {
  const headerRow = input.headerRow === undefined ? [] : [`    headerRow: ${input.headerRow}`];
  const formatOptions =
    input.format === 'csv'
      ? [
          '  csv:',
          '    delimiter: auto',
          ...(input.encoding === undefined
            ? ['    encoding: auto']
            : [
                `    # The sample is not UTF-8. Pinned: with auto, a file whose first 64 KiB are plain ASCII would be read as UTF-8.`,
                `    encoding: ${input.encoding}`,
              ]),
          ...headerRow,
        ]
      : input.format === 'json' && input.jsonRecords
        ? ['  json:', `    records: ${scalar(input.jsonRecords)}`]
        : input.format === 'xlsx' && (input.sheet !== undefined || input.headerRow !== undefined)
          ? [
              '  xlsx:',
              ...(input.sheet === undefined ? [] : [`    sheet: ${scalar(input.sheet)}`]),
              ...headerRow,
            ]
          : [];
  return [
    `# yaml-language-server: $schema=${input.schema}`,
    `# Written by \`roster init\`. Review every line, then \`roster validate ${input.id}\` and \`roster check ${input.id}\`.`,
    `name: ${scalar(input.id)}`,
    "# Start with a local folder (put files in inbox/); switch to the customer's SFTP server when ready:",
    '#   type: sftp, host, username, password: ${env:NAME} (or privateKey: ${file:/path}),',
    `#   hostKey from \`roster test-connection ${input.id} --print-host-key\`, directory.`,
    'connection:',
    '  type: local',
    '  directory: inbox',
    'file:',
    `  name: ${scalar(input.fileName)}`,
    `  format: ${input.format}`,
    ...formatOptions,
    '  whenMissing: fail',
    '  afterSync: keep',
    `key: ${input.guess.key}`,
    'schedule:',
    '  daily: "02:00"',
    '  timezone: UTC',
    'lifecycle:',
    '  deactivateMissing: true',
    '  maxDeactivations: 10%',
    '  maxRejected: 5%',
    '',
  ].join('\n');
}

/**
 * A mapping of a column that some of a JSON sample's records leave out: exporters drop empty keys,
 * and the day no record has one, a plain mapping would fail the run (COLUMN_MISSING). `default: ""`
 * says that a missing key is an empty value.
 */
function mayBeLeftOut(name: string, column: string, indent: string): string[] {
  return [
    `${indent}${name}:`,
    `${indent}  from: ${scalar(column)}`,
    `${indent}  default: ""  # some records of the sample leave it out: empty then`,
  ];
}

/**
 * `sometimesMissing`: the JSON sample's columns that some records leave out (the key field and the
 * e-mail excepted: every record must have them).
 */
export function renderMappingsYaml(
  guess: GuessedMapping,
  schema: string,
  sometimesMissing: ReadonlySet<string> = new Set(),
): string {
  const lines = [`# yaml-language-server: $schema=${schema}`];
  if (Object.keys(guess.fields).length === 0)
    lines.push(
      '# No column of the sample was recognised as a profile field: map at least the key and email,',
      '# e.g. `employee_id: Personnel No` and `email: { from: Mail, transform: [trim, lowercase] }`.',
      'fields: {}',
    );
  else lines.push('fields:');
  for (const [field, column] of Object.entries(guess.fields)) {
    if (field === 'email') {
      lines.push('  email:', `    from: ${scalar(column)}`, '    transform: [trim, lowercase]');
    } else if (field === 'hire_date' && guess.dateFormat) {
      lines.push(
        '  hire_date:',
        `    from: ${scalar(column)}`,
        '    type: date',
        dateFormatLine(guess.dateFormat, guess.dateFormatAmbiguous === true),
        ...(sometimesMissing.has(column)
          ? ['    default: ""  # some records of the sample leave it out: empty then']
          : []),
      );
    } else if (field === 'status' && guess.statusMap) {
      const recognised = Object.entries(guess.statusMap);
      // With no value recognised, a bare `map:` followed by comments is YAML null, which the
      // schema refuses: the scaffold would fail its own validation. An empty map is valid and
      // the comments below it still list the values to place.
      lines.push(
        '  status:',
        `    from: ${scalar(column)}`,
        recognised.length > 0
          ? '    map:'
          : '    map: {}  # replace {} with the values below, each → active or inactive',
      );
      for (const [value, status] of recognised) lines.push(`      ${scalar(value)}: ${status}`);
      for (const value of guess.unknownStatuses)
        lines.push(
          `      # ${scalar(value)}: active or inactive?  (seen in the sample; rows with it are rejected until mapped)`,
        );
      lines.push('    default: active');
    } else if (sometimesMissing.has(column) && field !== guess.key) {
      lines.push(...mayBeLeftOut(field, column, '  '));
    } else {
      lines.push(`  ${field}: ${scalar(column)}`);
    }
  }
  const attributes = Object.entries(guess.attributes);
  if (attributes.length > 0) {
    lines.push(
      '# Columns that are no profile field, kept per user as JSON. Remove what the platform does not need.',
      'attributes:',
    );
    for (const [name, column] of attributes)
      lines.push(
        ...(sometimesMissing.has(column)
          ? mayBeLeftOut(name, column, '  ')
          : [`  ${name}: ${scalar(column)}`]),
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The `format:` line of the hire date: one pattern, or a flow list of them, with what to check. */
function dateFormatLine(format: string | readonly string[], ambiguous: boolean): string {
  const patterns = [format].flat();
  const written =
    typeof format === 'string'
      ? scalar(format)
      : stringify(patterns, {
          collectionStyle: 'flow',
          flowCollectionPadding: false,
          lineWidth: 0,
        }).trimEnd();
  if (ambiguous) {
    const dayFirst = patterns.map((pattern) => pattern.replace('M/d/', 'd/M/'));
    return `    format: ${written}  # a guess: every sample date reads either way (month or day first); write ${dayFirst.join(', ')} if the customer puts the day first`;
  }
  return typeof format === 'string'
    ? `    format: ${written}  # guessed from the sample: check it`
    : `    format: ${written}  # guessed from the sample, whose dates mix formats (read in this order): check it`;
}
