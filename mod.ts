/**
 * mlpbench: the study's MLPs on MNIST, replayed exactly in Deno. The public API:
 *
 * ```ts
 * import { loadMnist, train, validateRunConfig } from "./mod.ts";
 * const cfg = validateRunConfig({ activation: "relu", loss: "hinge", learningRate: 1e-4, epochs: 3 });
 * const { rows } = await train(cfg, await loadMnist(), { backend: "wasm" });
 * ```
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
export { DataError, loadMnist, MNIST_FILES, type MnistData } from "./core/data/mnist.ts";
export { type EpochRow, formatRunCsv, parseRunCsv, RUN_CSV_COLUMNS } from "./core/csv.ts";
export { type Divergence, train, type TrainOptions, type TrainResult } from "./core/train.ts";
export { Mlp } from "./core/network.ts";
export { Arena } from "./core/kernels/arena.ts";
export type { Kernels } from "./core/kernels/kernels.ts";
export { referenceKernels } from "./core/kernels/reference.ts";
export { type Backend, BACKENDS, createKernels } from "./core/kernels/select.ts";
export { ENGINE_VERSION } from "./core/version.ts";
