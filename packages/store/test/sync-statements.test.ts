import { RosterError } from '@roster/engine';
import { describe, expect, it } from 'vitest';
import { syncWorkMem } from '../src/sync-statements.ts';

describe('syncWorkMem', () => {
  it('sets the comparison memory from ROSTER_SYNC_WORK_MEM or 256MB', () => {
    expect(syncWorkMem(undefined)).toBe("SET LOCAL work_mem = '256MB'");
    expect(syncWorkMem('64MB')).toBe("SET LOCAL work_mem = '64MB'");
  });

  it('refuses anything but a memory size, so nothing else reaches the SQL', () => {
    for (const bad of ["64MB'; DROP TABLE users; --", 'lots', '64']) {
      expect(() => syncWorkMem(bad)).toThrow(RosterError);
    }
  });
});
