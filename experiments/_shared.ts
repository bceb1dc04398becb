/**
 * Values several experiment files (and the benches) share. Files whose name starts with "_" are
 * helpers: experiments/mod.ts does not load them as experiments.
 */
import type { LossName as Loss } from "../core/config.ts";
import type { GridExperiment, Override } from "./schema.ts";

/**
 * The study's learning rate per loss: the report trained hinge at 1e-4, because the author's
 * hinge gradient is not divided by N; the other losses at 0.1.
 */
export const LEARNING_RATE_BY_LOSS: Readonly<Record<Loss, number>> = {
  euclidean: 0.1,
  softmax_ce: 0.1,
  hinge: 1e-4,
};

/** Overrides that give each loss its LEARNING_RATE_BY_LOSS. */
export function perLossLearningRate(): Override[] {
  return (Object.keys(LEARNING_RATE_BY_LOSS) as Loss[]).map((loss) => ({
    when: { loss },
    set: { learningRate: LEARNING_RATE_BY_LOSS[loss] },
  }));
}

/**
 * The report's activation × loss tables for one network: 3 activations × 3 losses, 100 epochs,
 * SGD with momentum 0.9 and weight decay 2e-4, batch 100, each loss at its learning rate.
 */
export function pairGrid(
  meta: Pick<GridExperiment, "section" | "title" | "reportTable" | "comparesDepthWith">,
  hidden: readonly number[],
): GridExperiment {
  return {
    kind: "grid",
    ...meta,
    name: "{activation}-{loss}",
    base: { hidden, epochs: 100, weightDecay: 2e-4, momentum: 0.9, batchSize: 100 },
    axes: { activation: ["sigmoid", "relu", "gelu"], loss: ["euclidean", "softmax_ce", "hinge"] },
    overrides: perLossLearningRate(),
  };
}
