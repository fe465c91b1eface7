import { foldCase } from './fold-case.ts';

/**
 * How a cell's text is matched to the keys of a mapping's `map`: surrounding spaces dropped, runs of
 * spaces as one, case ignored as column names ignore it ({@link foldCase}: `ACTIVE `, `Active` and
 * `active` are one key, and so are `AKTİF` and `Aktif`). Validation and runs must agree on it, so
 * both use this one.
 */
export const mapKey = (text: string): string => foldCase(text).trim().replace(/\s+/g, ' ');
