/**
 * Report sweeps: GELU + softmax cross-entropy, one hidden layer of 128, 50 epochs, each sweep
 * varying one hyperparameter around the base (lr 0.01, batch 100, momentum 0.9, wd 2e-4).
 * The base run appears in all four sweeps; it runs once and is copied to each name.
 */
import type { ExperimentFile } from "./schema.ts";

const base = {
  hidden: [128],
  activation: "gelu",
  loss: "softmax_ce",
  epochs: 50,
  learningRate: 0.01,
  batchSize: 100,
  momentum: 0.9,
  weightDecay: 2e-4,
} as const;

export default [
  {
    kind: "sweep",
    section: "sweep_lr",
    title: "Learning rate",
    label: "lr",
    reportTable: "sweep_lr",
    name: "lr={learningRate}",
    base,
    key: "learningRate",
    values: [0.1, 0.01, 0.001, 0.0001],
  },
  {
    kind: "sweep",
    section: "sweep_batch_size",
    title: "Batch size",
    label: "batch size",
    reportTable: "sweep_batch_size",
    name: "batch_size={batchSize}",
    base,
    key: "batchSize",
    values: [10, 50, 100, 200],
  },
  {
    kind: "sweep",
    section: "sweep_momentum",
    title: "Momentum",
    label: "momentum",
    reportTable: "sweep_momentum",
    name: "momentum={momentum}",
    base,
    key: "momentum",
    values: [0, 0.5, 0.9, 0.99],
  },
  {
    kind: "sweep",
    section: "sweep_weight_decay",
    title: "Weight decay",
    label: "weight decay",
    reportTable: "sweep_weight_decay",
    name: "weight_decay={weightDecay}",
    base,
    key: "weightDecay",
    values: [0, 0.0002, 0.002, 0.02],
  },
] as const satisfies ExperimentFile;
