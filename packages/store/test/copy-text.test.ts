/**
 * COPY text written straight into bytes: exactly what the string path (copyValue, then UTF-8 as
 * TextEncoder writes it) gives, for every kind of character, and a NUL refused.
 */
import { describe, expect, it } from 'vitest';
import {
  copyValue,
  MAX_COPY_BYTES_PER_UNIT,
  MAX_INTEGER_BYTES,
  writeCopyValue,
  writeInteger,
} from '../src/copy-text.ts';

const viaString = (value: string | null) => Buffer.from(new TextEncoder().encode(copyValue(value)));

function viaBytes(value: string | null): Buffer | undefined {
  const out = Buffer.alloc(MAX_COPY_BYTES_PER_UNIT * (value?.length ?? 0) + 2 + 4);
  out.fill(0xff);
  const end = writeCopyValue(out, 4, value);
  return end < 0 ? undefined : out.subarray(4, end);
}

/** Code units a customer's file can bring, weighted toward the ones the writer treats apart. */
const UNITS = [
  ...'aZ09 .@-_~',
  '\\',
  '\t',
  '\n',
  '\r',
  '\u0001',
  '\u000b',
  '\u000c',
  '\u007f',
  '\u0080',
  'é',
  'ő',
  '\u07ff',
  '\u0800',
  '名',
  '\uffff',
  '\ud83d', // a high surrogate
  '\ude00', // a low surrogate
  '\udbff',
  '\udc00',
  '\udfff',
];

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('writeCopyValue', () => {
  it('writes the bytes of the string path for escapes, accents, surrogate pairs and lone surrogates', () => {
    const next = random(7);
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 12);
      let value = '';
      for (let i = 0; i < length; i++) value += UNITS[Math.floor(next() * UNITS.length)];
      const bytes = viaBytes(value);
      if (bytes === undefined || !bytes.equals(viaString(value))) {
        expect.fail(
          `${JSON.stringify(value)}: ${bytes?.toString('hex')} against ${viaString(value).toString('hex')}`,
        );
      }
    }
  });

  it('writes \\N for null and nothing for the empty string', () => {
    expect(viaBytes(null)?.toString()).toBe('\\N');
    expect(viaBytes('')?.length).toBe(0);
  });

  it('refuses a value with a NUL anywhere', () => {
    for (const value of ['\0', 'a\0', '\0b', 'Zoë\0😀']) expect(viaBytes(value)).toBeUndefined();
  });
});

describe('writeInteger', () => {
  it('writes the decimal digits of any 32-bit integer', () => {
    const values = [0, 1, -1, 9, 10, 99, 100, 12_345, -98_765, 2 ** 31 - 1, -(2 ** 31), 1_000_000_000];
    for (const value of values) {
      const out = Buffer.alloc(MAX_INTEGER_BYTES + 2);
      const end = writeInteger(out, 1, value);
      expect(out.subarray(1, end).toString()).toBe(String(value));
    }
  });
});
