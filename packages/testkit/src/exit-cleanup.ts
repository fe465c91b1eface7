/**
 * Last-resort cleanup when the test process exits without stopping its servers (a failed `beforeAll`,
 * a forgotten `stop()`, `process.exit` in a worker). Only synchronous work runs in an 'exit' handler,
 * so each server registers a synchronous function: SIGKILL its process tree, delete its users and
 * folders. Servers also die with their parent through PR_SET_PDEATHSIG (see `run-as.ts`), which covers
 * a worker killed by a signal, where no handler runs at all.
 */

const cleanups = new Set<() => void>();
let installed = false;

/** Registers `cleanup` to run at process exit; call the returned function once it is no longer needed. */
export function onProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.once('exit', runAll);
  }
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

function runAll(): void {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // Keep going: the other servers still need their cleanup.
    }
  }
  cleanups.clear();
}
