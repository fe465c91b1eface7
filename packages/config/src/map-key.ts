/**
 * How a cell's text is matched to the keys of a mapping's `map`: surrounding spaces dropped, runs of
 * spaces as one, case ignored (`ACTIVE `, `Active` and `active` are one key). Validation and runs
 * must agree on it, so both use this one.
 */
export const mapKey = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();
