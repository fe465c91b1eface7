/**
 * `check`: a file read and mapped exactly as a run would, with no database. Duplicate keys and
 * e-mails are found in memory (a run finds them in SQL), so the verdict matches a run's.
 */
import { type MappingsConfig, mappedColumns } from '@roster/config';
import type { TableReader } from '../ports/table.ts';
import type { AttributeValue, KeyField, MappedUser, Rejection } from '../profile.ts';
import { mapFile } from './mapped-rows.ts';

export interface CheckPreviewRow {
  readonly line: number;
  readonly fields: MappedUser['fields'];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface CheckReport {
  readonly header: readonly string[];
  readonly rows: number;
  readonly valid: number;
  readonly rejected: number;
  readonly rejections: readonly Rejection[];
  readonly preview: readonly CheckPreviewRow[];
}

export interface CheckFileOptions {
  readonly path: string;
  readonly fileName: string;
  readonly reader: TableReader;
  readonly mappings: MappingsConfig;
  readonly key: KeyField;
  readonly previewLimit?: number;
  readonly rejectionDetailLimit?: number;
}

export async function checkFile(options: CheckFileOptions): Promise<CheckReport> {
  const previewLimit = options.previewLimit ?? 20;
  const detailLimit = options.rejectionDetailLimit ?? 10_000;
  const mapped = await mapFile({
    path: options.path,
    fileName: options.fileName,
    reader: options.reader,
    mappings: options.mappings,
    key: options.key,
    columns: mappedColumns(options.mappings).map((column) => column.column),
    rejectionDetailLimit: detailLimit,
  });
  // Lines by key and by e-mail: enough to report duplicates without keeping whole rows.
  const linesByKey = new Map<string, number[]>();
  const linesByEmail = new Map<string, Array<{ line: number; key: string | null }>>();
  const preview: MappedUser[] = [];
  for await (const batch of mapped.batches) {
    for (const row of batch) {
      if (row.kind !== 'user') continue;
      const { user } = row;
      if (preview.length < previewLimit + 50) preview.push(user);
      const key = user.fields[options.key] ?? '';
      const keyLines = linesByKey.get(key);
      if (keyLines) keyLines.push(user.line);
      else linesByKey.set(key, [user.line]);
      const email = user.fields.email ?? '';
      const emailLines = linesByEmail.get(email);
      if (emailLines) emailLines.push({ line: user.line, key: user.fields.employee_id });
      else linesByEmail.set(email, [{ line: user.line, key: user.fields.employee_id }]);
    }
  }
  const rejections = [...mapped.stats.rejections];
  const duplicatedLines = new Set<number>();
  for (const [key, lines] of linesByKey) {
    if (lines.length < 2) continue;
    for (const line of lines) {
      duplicatedLines.add(line);
      rejections.push({
        line,
        key,
        field: options.key,
        code: 'DUPLICATE_KEY',
        message: `The ${options.key} "${key}" occurs ${lines.length} times in the file; every occurrence is rejected`,
      });
    }
  }
  if (options.key === 'employee_id') {
    for (const [email, entries] of linesByEmail) {
      const remaining = entries.filter((entry) => !duplicatedLines.has(entry.line));
      if (remaining.length < 2) continue;
      for (const entry of remaining) {
        duplicatedLines.add(entry.line);
        rejections.push({
          line: entry.line,
          key: entry.key,
          field: 'email',
          code: 'DUPLICATE_EMAIL',
          message: `The e-mail ${email} belongs to more than one employee id in the file; each such row is rejected`,
        });
      }
    }
  }
  rejections.sort((a, b) => a.line - b.line);
  const rejected = mapped.stats.rejected + duplicatedLines.size;
  return {
    header: mapped.header,
    rows: mapped.stats.rows,
    valid: mapped.stats.rows - rejected,
    rejected,
    rejections: rejections.slice(0, detailLimit),
    preview: preview
      .filter((user) => !duplicatedLines.has(user.line))
      .slice(0, previewLimit)
      .map((user) => ({ line: user.line, fields: user.fields, attributes: user.attributes })),
  };
}
