/** What a run says of people the file names under a new key: the keys, and the likeliest cause. */
import { describe, expect, it } from 'vitest';
import { renumberedNote } from '../src/sync/plan-notes.ts';

describe('renumberedNote', () => {
  it('blames the spreadsheet when every id only lost its leading zeros', () => {
    const note = renumberedNote(
      {
        total: 40,
        examples: [
          { before: '00001', after: '1', shared: 'p1@x.com' },
          { before: '00002', after: '2', shared: 'p2@x.com' },
          { before: '00003', after: '3', shared: 'p3@x.com' },
        ],
      },
      'employee_id',
    );
    expect(note).toBe(
      '40 people of the file carry the e-mail of a user it leaves out: the employee_id changed (00001 → 1, 00002 → 2, 00003 → 3, …). Applying the file gives each of them a new account and deactivates the old one, with its history. The ids lost their leading zeros: a spreadsheet does that to ids it takes for numbers. Ask the customer to export the ids as text, as before, rather than apply this file',
    );
  });

  it('tells ids written as decimals, and in scientific notation, by what a spreadsheet did', () => {
    const decimals = renumberedNote(
      {
        total: 2,
        examples: [
          { before: '1001', after: '1001.0', shared: 'a@x.com' },
          { before: '0042', after: '42.0', shared: 'b@x.com' },
        ],
      },
      'employee_id',
    );
    expect(decimals).toContain('(1001 → 1001.0, 0042 → 42.0)');
    expect(decimals).toContain('The ids came as decimal numbers');
    const notation = renumberedNote(
      { total: 1, examples: [{ before: '123456789012', after: '1.23457E+11', shared: 'a@x.com' }] },
      'employee_id',
    );
    expect(notation).toContain('The ids came in scientific notation');
  });

  it('asks whether a renumbering was meant, and names one person as one', () => {
    const note = renumberedNote(
      { total: 1, examples: [{ before: '2', after: 'E002', shared: 'b@x.com' }] },
      'employee_id',
    );
    expect(note).toMatch(
      /^1 person of the file carries the e-mail of a user it leaves out: the employee_id changed \(2 → E002\)\./,
    );
    expect(note).toContain('If the customer renumbered its people on purpose, this is expected once');
  });

  it('says that under an e-mail key a new address is a new person', () => {
    const note = renumberedNote(
      { total: 2, examples: [{ before: 'c@x.com', after: 'c.new@x.com', shared: '3' }] },
      'email',
    );
    expect(note).toContain(
      'carry the employee id of a user it leaves out: the email changed (c@x.com → c.new@x.com, …)',
    );
    expect(note).toContain('key the tenant by employee id');
  });
});
