import { open } from 'node:fs/promises';
import { RosterError } from '@roster/engine';

/** 64 KiB reads: as fast as 1 MiB ones (measured), with a third less peak memory. */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Reads a file in chunks. The handle is closed however the iteration ends: exhausted, broken off by the
 * consumer (`return()`), failed, or aborted through `signal` (checked before every read).
 */
export async function* fileChunks(
  path: string,
  fileName: string,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  signal?.throwIfAborted();
  const handle = await openFile(path, fileName);
  let position = 0;
  const readNext = async (): Promise<Buffer | undefined> => {
    // A fresh buffer each time: the parser keeps slices of earlier chunks for records that span them.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
    position += bytesRead;
    if (bytesRead === 0) return undefined;
    return bytesRead === CHUNK_BYTES ? buffer : buffer.subarray(0, bytesRead);
  };
  // One read ahead: the disk (a thread of libuv's pool) fills the next chunk while this one is parsed.
  let next = readNext();
  try {
    for (;;) {
      const chunk = await next;
      if (chunk === undefined) return;
      signal?.throwIfAborted();
      next = readNext();
      yield chunk;
    }
  } finally {
    // A read still in flight finishes (or fails) before its handle closes.
    await next.catch(() => undefined);
    await handle.close();
  }
}

/** The first `bytes` bytes of a file (fewer if it is shorter). */
export async function readSample(path: string, fileName: string, bytes: number): Promise<Buffer> {
  const handle = await openFile(path, fileName);
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function openFile(path: string, fileName: string) {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new RosterError('FILE_NOT_FOUND', `File ${fileName} not found at ${path}`, {
        cause: error,
        file: fileName,
        hint: 'The file was removed before it could be read; run again',
      });
    }
    throw error;
  }
}
