/**
 * The main thread's side of a reader that runs in a worker thread (the workbook reader, xlsx-worker.ts;
 * the CSV reader, csv-worker.ts): starting the worker, early if asked (`TableReader.warmUp`), then one
 * session a file — the header as a promise, the rows as an async iterable of batches.
 *
 * The worker sends at most `window` batches ahead; each batch taken returns a credit. It keeps the
 * process alive only while someone waits for it, and ends (terminated) on the last message, on an
 * error, on timeout, on abort, or when the consumer stops iterating.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { SourceRow } from '@roster/engine';
import { RosterError } from '@roster/engine';
import type { PackedRows } from './packed-rows.ts';
import type { WorkerCommand, WorkerError } from './worker-protocol.ts';

export interface WorkerEntry {
  /** The worker's entry module (an `.mjs` that turns the compile cache on first). */
  readonly url: URL;
  readonly resourceLimits?: ResourceLimits;
}

/**
 * The workers of one reader: a read takes the worker a warm-up started, or starts one. A worker started
 * before the file is there overlaps its start-up (45–125 ms of module loading on the benchmark's
 * machines) with the download instead of following it.
 */
export class ReaderWorkers {
  readonly #entry: WorkerEntry;
  #spare: SpareWorker | undefined;

  constructor(entry: WorkerEntry) {
    this.#entry = entry;
  }

  /** A worker for a read: the warmed-up one, when it is still well. */
  take(): Worker {
    const worker = this.#spare?.take() ?? startWorker(this.#entry);
    this.#spare = undefined;
    return worker;
  }

  /** Starts a worker now, for the next read; disposing it stops the worker if no read has taken it. */
  warmUp(): Disposable {
    this.#spare ??= new SpareWorker(this.#entry);
    const started = this.#spare;
    return {
      [Symbol.dispose]: () => {
        // Only the worker this warm-up started, and only while no read has taken it.
        if (this.#spare !== started) return;
        this.#spare = undefined;
        started.discard();
      },
    };
  }
}

function startWorker(entry: WorkerEntry): Worker {
  return new Worker(entry.url, entry.resourceLimits ? { resourceLimits: entry.resourceLimits } : {});
}

/**
 * A worker started before the file is there. It never keeps the process alive while idle, and one
 * that failed or stopped meanwhile is replaced by a new worker at the read, which then reports its own
 * failure.
 */
class SpareWorker {
  readonly #worker: Worker;
  #failed = false;
  readonly #onFailure = () => {
    this.#failed = true;
  };

  constructor(entry: WorkerEntry) {
    this.#worker = startWorker(entry);
    this.#worker.unref();
    // A listener for 'error' also keeps an early failure from being an uncaught exception.
    this.#worker.on('error', this.#onFailure).on('exit', this.#onFailure);
  }

  /** The worker for a read (kept alive from now on, as a new one is), or undefined when it failed. */
  take(): Worker | undefined {
    this.#worker.off('error', this.#onFailure).off('exit', this.#onFailure);
    if (this.#failed) {
      this.discard();
      return undefined;
    }
    this.#worker.ref();
    return this.#worker;
  }

  discard(): void {
    this.#worker.off('error', this.#onFailure).off('exit', this.#onFailure);
    // An 'error' after this must not become an uncaught exception.
    this.#worker.on('error', () => {});
    void this.#worker.terminate();
  }
}

/** What a reader's worker sends: `header`, `rows`…, then `end` or `error` (worker-protocol.ts). */
export type SessionMessage<Header, Rows, End> =
  | ({ readonly type: 'header' } & Header)
  | ({ readonly type: 'rows'; readonly rows: PackedRows } & Rows)
  | ({ readonly type: 'end' } & End)
  | WorkerError;

