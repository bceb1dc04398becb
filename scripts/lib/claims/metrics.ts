/**
 * The metrics the claims' checks compare (experiments/claims/schema.ts Metric), as plain
 * functions of a run's epoch rows or of timing.csv. Unavailable (a missing run or timing row):
 * undefined; "never" (a threshold not reached): +Infinity.
 */
import type { RunConfig } from "../../../core/config.ts";
import type { EpochRow } from "../../../core/csv.ts";
import { median } from "../../../core/stats.ts";
import type { Metric, Ref } from "../../../experiments/claims/schema.ts";
import type { TimingRow } from "../timing_csv.ts";

/** A run as the checks see it. */
export interface ClaimRun {
  config: RunConfig;
  rows: EpochRow[];
}

/** The results a claim is checked against: runs by name, and timing.csv (null: none). */
export interface ClaimData {
  runs: ReadonlyMap<string, ClaimRun>;
  timing: readonly TimingRow[] | null;
}

/** Timing rows the claims read: the exact engine on one thread. */
export const TIMING_SETTING = { backend: "wasm", threads: 1 } as const;

/**
 * Root mean square of v[e] − v[e−1] for e in the second half (e ≥ ⌊E/2⌋, at least 1): the
 * epoch-to-epoch variability once the initial climb is over. NaN with fewer than two changes or
 * a non-finite value.
 */
export function rmsChange(values: readonly number[]): number {
  const start = Math.max(1, Math.floor(values.length / 2));
  let sum = 0;
  for (let e = start; e < values.length; e++) sum += (values[e] - values[e - 1]) ** 2;
  const n = values.length - start;
  return n < 2 ? NaN : Math.sqrt(sum / n);
}

/** First epoch whose value passes `ok`, or +Infinity. */
export function firstEpoch(rows: readonly EpochRow[], ok: (r: EpochRow) => boolean): number {
  const r = rows.find(ok);
  return r === undefined ? Infinity : r.epoch;
}

/** seconds per epoch of timing.csv for the run's network, activation and loss. */
function timingSeconds(run: ClaimRun, timing: readonly TimingRow[] | null): number | undefined {
  const c = run.config;
  return timing?.find((t) =>
    t.backend === TIMING_SETTING.backend && t.threads === TIMING_SETTING.threads &&
    t.hidden === c.hidden.join("-") && t.activation === c.activation && t.loss === c.loss
  )?.epochS;
}

/** One run's metric; undefined when its input is missing. */
export function runMetric(
  run: ClaimRun,
  metric: Metric,
  timing: readonly TimingRow[] | null,
): number | undefined {
  const rows = run.rows;
  const last = rows.at(-1);
  if (last === undefined) return undefined;
  if (typeof metric === "object") {
    if ("epochsToTestAcc" in metric) {
      return firstEpoch(rows, (r) => r.testAcc >= metric.epochsToTestAcc);
    }
    const limit = metric.epochsToLossFraction * rows[0].trainLoss;
    return firstEpoch(rows, (r) => r.trainLoss <= limit);
  }
  switch (metric) {
    case "finalTestAcc":
      return last.testAcc;
    case "finalTrainAcc":
      return last.windowAcc;
    case "finalTrainLoss":
      return Number.isFinite(last.trainLoss) ? last.trainLoss : Infinity;
    case "testJitter":
      return rmsChange(rows.map((r) => r.testAcc));
    case "trainJitter":
      return rmsChange(rows.map((r) => r.trainAcc));
    case "timingEpochSeconds":
      return timingSeconds(run, timing);
    case "medianEpochSeconds":
      return median(rows.map((r) => r.seconds));
    case "nonFiniteEpochs":
      return rows.filter((r) => !Number.isFinite(r.trainLoss) || !Number.isFinite(r.testLoss))
        .length;
  }
}

/** A reference's value: a run's metric, or `to` minus `from`. */
export function refValue(ref: Ref, metric: Metric, data: ClaimData): number | undefined {
  if (typeof ref === "string") {
    const run = data.runs.get(ref);
    return run === undefined ? undefined : runMetric(run, metric, data.timing);
  }
  const a = refValue(ref.from, metric, data), b = refValue(ref.to, metric, data);
  return a === undefined || b === undefined ? undefined : b - a;
}
