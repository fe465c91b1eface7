/** The three ways `validate` prints diagnostics: for people, for programs, for GitHub pull requests. */
import { styleText } from 'node:util';
import { type Diagnostic, diagnosticLocation as location } from '@roster/config';

export const DIAGNOSTIC_FORMATS = ['text', 'json', 'github'] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

export interface ValidationSummary {
  readonly tenants: number;
  readonly invalidTenants: number;
  readonly diagnostics: readonly Diagnostic[];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatText(summary: ValidationSummary, color: boolean): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(style, text) : text;
  const lines = summary.diagnostics.map((d) => {
    const level = d.level === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    return `${paint('bold', location(d))} ${level} ${paint('dim', d.code)} ${d.message}`;
  });
  const errors = summary.diagnostics.filter((d) => d.level === 'error').length;
  const warnings = summary.diagnostics.length - errors;
  const verdict =
    summary.invalidTenants === 0
      ? paint('green', `${plural(summary.tenants, 'tenant')} valid`)
      : paint('red', `${summary.invalidTenants} of ${plural(summary.tenants, 'tenant')} invalid`);
  lines.push(
    `${lines.length > 0 ? '\n' : ''}${verdict} (${plural(errors, 'error')}, ${plural(warnings, 'warning')})`,
  );
  return `${lines.join('\n')}\n`;
}

export function formatJson(summary: ValidationSummary): string {
  return `${JSON.stringify({ valid: summary.invalidTenants === 0, tenants: summary.tenants, diagnostics: summary.diagnostics }, null, 2)}\n`;
}

// GitHub workflow commands: data escapes %, CR, LF; properties also , and :.
const escapeData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::error file=…,line=…,col=…,title=CODE::message`: GitHub shows these on the pull request's lines. */
export function formatGithub(summary: ValidationSummary): string {
  const lines = summary.diagnostics.map((d) => {
    const properties = [`file=${escapeProperty(d.file)}`];
    if (d.line > 0) properties.push(`line=${d.line}`, `col=${d.col}`);
    properties.push(`title=${escapeProperty(`roster ${d.code}`)}`);
    return `::${d.level} ${properties.join(',')}::${escapeData(d.message)}`;
  });
  lines.push(`${summary.tenants - summary.invalidTenants} of ${plural(summary.tenants, 'tenant')} valid`);
  return `${lines.join('\n')}\n`;
}
