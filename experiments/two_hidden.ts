/** Report tables 3–4: two hidden layers (784-256-128-10), 3 activations × 3 losses, 100 epochs. */
import type { ExperimentFile } from "./schema.ts";

export default [
  {
    kind: "grid",
    section: "two_hidden",
    name: "{activation}-{loss}",
    base: {
      hidden: [256, 128],
      epochs: 100,
      learningRate: 0.1,
      weightDecay: 2e-4,
      momentum: 0.9,
      batchSize: 100,
    },
    axes: {
      activation: ["sigmoid", "relu", "gelu"],
      loss: ["euclidean", "softmax_ce", "hinge"],
    },
    // The report trained hinge at 1e-4: the author's hinge gradient is not divided by N.
    overrides: [{ when: { loss: "hinge" }, set: { learningRate: 1e-4 } }],
  },
] as const satisfies ExperimentFile;
