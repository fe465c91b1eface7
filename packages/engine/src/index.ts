export * from './errors.ts';
export * from './mapping/cell-values.ts';
export * from './mapping/row-mapper.ts';
export * from './ports/table.ts';
export * from './profile.ts';
