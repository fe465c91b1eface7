/**
 * From samples to one line per contender and step: medians and ranges, rows per second, and the ratio
 * to the hand-built limit's matching step (a first load to its first load; the changed version, the
 * same file again and `--force` to its changed version) measured in the same run on the same server.
 */
import { CONTENDERS, type Contender, type Sample, STEPS, type Step } from './bench-types.ts';
import { type Spread, spreadOf } from './stats.ts';

export interface StepSummary {
  readonly contender: Contender;
  readonly step: Step;
  readonly rows: number;
  readonly runs: number;
  readonly failures: number;
  readonly wallMs: Spread;
  /** Rows of the file per second of the median wall time. */
  readonly rowsPerSecond: number;
  /** Median wall time over the limit's median for the matching step; undefined without a limit of the same size. */
  readonly ratioToLimit: number | undefined;
  readonly clientPeakMiB: Spread;
  /** CPU time of the client process(es), ms. */
  readonly clientCpuMs: Spread;
  readonly postgresSumMiB: Spread | undefined;
  readonly postgresMaxMiB: Spread | undefined;
  readonly postgresCpuMs: Spread | undefined;
  readonly sshdSumMiB: Spread | undefined;
  readonly sshdCpuMs: Spread | undefined;
  readonly phases: ReadonlyArray<{
    readonly name: string;
    readonly wallMs: Spread;
    readonly peakMiB: Spread;
    readonly cpuMs: Spread;
  }>;
  /** The status and counts of the first successful sample (they do not vary between runs). */
  readonly status: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly errors: readonly string[];
}

const MiB = (kib: number) => kib / 1024;

/** The limit step a contender's step is compared with. */
export function limitStepFor(step: Step): Step {
  return step === 'first' ? 'first' : 'changed';
}

export function summarise(samples: readonly Sample[]): StepSummary[] {
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = `${sample.contender}/${sample.step}`;
    groups.set(key, [...(groups.get(key) ?? []), sample]);
  }
  const basic: Omit<StepSummary, 'ratioToLimit'>[] = [];
  for (const contender of CONTENDERS) {
    for (const step of STEPS) {
      const group = groups.get(`${contender}/${step}`);
      if (group === undefined || group.length === 0) continue;
      basic.push(summariseGroup(contender, step, group));
    }
  }
  return basic.map((summary) => {
    const limit = basic.find(
      (other) => other.contender === 'limit' && other.step === limitStepFor(summary.step),
    );
    const comparable =
      limit !== undefined &&
      summary.contender !== 'limit' &&
      limit.failures < limit.runs &&
      Math.abs(limit.rows - summary.rows) <= limit.rows * 0.01;
    return {
      ...summary,
      ratioToLimit: comparable ? summary.wallMs.median / limit.wallMs.median : undefined,
    };
  });
}

function summariseGroup(
  contender: Contender,
  step: Step,
  group: readonly Sample[],
): Omit<StepSummary, 'ratioToLimit'> {
  const ok = group.filter((sample) => sample.ok);
  const measured = ok.length > 0 ? ok : group;
  const wallMs = spreadOf(measured.map((sample) => sample.wallMs));
  const spreadOrNone = (values: readonly (number | undefined)[]) => {
    const present = values.filter((value): value is number => value !== undefined);
    return present.length === 0 ? undefined : spreadOf(present);
  };
  const phaseNames = [...new Set(measured.flatMap((sample) => sample.phases.map((phase) => phase.name)))];
  const reference = ok[0] ?? group[0];
  const rows = reference?.rows ?? 0;
  return {
    contender,
    step,
    rows,
    runs: group.length,
    failures: group.length - ok.length,
    wallMs,
    rowsPerSecond: wallMs.median > 0 ? rows / (wallMs.median / 1000) : 0,
    clientPeakMiB: spreadOf(measured.map((sample) => MiB(sample.clientPeakKiB))),
    clientCpuMs: spreadOf(measured.map((sample) => sample.clientCpuMs)),
    postgresSumMiB: spreadOrNone(measured.map((sample) => sample.postgres && MiB(sample.postgres.sumKiB))),
    postgresMaxMiB: spreadOrNone(measured.map((sample) => sample.postgres && MiB(sample.postgres.maxKiB))),
    postgresCpuMs: spreadOrNone(measured.map((sample) => sample.postgres?.cpuMs)),
    sshdSumMiB: spreadOrNone(measured.map((sample) => sample.sshd && MiB(sample.sshd.sumKiB))),
    sshdCpuMs: spreadOrNone(measured.map((sample) => sample.sshd?.cpuMs)),
    phases: phaseNames.map((name) => {
      const phases = measured.flatMap((sample) => sample.phases.filter((phase) => phase.name === name));
      return {
        name,
        wallMs: spreadOf(phases.map((phase) => phase.wallMs)),
        peakMiB: spreadOf(phases.map((phase) => MiB(phase.peakRssKiB))),
        cpuMs: spreadOf(phases.map((phase) => phase.cpuMs)),
      };
    }),
    status: reference?.status ?? 'none',
    counts: reference?.counts ?? {},
    errors: [...new Set(group.flatMap((sample) => (sample.error === undefined ? [] : [sample.error])))],
  };
}
