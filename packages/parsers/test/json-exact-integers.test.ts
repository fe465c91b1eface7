/** Parsing JSON with integers beyond 2^53 kept as their digits, and the scanners' exact mode. */
import { describe, expect, it } from 'vitest';
import { JsonArrayScanner } from '../src/json-array-scanner.ts';
import { parseExactIntegers } from '../src/json-exact-integers.ts';
import { JsonLinesSplitter } from '../src/json-lines.ts';

describe('parseExactIntegers', () => {
  it('quotes the integers a double cannot hold, and only those', () => {
    expect(
      parseExactIntegers(
        '{"a": 9007199254740991, "b": 9007199254740992, "c": -12345678901234567890, "d": [1, 12345678901234567890.00],' +
          ' "e": 1.5, "f": 1e21, "g": 123456789012345.6789}',
      ),
    ).toEqual({
      a: 9007199254740991,
      b: '9007199254740992',
      c: '-12345678901234567890',
      d: [1, '12345678901234567890'],
      e: 1.5,
      f: 1e21,
      g: Number('123456789012345.6789'),
    });
  });

  it('leaves strings alone, escaped quotes and backslashes included', () => {
    const text = String.raw`{"12345678901234567890": "a \"12345678901234567890\" \\", "b": 12345678901234567890}`;
    expect(parseExactIntegers(text)).toEqual({
      '12345678901234567890': 'a "12345678901234567890" \\',
      b: '12345678901234567890',
    });
  });

  it('keeps invalid JSON invalid', () => {
    for (const bad of [
      '{"a": 012345678901234567890}',
      '{12345678901234567890: 1}',
      '[12345678901234567890.]',
      '[--12345678901234567890]',
    ]) {
      expect(() => parseExactIntegers(bad), bad).toThrow(SyntaxError);
    }
  });
});

describe('exact mode of the scanners', () => {
  const record = Buffer.from('{"id": 12345678901234567890}');

  it('parses a records array exactly once asked to', () => {
    const scanner = new JsonArrayScanner(undefined, 'x.json');
    expect(scanner.write(Buffer.from('[')).length).toBe(0);
    expect(scanner.write(Buffer.concat([record, Buffer.from(',')]))[0]?.value).toEqual({
      id: 12345678901234567000,
    });
    scanner.exactIntegers = true;
    expect(scanner.write(Buffer.concat([record, Buffer.from(']')]))[0]?.value).toEqual({
      id: '12345678901234567890',
    });
  });

  it('parses JSON Lines exactly once asked to', () => {
    const splitter = new JsonLinesSplitter('x.jsonl');
    expect(splitter.write(Buffer.concat([record, Buffer.from('\n')]))[0]?.value).toEqual({
      id: 12345678901234567000,
    });
    splitter.exactIntegers = true;
    expect(splitter.write(Buffer.concat([record, Buffer.from('\n')]))[0]?.value).toEqual({
      id: '12345678901234567890',
    });
  });
});
