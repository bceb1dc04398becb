/** Report tables 1–2: one hidden layer (784-128-10), 3 activations × 3 losses, 100 epochs. */
import type { ExperimentFile } from "./schema.ts";
import { pairGrid } from "./_shared.ts";

export default [
  pairGrid({
    section: "one_hidden",
    title: "One hidden layer (784-128-10)",
    reportTable: "one_hidden",
  }, [128]),
] as const satisfies ExperimentFile;
