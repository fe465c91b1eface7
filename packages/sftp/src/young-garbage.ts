/**
 * A download makes garbage fast: ssh2 allocates a buffer for every SSH packet it decrypts, dead as
 * soon as its bytes are copied to the file. V8 frees such buffers only when their wrappers are
 * collected, and starts a collection for outside-the-heap memory only after ~64 MB of it, so a
 * 120 MB download raised the process's RSS by ~90 MB, memory it kept for the rest of the run.
 * Collecting the young generation every few megabytes (about a millisecond each) frees the buffers
 * while they are still few (measured at 1M rows, 124.7 MB: RSS +89 MB → +30 MB, and the download
 * was no slower).
 *
 * Needs Node's `--expose-gc`, which `pnpm roster`, `pnpm scheduler` and the Dockerfile pass; without
 * it this does nothing.
 */
type MinorGc = (options: { type: 'minor' }) => void;

/** Returns a progress callback `(bytesSoFar) => void` that collects every `everyBytes`. */
export function collectYoungGarbageEvery(everyBytes: number): (bytesSoFar: number) => void {
  const gc = (globalThis as { gc?: MinorGc }).gc;
  if (typeof gc !== 'function') return () => {};
  let collectedAt = 0;
  return (bytesSoFar) => {
    if (bytesSoFar - collectedAt < everyBytes) return;
    collectedAt = bytesSoFar;
    gc({ type: 'minor' });
  };
}
