import { RosterError } from '@roster/engine';
import { binaryHint, binaryKind, describeBinary } from './file-signature.ts';

/**
 * Throws when a file read as text (CSV, JSON) starts like a binary container, naming what it is. Apart
 * from file-signature.ts because the xlsx worker uses that one and must not load @roster/engine.
 */
export function refuseBinaryText(sample: Uint8Array, fileName: string, format: 'CSV' | 'JSON'): void {
  const binary = binaryKind(sample);
  if (binary === undefined) return;
  throw new RosterError(
    format === 'CSV' ? 'CSV_MALFORMED' : 'JSON_MALFORMED',
    `Invalid ${format} file ${fileName}: it is ${describeBinary(binary)}, not text`,
    { file: fileName, hint: binaryHint(binary, format) },
  );
}
