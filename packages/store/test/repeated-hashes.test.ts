/** Finding the values that may repeat: every real duplicate's hash is repeated, whatever the file. */

import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { HashLog, hash31, KEPT_IN_MEMORY, MAX_REPEATED, secondHash } from '../src/repeated-hashes.ts';
import { collidingPair } from './colliding-pair.ts';

const run = promisify(execFile);
const spillRoot = mkdtempSync(path.join(tmpdir(), 'roster-hashlog-test-'));
afterAll(() => rmSync(spillRoot, { recursive: true, force: true }));

function logOf(values: Iterable<string>, spillDirectory = spillRoot): HashLog {
  const log = new HashLog(spillDirectory);
  for (const value of values) log.add(value);
  return log;
}

/** The process's open files under `directory` (the log's file keeps its name only until opened). */
const openFilesUnder = (directory: string) =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(directory);
    } catch {
      return false;
    }
  });

describe('hash31 and secondHash', () => {
  it('fit the database integer and a 32-bit integer, and tell neighbouring values apart', () => {
    const values = ['', 'a', 'b', 'ab', 'ba', 'Zoë', '0000001', '0000002', 'x'.repeat(999)];
    const firsts = values.map(hash31);
    const seconds = values.map(secondHash);
    for (const hash of firsts)
      expect(hash >= -(2 ** 30) && hash < 2 ** 30 && Number.isInteger(hash)).toBe(true);
    for (const hash of seconds)
      expect(hash >= -(2 ** 31) && hash < 2 ** 31 && Number.isInteger(hash)).toBe(true);
    expect(new Set(firsts).size).toBe(values.length);
    expect(new Set(seconds).size).toBe(values.length);
  });

  it('are independent: values colliding on the first hash differ on the second', () => {
    const [first, second] = collidingPair();
    expect(hash31(first)).toBe(hash31(second));
    expect(secondHash(first)).not.toBe(secondHash(second));
  });
});

describe('HashLog', () => {
  it('returns the hash the database gets, and logs the value by its two hashes', () => {
    const log = new HashLog(spillRoot);
    for (const value of ['E00042', 'Zoë', '', 'odd', 'x'.repeat(301)]) {
      expect(log.add(value)).toBe(hash31(value));
      log.addHashes(hash31(value), secondHash(value));
    }
    expect(log.repeated()).toHaveLength(5);
  });

  it('repeats nothing when every value is distinct, however many', () => {
    const log = logOf(Array.from({ length: 300_000 }, (_, i) => `person-${i}@example.com`));
    // 300k distinct values: ~10 chance collisions on 31 bits, none on 63.
    expect(log.repeated()).toEqual([]);
  });

  it('lists each repeated value once, however often and wherever it repeats, past the memory it keeps', () => {
    const values = Array.from({ length: 3 * KEPT_IN_MEMORY }, (_, i) => String(i).padStart(6, '0'));
    values.push('000042', '', 'Zoë', '', String(3 * KEPT_IN_MEMORY - 1), '000042', 'a@x.com');
    const log = logOf(values);
    expect(openFilesUnder(spillRoot)).toHaveLength(1); // spilled to its file
    expect([...(log.repeated() as number[])].sort()).toEqual(
      ['000042', '', String(3 * KEPT_IN_MEMORY - 1)].map(hash31).sort(),
    );
  });

  it('does not repeat two values that collide on the first hash only', () => {
    const [first, second] = collidingPair();
    expect(logOf([first, 'other', second]).repeated()).toEqual([]);
  });

  it('repeats values whose two hashes both collide, which the database then groups by value', () => {
    const log = new HashLog(spillRoot);
    log.addHashes(7, 11);
    log.addHashes(7, 12);
    log.addHashes(7, 11);
    expect(log.repeated()).toEqual([7]);
  });

  it('gives up listing when the file is mostly duplicates', () => {
    const values = Array.from({ length: MAX_REPEATED + 1 }, (_, i) => `k${i}`);
    expect(logOf([...values, ...values]).repeated()).toBe('all');
    expect(logOf([...values.slice(1), ...values.slice(1)]).repeated()).toHaveLength(MAX_REPEATED);
  });

  it('allows more repeats in a large file', () => {
    const log = new HashLog(spillRoot);
    // 1.28M values, 15,000 of them repeated: over MAX_REPEATED, under one in 64 of the values.
    for (let i = 0; i < 1_280_000; i++) log.add(String(i < 30_000 ? i >> 1 : i));
    expect(log.repeated()).toHaveLength(15_000);
  });

  it('keeps everything in memory when its folder cannot take the file, with the same answer', () => {
    const notAFolder = path.join(spillRoot, 'plain-file');
    writeFileSync(notAFolder, '');
    const values = Array.from({ length: 2 * KEPT_IN_MEMORY }, (_, i) => `v${i}`);
    const log = logOf([...values, 'v17', 'v200000'], notAFolder);
    expect([...(log.repeated() as number[])].sort()).toEqual([hash31('v17'), hash31('v200000')].sort());
  });

  it('leaves no file behind, and closes its file when disposed before it was read', () => {
    const folder = mkdtempSync(path.join(spillRoot, 'dispose-'));
    {
      using log = logOf(
        Array.from({ length: 2 * KEPT_IN_MEMORY }, (_, i) => `w${i}`),
        folder,
      );
      expect(openFilesUnder(folder)).toHaveLength(1);
      expect(readdirSync(folder)).toEqual([]); // unlinked as soon as it was opened
      log.add('extra');
    }
    expect(openFilesUnder(folder)).toHaveLength(0);
  });

  it('reports a duplicate whose first copy the disk took only in part', async () => {
    // 12 KiB: the first 8 KiB block fits, the second is cut after 4 KiB without an error.
    const script = path.join(import.meta.dirname, 'fixtures/spill-under-size-limit.ts');
    const folder = mkdtempSync(path.join(spillRoot, 'limited-'));
    const { stdout } = await run('bash', [
      '-c',
      'ulimit -f 12; exec "$0" "$1" "$2"',
      process.execPath,
      script,
      folder,
    ]);
    expect(JSON.parse(stdout)).toEqual([777_777_777]);
  });

  it('forgets everything when disposed, and works on from empty', () => {
    const log = logOf(Array.from({ length: 2 * KEPT_IN_MEMORY }, (_, i) => `d${i}`));
    log.add('d7');
    log[Symbol.dispose]();
    expect(openFilesUnder(spillRoot)).toHaveLength(0);
    expect(log.repeated()).toEqual([]);
    for (let i = 0; i < 2 * KEPT_IN_MEMORY; i++) log.add(`e${i}`);
    log.add('e5');
    expect(log.repeated()).toEqual([hash31('e5')]);
  });

  it('starts empty again once read', () => {
    const log = logOf(['a', 'a']);
    expect(log.repeated()).toEqual([hash31('a')]);
    log.add('a');
    expect(log.repeated()).toEqual([]);
  });
});
