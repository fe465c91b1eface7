/**
 * What a reader's worker thread and the main thread say to each other (worker-session.ts on the main
 * side, worker-port.ts on the worker's): the main thread sends `start` once, first (the worker may have
 * been started before the file was there, see `TableReader.warmUp`), then a `credit` for each batch
 * taken. The worker sends `header`, `rows`…, then `end` or `error`; what a header, a batch and the end
 * carry beyond that is the reader's own (xlsx-protocol.ts, csv-worker.ts).
 */
import type { ErrorCode } from '@roster/engine';

export type WorkerCommand<Input> =
  | { readonly type: 'start'; readonly input: Input }
  /** One more batch may be sent. */
  | { readonly type: 'credit' };

/** A reader's failure, as the RosterError the main thread throws for it (`message` without the hint). */
export interface WorkerError {
  readonly type: 'error';
  readonly code: ErrorCode;
  readonly message: string;
  readonly hint?: string;
  readonly line?: number;
  readonly file?: string;
  readonly field?: string;
  readonly transient?: boolean;
}
