/** The plain text tables of check, history and test-connection: every row lines up. */
import { describe, expect, it } from 'vitest';
import { displayWidth, renderTable } from '../src/output/table.ts';

describe('renderTable', () => {
  it('lines up columns after names in wide scripts and values with line breaks', () => {
    const table = renderTable(
      ['line', 'first_name', 'department'],
      [
        [2, '山田', 'Sales'],
        [3, 'José', 'R&D'],
        [4, 'Ann', 'Ops\r\nEurope'],
      ],
    );
    const lines = table.split('\n');
    expect(lines).toEqual([
      'line  first_name  department',
      '----  ----------  ----------',
      '   2  山田        Sales',
      '   3  José        R&D',
      '   4  Ann         Ops↵Europe',
    ]);
    // Where the last column starts, in terminal columns, is the same on every row.
    const starts = lines.slice(2).map((line) => displayWidth(line.slice(0, line.search(/(Sales|R&D|Ops)/))));
    expect(new Set(starts).size).toBe(1);
  });

  it('counts wide characters as two columns and combining marks as none', () => {
    expect(displayWidth('山田太郎')).toBe(8);
    expect(displayWidth('José')).toBe(4);
    expect(displayWidth('Jose\u0301')).toBe(4);
    expect(displayWidth('ＡＢ')).toBe(4);
  });
});
