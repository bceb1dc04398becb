/** Report tables 3–4: two hidden layers (784-256-128-10), 3 activations × 3 losses, 100 epochs. */
import type { ExperimentFile } from "./schema.ts";
import { pairGrid } from "./_shared.ts";

export default [
  pairGrid({
    section: "two_hidden",
    title: "Two hidden layers (784-256-128-10)",
    reportTable: "two_hidden",
    comparesDepthWith: "one_hidden",
  }, [256, 128]),
] as const satisfies ExperimentFile;
