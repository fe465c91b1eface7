import { describe, expect, it } from 'vitest';
import { diagnosticLocation } from '../src/index.ts';

describe('diagnosticLocation', () => {
  it('is file:line:col for a position, and the file alone for a whole-file problem', () => {
    expect(diagnosticLocation({ file: 'tenants/acme/tenant.yaml', line: 4, col: 3 })).toBe(
      'tenants/acme/tenant.yaml:4:3',
    );
    expect(diagnosticLocation({ file: 'tenants/acme/mappings.yaml', line: 0, col: 0 })).toBe(
      'tenants/acme/mappings.yaml',
    );
    expect(diagnosticLocation({ file: 'sample.csv', line: 7, col: 0 })).toBe('sample.csv:7');
  });
});
