/**
 * The report's claim that hinge loss at lr 0.1 does not converge (hence its 1e-4): hinge ×
 * 3 activations, one hidden layer, lr 0.1. 20 epochs show the behaviour; whatever happens
 * (divergence to NaN/Inf or a poor plateau) is recorded as is.
 */
import type { ExperimentFile } from "./schema.ts";

export default [
  {
    kind: "grid",
    section: "stability",
    title: "Hinge loss at lr 0.1 (stability check)",
    name: "{activation}-{loss}-lr={learningRate}",
    base: {
      hidden: [128],
      loss: "hinge",
      learningRate: 0.1,
      epochs: 20,
      weightDecay: 2e-4,
      momentum: 0.9,
      batchSize: 100,
    },
    axes: { activation: ["sigmoid", "relu", "gelu"] },
  },
] as const satisfies ExperimentFile;
