/**
 * The worker thread's side of a reader session (worker-protocol.ts): the `start` message's input, and
 * sending batches only when the main thread has room for them, so that the worker never runs far
 * ahead of the rows being mapped and staged. Nothing here loads @roster/engine at run time: its
 * index loads the config package (~0.2 s), which the workbook reader's worker does without.
 */
import { parentPort } from 'node:worker_threads';
import type { RosterError } from '@roster/engine';
import { type PackedRowsBuilder, transferablesOf } from './packed-rows.ts';
import type { WorkerCommand, WorkerError } from './worker-protocol.ts';

export interface WorkerPort<Input> {
  /** The `start` message's input: the worker may load before its file is there. */
  readonly input: Promise<Input>;
  send(message: object, transfer?: ArrayBuffer[]): void;
  /** Sends the builder's rows (with `extras`) once the main thread has a credit for them. */
  sendRows(batch: PackedRowsBuilder, extras?: object): Promise<void>;
}

/** The port of this worker thread; `window` credits come with the `start` message's input. */
export function workerPort<Input extends { readonly window: number }>(): WorkerPort<Input> {
  const port = parentPort;
  if (!port) throw new Error('A reader worker must run in a worker thread');
  // One listener for both commands: `start` comes first, and no credit can come before it.
  const started = Promise.withResolvers<Input>();
  let credits = 0;
  let wakeUp: (() => void) | undefined;
  port.on('message', (message: WorkerCommand<Input>) => {
    if (message.type === 'start') {
      credits = message.input.window;
      started.resolve(message.input);
      return;
    }
    credits++;
    wakeUp?.();
  });
  const send = (message: object, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  return {
    input: started.promise,
    send,
    async sendRows(batch, extras = {}) {
      while (credits <= 0) await new Promise<void>((resolve) => (wakeUp = resolve));
      credits--;
      const rows = batch.take();
      send({ type: 'rows', rows, ...extras }, transferablesOf(rows));
    },
  };
}

/**
 * A RosterError as its parts. Its message ends with the hint (RosterError appends it); the parts carry
 * the message without it, from which the main thread's RosterError makes the very same text again.
 */
export function errorMessage(
  error: Pick<RosterError, 'code' | 'message' | 'hint' | 'line' | 'file' | 'field' | 'transient'>,
): WorkerError {
  const { hint } = error;
  const suffix = hint === undefined ? '' : ` ${hint}`;
  const message =
    suffix !== '' && error.message.endsWith(suffix) ? error.message.slice(0, -suffix.length) : error.message;
  return {
    type: 'error',
    code: error.code,
    message,
    ...(hint === undefined ? {} : { hint }),
    ...(error.line === undefined ? {} : { line: error.line }),
    ...(error.file === undefined ? {} : { file: error.file }),
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.transient ? { transient: true } : {}),
  };
}
