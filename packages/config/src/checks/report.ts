import type { Diagnostic, DiagnosticCode, DiagnosticLevel } from '../diagnostic.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';

/** Collects diagnostics for one YAML file, placing each at a path of the document. */
export class Report {
  readonly diagnostics: Diagnostic[] = [];
  readonly #source: YamlSource;

  constructor(source: YamlSource) {
    this.#source = source;
  }

  add(
    path: readonly PathSegment[],
    code: DiagnosticCode,
    message: string,
    options: { key?: boolean; level?: DiagnosticLevel } = {},
  ): void {
    const { line, col } = this.#source.positionOf(path, { key: options.key ?? false });
    this.diagnostics.push({
      file: this.#source.file,
      line,
      col,
      level: options.level ?? 'error',
      code,
      message,
    });
  }
}

/** A plain object (a YAML mapping), for checks that run on values the schema may have rejected. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
