/**
 * A task run every `intervalSeconds` (the next run counted from the end of the last, so runs never
 * overlap) until stopped; a failure goes to `onError` and the next run tries again. The schedule
 * clock and the schedule refresh both run this way.
 */
export interface RepeatingTask {
  /** Stops repeating; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

export function repeatEvery(
  intervalSeconds: number,
  task: () => Promise<unknown>,
  options: { readonly startNow: boolean; readonly onError: (error: unknown) => void },
): RepeatingTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = task().then(() => {}, options.onError);
    void running.then(() => {
      if (!stopped) timer = setTimeout(run, intervalSeconds * 1000);
    });
  };
  if (options.startNow) run();
  else timer = setTimeout(run, intervalSeconds * 1000);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