/** What makes a session one reader's: how its messages read, and how its failures are told. */
export interface SessionOptions<Header, Rows, End> {
  readonly fileName: string;
  readonly signal: AbortSignal | undefined;
  /** Reading stops (the worker is terminated) after this long, with {@link timedOut}'s error. */
  readonly timeoutMs?: number;
  timedOut?(): RosterError;
  /** Told the header as it arrives, before any rows. */
  onHeader?(header: Header): void;
  /** The error for a worker that crashed or stopped (out of memory, an exception outside the reading). */
  failure(error: Error): RosterError;
  /** The rows of a `rows` message (the reader may add problems it finds on this side). */
  rows(message: { readonly rows: PackedRows } & Rows): SourceRow[];
  /** The error the `end` message shows, if any. */
  end?(message: End): RosterError | undefined;
  /** Runs once the worker has stopped (a descriptor it read is closed only then). */
  stopped?(): void;
}

export class WorkerSession<Input, Header, Rows = unknown, End = unknown>
  implements AsyncIterable<readonly SourceRow[]>
{
  readonly #worker: Worker;
  readonly #options: SessionOptions<Header, Rows, End>;
  readonly #header = Promise.withResolvers<Header>();
  readonly #queue: (readonly SourceRow[])[] = [];
  #ended = false;
  #error: unknown;
  #wake: (() => void) | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onAbort = () => this.#finish(this.#options.signal?.reason);

  constructor(worker: Worker, input: Input, options: SessionOptions<Header, Rows, End>) {
    this.#options = options;
    // A failure before the header rejects `header`; one after it, the next batch.
    this.#header.promise.catch(() => {});
    this.#worker = worker;
    this.#worker.postMessage({ type: 'start', input } satisfies WorkerCommand<Input>);
    this.#worker.on('message', (message: SessionMessage<Header, Rows, End>) => this.#receive(message));
    this.#worker.on('error', (error) => this.#finish(options.failure(error)));
    this.#worker.on('exit', () => this.#finish(options.failure(new Error('the reader stopped'))));
    const { timeoutMs, timedOut } = options;
    this.#timer =
      timeoutMs === undefined || timedOut === undefined
        ? undefined
        : setTimeout(() => this.#finish(timedOut()), timeoutMs).unref();
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The `header` message, less its type. */
  get header(): Promise<Header> {
    return this.#header.promise;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly SourceRow[]> {
    try {
      for (;;) {
        if (this.#error !== undefined) throw this.#error;
        const batch = this.#queue.shift();
        if (batch) {
          if (!this.#ended) this.#worker.postMessage({ type: 'credit' } satisfies WorkerCommand<Input>);
          yield batch;
          continue;
        }
        if (this.#ended) return;
        this.#worker.ref(); // someone is waiting: keep the process alive for the worker
        await new Promise<void>((wake) => (this.#wake = wake));
        this.#worker.unref();
      }
    } finally {
      this.#finish(undefined);
    }
  }

  #receive(message: SessionMessage<Header, Rows, End>): void {
    switch (message.type) {
      case 'header': {
        const { type: _, ...rest } = message;
        const header = rest as unknown as Header;
        this.#options.onHeader?.(header);
        this.#header.resolve(header);
        this.#worker.unref();
        return;
      }
      case 'rows':
        this.#queue.push(this.#options.rows(message));
        break;
      case 'end':
        this.#finish(this.#options.end?.(message));
        break;
      case 'error': {
        const { code, message: text, hint, line, file, field, transient } = message;
        this.#finish(
          new RosterError(code, text, {
            ...(hint === undefined ? {} : { hint }),
            ...(line === undefined ? {} : { line }),
            ...(file === undefined ? {} : { file }),
            ...(field === undefined ? {} : { field }),
            ...(transient === undefined ? {} : { transient }),
          }),
        );
        break;
      }
    }
    this.#wake?.();
  }

  /** Ends the session once: stops the worker, and keeps the first error for the consumer. */
  #finish(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    clearTimeout(this.#timer);
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    const { stopped } = this.#options;
    void this.#worker.terminate().finally(() => stopped?.());
    this.#header.reject(error ?? new RosterError('INTERNAL', 'The reader ended before the header'));
    this.#wake?.();
  }
}
