/** Everything one benchmark run found, as written to `tools/bench/results/<timestamp>-<rows>.json`. */
import type { BenchOptions } from './bench-options.ts';
import type { Contender, Sample, Step } from './bench-types.ts';
import type { ProfileSummary } from './cpu-profile.ts';
import type { GeneratedFile } from './generate-hr-file.ts';
import type { CodeState, Machine } from './machine.ts';
import type { MachineLoad } from './machine-load.ts';
import type { PgloaderAvailability } from './pgloader.ts';
import type { StatementTime } from './statement-log.ts';
import type { StepSummary } from './summarise.ts';
import type { TargetCheck } from './targets.ts';

export interface ProfiledRun {
  readonly contender: Contender;
  readonly step: Step;
  readonly wallMs: number;
  readonly dir: string;
  /** One summary per thread (the main thread, then workers such as the XLSX reader); none for the limit. */
  readonly threads: readonly ProfileSummary[];
  /** The run's statements as PostgreSQL logged them, with their server-side durations. */
  readonly statements: readonly StatementTime[];
}

export interface BenchResult {
  readonly startedAt: string;
  readonly durationMs: number;
  readonly command: string;
  readonly options: BenchOptions;
  readonly machine: Machine;
  /** The code measured, at the start and at the end of the run: they differ when someone changed it meanwhile. */
  readonly code: { readonly atStart: CodeState; readonly atEnd: CodeState };
  /** Other work on the machine when the run started and ended: figures from a busy machine say so. */
  readonly load: { readonly atStart: MachineLoad; readonly atEnd: MachineLoad };
  /** Undefined when pgloader was not asked for. */
  readonly pgloader: PgloaderAvailability | undefined;
  readonly files: ReadonlyArray<GeneratedFile & { readonly folder: string }>;
  readonly samples: readonly Sample[];
  readonly summaries: readonly StepSummary[];
  readonly targets: readonly TargetCheck[];
  readonly profiles: readonly ProfiledRun[];
}
