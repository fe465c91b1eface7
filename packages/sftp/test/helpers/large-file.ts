/** Large CSV-like files whose every line differs, so a chunk written at the wrong offset shows. */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Appends lines to `path` until it holds at least `bytes` bytes; returns its final size. */
export async function appendCsvRows(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path, { flags: 'a' });
  let written = 0;
  let row = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++, row++) {
      lines.push(
        `E${String(row).padStart(8, '0')},First${row % 977},Last${row % 1013},user${row}@example.com,Dept ${row % 97}\n`,
      );
    }
    const chunk = lines.join('');
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return written;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
