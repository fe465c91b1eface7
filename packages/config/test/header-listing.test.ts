import { describe, expect, it } from 'vitest';
import { describeHeader, explainAmbiguousColumn, listHeader, quoteHeaderCell } from '../src/index.ts';

describe('header listing', () => {
  it('lists at most 20 cells, each cut to 40 characters, then how many more', () => {
    expect(listHeader(['Id', 'Email'])).toBe('"Id", "Email"');
    expect(listHeader([])).toBe('(empty)');
    const wide = Array.from({ length: 16_002 }, (_, i) => `C${i}`);
    expect(listHeader(wide)).toBe(
      `${wide
        .slice(0, 20)
        .map((c) => `"${c}"`)
        .join(', ')} … and 15,982 more`,
    );
    expect(quoteHeaderCell('x'.repeat(100))).toBe(`"${'x'.repeat(39)}…"`);
    // Cut before a surrogate pair rather than through it.
    expect(quoteHeaderCell(`${'x'.repeat(38)}😀${'y'.repeat(10)}`)).toBe(`"${'x'.repeat(38)}…"`);
  });

  it('caps the positions of a name repeated thousands of times', () => {
    const header = ['id', ...Array.from({ length: 16_000 }, () => 'email')];
    const indexes = header.flatMap((cell, index) => (cell === 'email' ? [index] : []));
    const { found } = explainAmbiguousColumn(header, indexes);
    expect(found).toBe(
      `the header has it 16,000 times (columns ${Array.from({ length: 20 }, (_, i) => i + 2).join(', ')} … and 15,980 more)`,
    );
  });

  it("does not list a header that holds an e-mail address: it is a person's row", () => {
    expect(describeHeader(['001', 'u1@x.com', 'F1'], 1).shown).toBe(
      "the header (line 1) is not listed: it holds an e-mail address, so it looks like a person's row rather than column names",
    );
    expect(describeHeader(['Id', 'Work Email']).shown).toBe('the header is: "Id", "Work Email"');
    // A comma file read with `csv.delimiter: ";"`: one column holding the others.
    const oneColumn = describeHeader(['Personalnummer,Vorname,Nachname'], 1);
    expect(oneColumn.shown).toBe(
      'the header (line 1) reads as one column, "Personalnummer,Vorname,Nachname": the file is separated by commas (,), not by the configured delimiter',
    );
    expect(oneColumn.fix).toBe('Set `csv.delimiter: auto` (or ",") in tenant.yaml');
    expect(describeHeader(['Id']).shown).toBe('the header is: "Id"');
  });
});
