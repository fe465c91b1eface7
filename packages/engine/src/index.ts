export * from './errors.ts';
export * from './ports/table.ts';
