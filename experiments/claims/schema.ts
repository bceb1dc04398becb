/**
 * Shape of the report's claims as data (experiments/claims/claims.ts): the report's words, where
 * they stand, and checks computed from results by scripts/lib/claims/. This folder is not an
 * experiment file: experiments/mod.ts loads only experiments/*.ts.
 */

/**
 * What a check measures of one run (scripts/lib/claims/metrics.ts):
 * - `finalTestAcc` / `finalTrainAcc`: test accuracy after the last epoch / accuracy of the last
 *   training window (the report's "Test" and "Train" columns);
 * - `finalTrainLoss`: mean training loss of the last epoch (non-finite counts as +∞);
 * - `testJitter` / `trainJitter`: RMS of the epoch-to-epoch change of test accuracy / of the
 *   epoch's mean training accuracy, over the second half of the run;
 * - `timingEpochSeconds`: seconds per epoch in timing.csv (wasm backend, 1 thread) for the run's
 *   network, activation and loss; `medianEpochSeconds`: median of the run CSV's `seconds`;
 * - `nonFiniteEpochs`: epochs with a NaN or infinite loss;
 * - `{ epochsToTestAcc: a }`: first epoch whose test accuracy is ≥ a (never: +∞);
 * - `{ epochsToLossFraction: f }`: first epoch whose mean training loss is ≤ f × that of epoch 0
 *   (scale-free, as the losses have different units; never: +∞).
 */
export type Metric =
  | "finalTestAcc"
  | "finalTrainAcc"
  | "finalTrainLoss"
  | "testJitter"
  | "trainJitter"
  | "timingEpochSeconds"
  | "medianEpochSeconds"
  | "nonFiniteEpochs"
  | { epochsToTestAcc: number }
  | { epochsToLossFraction: number };

/** A run by name ("one_hidden/gelu-hinge"), or the change of a metric from one run to another. */
export type Ref = string | { from: string; to: string };

/** Runs compared with each other, under a label ("Euclidean"). */
export interface Group {
  label: string;
  /** For `order`: in the claimed order. */
  runs: readonly Ref[];
  /** For `extreme`: the runs claimed to have the highest (or lowest) values. */
  expect?: readonly Ref[];
}

/**
 * - `order`: in every group the metric runs strictly down (`descending`) or up the listed runs;
 * - `extreme`: in every group the `expect` runs have strictly the highest (`max`) or lowest
 *   (`min`) values;
 * - `threshold`: every run's metric satisfies `op value`.
 * Each group (or run, for `threshold`) is one item that holds or not.
 */
export type Check =
  | { kind: "order"; metric: Metric; direction: "descending" | "ascending"; groups: Group[] }
  | { kind: "extreme"; metric: Metric; which: "max" | "min"; groups: Group[] }
  | {
    kind: "threshold";
    metric: Metric;
    op: ">" | "<" | ">=" | "<=";
    value: number;
    /** What the value means, e.g. "the hinge loss of an all-zero output". */
    meaning?: string;
    runs: readonly Ref[];
  };

/** One claim of the report. */
export interface Claim {
  /** Stable id, e.g. "gelu-slowest-epoch". */
  id: string;
  /** Where it stands in the report, e.g. "§1.2.4 训练时间". */
  section: string;
  /** The report's own words. */
  zh: string;
  /** Their English translation. */
  en: string;
  /** Holds when every item of every check holds; does not hold when none does; else mixed. */
  checks: readonly Check[];
}
