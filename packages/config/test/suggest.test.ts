/** "Did you mean": typos are suggested, other words never are. */
import { describe, expect, it } from 'vitest';
import { closestMatch } from '../src/suggest.ts';

describe('closestMatch', () => {
  it('suggests what a typo meant', () => {
    expect(closestMatch('delimeter', ['delimiter', 'encoding'])).toBe('delimiter');
    expect(closestMatch('whenMisssing', ['whenMissing', 'afterSync'])).toBe('whenMissing');
    expect(closestMatch('Work Emial', ['Work Email', 'Work Phone'])).toBe('Work Email');
    expect(closestMatch('Employe ID', ['Employee Name', 'Employee ID'])).toBe('Employee ID');
    expect(closestMatch('Europe/Istambul', ['Europe/Istanbul', 'Europe/Berlin'])).toBe('Europe/Istanbul');
    expect(closestMatch('employe_id', ['employee_id', 'email'])).toBe('employee_id');
    // A column whose header adds its format after the name.
    expect(closestMatch('Start Date', ['Start date (MM/DD/YYYY)', 'State'])).toBe('Start date (MM/DD/YYYY)');
  });

  it('never suggests another word, however few letters differ', () => {
    const header = ['Employee Name', 'E-mail', 'Manager Email', 'Manager Name', 'Last Name', 'State'];
    expect(closestMatch('Employee ID', header)).toBeUndefined();
    expect(closestMatch('Manager ID', header)).toBeUndefined();
    expect(closestMatch('First Name', header)).toBeUndefined();
    expect(closestMatch('manager_email', ['manager_id', 'email'])).toBeUndefined();
  });
});
