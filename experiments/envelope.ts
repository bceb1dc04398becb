/**
 * The noise envelope (study "envelope", not part of the main study): for every run whose final
 * test figures differ from the report's printed digits, K copies whose initial weights are scaled
 * by (1 + k·2⁻⁵²), k = 1…K (config key `perturb`, core/perturb.ts). Their spread is how far
 * rounding-level differences alone move a run: REPORT.md asks whether the report's value falls
 * inside it. The list is checked against results/summary.csv by envelope_test.ts.
 *
 *   deno task reproduce --study envelope                              # all of it
 *   deno task reproduce --study envelope --shard 1/4 --jobs 2 --dry-run  # its plan
 */
import type { ConfigPatch, ExperimentFile, SweepExperiment } from "./schema.ts";
import { LEARNING_RATE_BY_LOSS, pairGrid } from "./_shared.ts";
import sweeps from "./sweeps.ts";
import type { Activation, LossName } from "../core/config.ts";

/** Perturbations per run: k = 1…K (k = 0 is the committed run itself). */
export const ENVELOPE_K = 4;

/** One envelope: the source run's config swept over perturb = 1…K, in results/envelope/. */
function envelope(source: string, base: ConfigPatch): SweepExperiment {
  return {
    kind: "sweep",
    study: "envelope",
    section: "env_" + source.replace(/[^a-z0-9]+/g, "_"),
    title: `Noise envelope of ${source}`,
    label: "perturb k",
    name: "perturb={perturb}",
    base,
    key: "perturb",
    values: Array.from({ length: ENVELOPE_K }, (_, i) => i + 1),
  };
}

/** An activation/loss pair of the report's grids (experiments/_shared.ts). */
function pair(hidden: readonly number[], activation: Activation, loss: LossName): ConfigPatch {
  const { base } = pairGrid({ section: "" }, hidden);
  return { ...base, activation, loss, learningRate: LEARNING_RATE_BY_LOSS[loss] };
}

/** A sweep run of experiments/sweeps.ts: its base with the swept key at `value`. */
function sweepRun(section: string, value: number): ConfigPatch {
  const exp = sweeps.find((e) => e.section === section)!;
  return { ...exp.base, [exp.key]: value };
}

export default [
  envelope("one_hidden/gelu-softmax_ce", pair([128], "gelu", "softmax_ce")),
  envelope("one_hidden/gelu-hinge", pair([128], "gelu", "hinge")),
  envelope("two_hidden/sigmoid-hinge", pair([256, 128], "sigmoid", "hinge")),
  envelope("two_hidden/relu-euclidean", pair([256, 128], "relu", "euclidean")),
  envelope("two_hidden/relu-softmax_ce", pair([256, 128], "relu", "softmax_ce")),
  envelope("two_hidden/gelu-softmax_ce", pair([256, 128], "gelu", "softmax_ce")),
  envelope("two_hidden/gelu-hinge", pair([256, 128], "gelu", "hinge")),
  envelope("sweep_lr/lr=0.1", sweepRun("sweep_lr", 0.1)),
  envelope("sweep_batch_size/batch_size=10", sweepRun("sweep_batch_size", 10)),
  envelope("sweep_momentum/momentum=0.99", sweepRun("sweep_momentum", 0.99)),
] satisfies ExperimentFile;
