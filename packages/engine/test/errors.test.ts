import { describe, expect, it } from 'vitest';
import { RosterError, withHint } from '../src/index.ts';

describe('RosterError', () => {
  it('joins the message and the hint with one full stop', () => {
    const error = new RosterError('CONFIG_INVALID', 'Invalid connection.port', { hint: 'Check tenant.yaml' });
    expect(error.message).toBe('Invalid connection.port. Check tenant.yaml');
    expect(error.hint).toBe('Check tenant.yaml');
  });

  it('adds no second full stop after a message that already ends a sentence', () => {
    const error = new RosterError('CONFIG_INVALID', 'Tenant x is invalid:\n  the day must be a digit.', {
      hint: 'Run `roster validate x` for every problem',
    });
    expect(error.message).toBe(
      'Tenant x is invalid:\n  the day must be a digit. Run `roster validate x` for every problem',
    );
    expect(withHint('Did you mean `port`? ', 'Fix it')).toBe('Did you mean `port`? Fix it');
  });

  it('keeps a message without a hint as it is', () => {
    expect(new RosterError('USAGE', 'Name one tenant').message).toBe('Name one tenant');
  });
});
