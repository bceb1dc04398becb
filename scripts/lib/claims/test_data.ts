/** Hand-made results for the claims' tests: runs from a few numbers per epoch. */
import { type RunConfig, validateRunConfig } from "../../../core/config.ts";
import type { EpochRow } from "../../../core/csv.ts";
import type { TimingRow } from "../timing_csv.ts";
import type { ClaimData, ClaimRun } from "./metrics.ts";

/** Epoch rows with these test accuracies (train accuracy, losses and seconds as given or fixed). */
export function rowsOf(
  testAcc: readonly number[],
  more: Partial<Omit<EpochRow, "epoch" | "testAcc">>[] = [],
): EpochRow[] {
  return testAcc.map((a, epoch) => ({
    epoch,
    trainLoss: 1 / (epoch + 1),
    trainAcc: a,
    windowLoss: 1 / (epoch + 1),
    windowAcc: a,
    testLoss: 1 - a,
    testAcc: a,
    seconds: 1,
    ...more[epoch],
  }));
}

/** A run of the given config patch and rows. */
export function run(rows: EpochRow[], config: Partial<RunConfig> = {}): ClaimRun {
  return { config: validateRunConfig(config), rows };
}

/** Claim data from runs by name (and timing rows). */
export function data(runs: Record<string, ClaimRun>, timing: TimingRow[] | null = null): ClaimData {
  return { runs: new Map(Object.entries(runs)), timing };
}

/** A timing.csv row of the wasm backend on 1 thread. */
export function timingRow(
  hidden: string,
  activation: string,
  loss: string,
  epochS: number,
): TimingRow {
  return {
    depth: hidden.split("-").length,
    hidden,
    activation,
    loss,
    backend: "wasm",
    threads: 1,
    stepMs: epochS / 0.6,
    epochS,
  };
}
