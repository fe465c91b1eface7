/**
 * Config files saved in another encoding than UTF-8 (test/fixtures/broken, written by make-broken.py,
 * and variants of its valid base): one YAML_ENCODING diagnostic that says which encoding and where,
 * instead of the problems the misread text would seem to have.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenant, type SampleHeaderReader } from '../src/index.ts';

const root = path.join(import.meta.dirname, 'fixtures/broken');

const readCsvHeader: SampleHeaderReader = async (samplePath) => {
  const [first = ''] = (await readFile(samplePath, 'utf8')).split('\n');
  return first.split(',');
};

/** The valid base tenant in a fresh folder, with `file` replaced by `bytes`. */
async function baseWith(file: 'tenant.yaml' | 'mappings.yaml', bytes: (text: string) => Buffer) {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'roster-encoding-')), 'acme');
  await cp(path.join(root, 'valid-base'), dir, { recursive: true });
  await writeFile(path.join(dir, file), bytes(await readFile(path.join(dir, file), 'utf8')));
  return dir;
}

const utf16be = (text: string): Buffer => Buffer.from(text, 'utf16le').swap16();

describe('config files not in UTF-8', () => {
  it('names a Windows-1252 byte with its line, column and letter, not the column it garbles', async () => {
    const result = await loadTenant(path.join(root, 'mappings-windows-1252'), {
      cwd: root,
      readSampleHeader: readCsvHeader,
    });
    expect(result.diagnostics).toEqual([
      {
        file: 'mappings-windows-1252/mappings.yaml',
        line: 5,
        col: 24,
        level: 'error',
        code: 'YAML_ENCODING',
        message:
          'mappings.yaml is not UTF-8 (line 5: byte 0xFC, "ü" in Windows-1252): Roster reads config files as UTF-8. Save it as UTF-8 (VS Code: "Reopen with Encoding" → Windows-1252, then "Save with Encoding" → UTF-8; Notepad: Save As, Encoding: UTF-8).',
      },
    ]);
    // tenant.yaml is still read and checked.
    expect(result.tenant?.name).toBe('Fixture Corp');
    expect(result.valid).toBe(false);
  });

  it('says a UTF-16 file (with the byte-order mark Notepad writes) is UTF-16, once, as a whole-file problem', async () => {
    const result = await loadTenant(path.join(root, 'tenant-utf-16'), { cwd: root });
    expect(result.diagnostics).toEqual([
      {
        file: 'tenant-utf-16/tenant.yaml',
        line: 0,
        col: 0,
        level: 'error',
        code: 'YAML_ENCODING',
        message:
          'tenant.yaml is UTF-16: Roster reads config files as UTF-8. Save it as UTF-8 (VS Code: "Save with Encoding" → UTF-8; Notepad: Save As, Encoding: UTF-8).',
      },
    ]);
    expect(result.valid).toBe(false);
  });

  it.each([
    ['UTF-16 big-endian with a byte-order mark', 'UTF-16', (t: string) => utf16be(`\uFEFF${t}`)],
    ['UTF-16 without a byte-order mark', 'UTF-16', (t: string) => Buffer.from(t, 'utf16le')],
    ['UTF-16 big-endian without a byte-order mark', 'UTF-16', utf16be],
    ['UTF-32 with a byte-order mark', 'UTF-32', (t: string) => utf32le(`\uFEFF${t}`)],
  ])('names %s', async (_what, encoding, bytes) => {
    const dir = await baseWith('mappings.yaml', bytes);
    const result = await loadTenant(dir, { cwd: path.dirname(dir) });
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ['YAML_ENCODING', 'acme/mappings.yaml', 0],
    ]);
    expect(result.diagnostics[0]?.message).toMatch(new RegExp(`^mappings\\.yaml is ${encoding}: `));
  });

  it('reads UTF-8 with a byte-order mark as UTF-8, with positions on line 1 not shifted by it', async () => {
    const result = await loadTenant(path.join(root, 'utf-8-bom'), {
      cwd: root,
      readSampleHeader: readCsvHeader,
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.valid).toBe(true);
    const typo = await baseWith('tenant.yaml', (t) => Buffer.from(`\uFEFFnmae: x\n${t}`));
    const typoResult = await loadTenant(typo, { cwd: path.dirname(typo) });
    expect(typoResult.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'UNKNOWN_KEY', line: 1, col: 1 }),
    );
  });

  it('points at the first byte that is not UTF-8, past a "�" written in UTF-8 and on a Windows line ending', async () => {
    const dir = await baseWith('mappings.yaml', (t) =>
      Buffer.concat([
        Buffer.from(t.replace('Last Name', 'Last Name �').replaceAll('\n', '\r\n')),
        Buffer.from('  department: Abteilung \x81\r\n', 'latin1'),
      ]),
    );
    const result = await loadTenant(dir, { cwd: path.dirname(dir) });
    expect(result.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['YAML_ENCODING', 13, 25]]);
    // 0x81 is no letter in Windows-1252: no guess at what it was.
    expect(result.diagnostics[0]?.message).toContain('(line 13: byte 0x81): ');
    expect(result.diagnostics[0]?.message).toContain('"Reopen with Encoding" → its encoding');
  });
});

function utf32le(text: string): Buffer {
  const codePoints = [...text];
  const bytes = Buffer.alloc(codePoints.length * 4);
  for (const [i, c] of codePoints.entries()) bytes.writeUInt32LE(c.codePointAt(0) ?? 0, i * 4);
  return bytes;
}
