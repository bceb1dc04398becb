/** Every experiment file, in study order, keyed by its path (used in error messages). */
import type { ExperimentFile } from "./schema.ts";
import oneHidden from "./one_hidden.ts";
import twoHidden from "./two_hidden.ts";
import sweeps from "./sweeps.ts";
import stability from "./stability.ts";

export const EXPERIMENT_FILES: Readonly<Record<string, ExperimentFile>> = {
  "experiments/one_hidden.ts": oneHidden,
  "experiments/two_hidden.ts": twoHidden,
  "experiments/sweeps.ts": sweeps,
  "experiments/stability.ts": stability,
};
