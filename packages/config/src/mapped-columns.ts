import type { MappingsConfig } from './generated/mappings-config.ts';

/** One mapping from a source column to a profile field or attribute. */
export interface MappedColumn {
  readonly section: 'fields' | 'attributes';
  /** The profile field or attribute name. */
  readonly target: string;
  /** The customer's column, as configured. */
  readonly column: string;
  /** Where the column name is written in mappings.yaml (for diagnostics). */
  readonly path: readonly string[];
  /** The mapping gives a `default`: an empty cell, or a JSON record without the key, takes it. */
  readonly hasDefault: boolean;
}

/** Every column the mappings read, in the order they are written. Mappings with only a `default` read none. */
export function mappedColumns(mappings: MappingsConfig): MappedColumn[] {
  const columns: MappedColumn[] = [];
  for (const section of ['fields', 'attributes'] as const) {
    for (const [target, mapping] of Object.entries(mappings[section] ?? {})) {
      if (typeof mapping === 'string') {
        columns.push({ section, target, column: mapping, path: [section, target], hasDefault: false });
      } else if (mapping && typeof mapping === 'object' && typeof mapping.from === 'string') {
        const hasDefault = mapping.default !== undefined;
        columns.push({ section, target, column: mapping.from, path: [section, target, 'from'], hasDefault });
      }
    }
  }
  return columns;
}
