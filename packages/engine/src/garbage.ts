/**
 * Garbage collections asked for at a steady pace, where a long run would otherwise let V8's own
 * heuristics trade memory for nothing. Needs Node's `--expose-gc`, which `pnpm roster`,
 * `pnpm scheduler` and the Dockerfile pass; without it these do nothing.
 *
 * - **Young generation, during a download.** ssh2 allocates a buffer for every SSH packet it
 *   decrypts, dead as soon as its bytes are copied to the file. V8 frees such buffers only when their
 *   wrappers are collected, and starts a collection for outside-the-heap memory only after ~64 MB of
 *   it, so a 120 MB download raised the process's RSS by ~90 MB, memory it kept for the rest of the
 *   run. Collecting the young generation every few megabytes (about a millisecond each) frees the
 *   buffers while they are still few (measured at 1M rows, 124.7 MB: RSS +89 MB → +30 MB, and the
 *   download was no slower).
 * - **Old generation, while rows are staged.** Rows in flight when the young generation is collected
 *   are promoted and die in the old generation (~34 MB of them in a million-row run), which V8
 *   collects only once it has grown by half (`--heap-growing-percent=50`): so the longer the file, the
 *   more of it the old generation held at its peak. A full collection every 100k rows (~5–10 ms
 *   each, under 1% of a run) keeps that to what 100k rows leave, whatever the file's length.
 */
type Collect = (options: { type: 'minor' | 'major' }) => void;

/**
 * Returns a progress callback `(soFar) => void` that asks for a `minor` (young generation) or `major`
 * (full) collection each time `soFar` has grown by `every` (bytes downloaded, rows staged…) since the
 * last one. `gc` is Node's, there only with `--expose-gc`.
 */
export function collectGarbageEvery(
  type: 'minor' | 'major',
  every: number,
  gc = (globalThis as { gc?: Collect }).gc,
): (soFar: number) => void {
  if (typeof gc !== 'function') return () => {};
  let collectedAt = 0;
  return (soFar) => {
    if (soFar - collectedAt < every) return;
    collectedAt = soFar;
    gc({ type });
  };
}
