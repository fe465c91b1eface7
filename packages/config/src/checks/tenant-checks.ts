/**
 * Checks of tenant.yaml that the JSON Schema cannot express. They run on the parsed value even when
 * the schema found problems elsewhere, so they guard every access.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatFromFileName } from '../file-format.ts';
import { cronProblem, isTimeZone, timeZoneAdvice, timeZoneNames } from '../schedule.ts';
import { closestMatch } from '../suggest.ts';
import { isRecord, type Report } from './report.ts';

function checkSchedule(schedule: unknown, report: Report): void {
  if (!isRecord(schedule)) return;
  const { cron, timezone } = schedule;
  if (typeof cron === 'string') {
    const problem = cronProblem(cron);
    if (problem) {
      report.add(
        ['schedule', 'cron'],
        'INVALID_CRON',
        `Invalid \`schedule.cron\` "${cron}": ${problem}. Example: "0 2 * * 1-5" is 02:00 on weekdays.`,
      );
    }
  }
  const advice = typeof timezone === 'string' && isTimeZone(timezone) ? timeZoneAdvice(timezone) : undefined;
  if (advice !== undefined) {
    report.add(
      ['schedule', 'timezone'],
      'TIMEZONE_ALIAS',
      `\`schedule.timezone\`: ${advice}. Schedules run by this zone's clock.`,
      { level: 'warning' },
    );
  }
  if (typeof timezone === 'string' && !isTimeZone(timezone)) {
    const suggestion = closestMatch(timezone, timeZoneNames());
    report.add(
      ['schedule', 'timezone'],
      'UNKNOWN_TIMEZONE',
      `Invalid \`schedule.timezone\` "${timezone}": not an IANA time zone name${suggestion ? `. Did you mean "${suggestion}"?` : '; use a name such as "Europe/Istanbul" or "UTC", not an offset'}`,
    );
  }
}

function checkConnection(connection: unknown, tenantDir: string, report: Report): void {
  if (!isRecord(connection)) return;
  if (connection.type === 'sftp') {
    if (connection.password === undefined && connection.privateKey === undefined) {
      report.add(
        ['connection'],
        'MISSING_CREDENTIALS',
        'The SFTP connection has neither `password` nor `privateKey`: add one as a secret reference, e.g. `password: ${env:ACME_SFTP_PASSWORD}`.',
        { key: true },
      );
    }
    if (connection.passphrase !== undefined && connection.privateKey === undefined) {
      report.add(
        ['connection', 'passphrase'],
        'MISSING_CREDENTIALS',
        '`passphrase` is set but there is no `privateKey` it would unlock: add the key or remove the passphrase.',
        { key: true, level: 'warning' },
      );
    }
  }
  if (connection.type === 'local' && typeof connection.directory === 'string') {
    const directory = path.resolve(tenantDir, connection.directory);
    if (!existsSync(directory)) {
      report.add(
        ['connection', 'directory'],
        'DIRECTORY_MISSING',
        `The local folder "${connection.directory}" does not exist (looked in ${directory}): create it or fix the path; relative paths start at the tenant folder.`,
        { level: 'warning' },
      );
    }
  }
}

/**
 * `file.name` is matched against the bare names of the files in `connection.directory`: a path, or
 * spaces at its ends, can never match, and a date placeholder matches only itself. Such a tenant
 * would fail every run with FILE_NOT_FOUND, or with `whenMissing: skip` never sync at all.
 */
function checkFileName(name: string, report: Report): void {
  if (/[/\\]/.test(name)) {
    report.add(
      ['file', 'name'],
      'INVALID_VALUE',
      `\`file.name\` "${name}" holds a folder: it is matched against the names of the files in \`connection.directory\`. Put the folder in \`connection.directory\` and only the name here.`,
    );
  } else if (name !== name.trim()) {
    report.add(
      ['file', 'name'],
      'INVALID_VALUE',
      `\`file.name\` "${name}" has spaces at its ends, which no file's name has: remove them.`,
    );
  } else if (/YYYY|yyyy|DD\b|MM\b|\$\{|%[A-Za-z]/.test(name)) {
    report.add(
      ['file', 'name'],
      'INVALID_VALUE',
      `\`file.name\` "${name}" looks like a date placeholder, but names are matched as written or as a glob: write \`*\` where the date goes (e.g. "employees_*.csv"); the newest match is taken.`,
      { level: 'warning' },
    );
  }
}

function checkFile(file: unknown, report: Report): void {
  if (!isRecord(file) || typeof file.name !== 'string') return;
  checkFileName(file.name, report);
  const fromName = formatFromFileName(file.name.trim());
  if (file.format !== undefined && !['csv', 'xlsx', 'json'].includes(String(file.format))) return; // the schema reports it
  const format = typeof file.format === 'string' ? file.format : fromName;
  if (format === undefined) {
    report.add(
      ['file', 'name'],
      'FORMAT_MISMATCH',
      `Cannot tell the format of "${file.name}" from its extension: add \`format: csv\`, \`xlsx\` or \`json\` under \`file\`.`,
    );
    return;
  }
  if (typeof file.format === 'string' && fromName !== undefined && fromName !== file.format) {
    report.add(
      ['file', 'format'],
      'FORMAT_MISMATCH',
      `\`file.format\` is ${file.format} but "${file.name}" looks like ${fromName}: check which one is right.`,
      { level: 'warning' },
    );
  }
  for (const other of ['csv', 'xlsx', 'json'] as const) {
    if (other !== format && file[other] !== undefined) {
      report.add(
        ['file', other],
        'OPTIONS_FOR_OTHER_FORMAT',
        `\`file.${other}\` options are ignored because the file is read as ${format}: remove them or fix \`format\`.`,
        { key: true, level: 'warning' },
      );
    }
  }
}

/** Meaning checks of tenant.yaml; `tenantDir` resolves relative local folders. */
export function checkTenantMeaning(value: unknown, tenantDir: string, report: Report): void {
  if (!isRecord(value)) return;
  checkSchedule(value.schedule, report);
  checkConnection(value.connection, tenantDir, report);
  checkFile(value.file, report);
}
