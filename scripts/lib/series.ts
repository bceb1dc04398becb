/** Runs as the long-format rows the Vega-Lite templates plot (one object per point). Pure. */
import { ACTIVATIONS, LOSSES } from "../../core/config.ts";
import type { EpochRow } from "../../core/csv.ts";
import { depthLabel, pairLabel } from "./labels.ts";
import type { Run } from "./results_tree.ts";
import type { TimingRow } from "./timing_csv.ts";

export interface SeriesPoint {
  epoch: number;
  /** null where the run produced NaN/±Infinity (or ≤ 0 on a log axis): Vega-Lite leaves a gap. */
  value: number | null;
  series: string;
}

export interface PanelPoint extends SeriesPoint {
  panel: string;
}

export type Metric = "acc" | "loss";

/** Plottable number: non-finite (and non-positive on a log axis) becomes null. */
export function plottable(x: number, logAxis = false): number | null {
  if (!Number.isFinite(x)) return null;
  if (logAxis && x <= 0) return null;
  return x;
}

export const TRAIN_SERIES = "Train (mean of the epoch's windows)";
export const TEST_SERIES = "Test (10,000 images)";

/** Train (mean of the epoch's logged windows, as the report's curves) against test, per epoch. */
export function trainTestPoints(rows: EpochRow[], metric: Metric): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  for (const r of rows) {
    const train = metric === "acc" ? r.trainAcc : r.trainLoss;
    const test = metric === "acc" ? r.testAcc : r.testLoss;
    out.push({ epoch: r.epoch, value: plottable(train), series: TRAIN_SERIES });
    out.push({ epoch: r.epoch, value: plottable(test), series: TEST_SERIES });
  }
  return out;
}

/** One test-metric series per run, labelled by `label`. */
export function overlayPoints(
  runs: Run[],
  metric: Metric,
  label: (r: Run) => string,
  logAxis = false,
): SeriesPoint[] {
  return runs.flatMap((run) =>
    run.rows.map((r) => ({
      epoch: r.epoch,
      value: plottable(metric === "acc" ? r.testAcc : r.testLoss, logAxis),
      series: label(run),
    }))
  );
}

/** Train-vs-test points of several runs, each in its own facet panel. */
export function panelPoints(runs: Run[], metric: Metric, label: (r: Run) => string): PanelPoint[] {
  return runs.flatMap((run) =>
    trainTestPoints(run.rows, metric).map((p) => ({ ...p, panel: label(run) }))
  );
}

/** The four series of a depth comparison: "<network>, train" and "<network>, test" for each. */
export function depthSeries(networks: [string, string]): string[] {
  return networks.flatMap((n) => [`${n}, train`, `${n}, test`]);
}

/** Test and train curves of the same pair on two networks, labelled by `networks`. */
export function depthPoints(
  one: Run,
  two: Run,
  metric: Metric,
  networks: [string, string],
): SeriesPoint[] {
  const tag = (pts: SeriesPoint[], network: string) =>
    pts.map((p) => ({
      ...p,
      series: `${network}, ${p.series === TEST_SERIES ? "test" : "train"}`,
    }));
  return [
    ...tag(trainTestPoints(one.rows, metric), networks[0]),
    ...tag(trainTestPoints(two.rows, metric), networks[1]),
  ];
}

/** First epoch whose values are not all finite, or null. */
export function firstNonFiniteEpoch(rows: EpochRow[]): number | null {
  for (const r of rows) {
    const vals = [r.trainLoss, r.trainAcc, r.windowLoss, r.windowAcc, r.testLoss, r.testAcc];
    if (!vals.every(Number.isFinite)) return r.epoch;
  }
  return null;
}

export interface BarPoint {
  pair: string;
  depth: string;
  epoch_s: number;
  step_ms: number;
}

/** Per-epoch time bars of one backend/threads setting, pairs in the engine's order. */
export function timingBars(timing: TimingRow[], backend: string, threads: number): BarPoint[] {
  const rows = timing.filter((t) => t.backend === backend && t.threads === threads);
  const order = (t: TimingRow) =>
    ACTIVATIONS.indexOf(t.activation as never) * 10 + LOSSES.indexOf(t.loss as never);
  return [...rows]
    .sort((a, b) => order(a) - order(b) || a.depth - b.depth)
    .map((t) => ({
      pair: pairLabel(t.activation, t.loss),
      depth: depthLabel(t.hidden),
      epoch_s: t.epochS,
      step_ms: t.stepMs,
    }));
}
