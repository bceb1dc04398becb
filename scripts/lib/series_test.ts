import { ok as assert } from "node:assert/strict";
import { parseRunCsv } from "../../core/csv.ts";
import { assertEquals } from "../../core/test_util.ts";
import type { Run } from "./results_tree.ts";
import {
  firstNonFiniteEpoch,
  overlayPoints,
  TEST_SERIES,
  timingBars,
  TRAIN_SERIES,
  trainTestPoints,
} from "./series.ts";
import { parseTimingCsv } from "./timing_csv.ts";

const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";

Deno.test("trainTestPoints: epoch-mean train metrics as Train, test as Test, non-finite as null", () => {
  // train_* (the epoch mean of the windows) is plotted, as the report's curves; not window_*
  const rows = parseRunCsv(
    `${HEAD}\n0,0.5,0.8,9,0.1,0.7,0.75,1\n1,Infinity,0.9,9,0.1,NaN,0.85,1\n`,
    "p.csv",
  );
  assertEquals(trainTestPoints(rows, "acc"), [
    { epoch: 0, value: 0.8, series: TRAIN_SERIES },
    { epoch: 0, value: 0.75, series: TEST_SERIES },
    { epoch: 1, value: 0.9, series: TRAIN_SERIES },
    { epoch: 1, value: 0.85, series: TEST_SERIES },
  ]);
  assertEquals(trainTestPoints(rows, "loss").map((p) => p.value), [0.5, 0.7, null, null]);
  const run = { section: "one_hidden", name: "gelu-hinge", rows } as Run;
  assertEquals(overlayPoints([run], "loss", () => "r", true).map((p) => p.value), [0.7, null]);
  assertEquals(firstNonFiniteEpoch(rows), 1);
  assert(firstNonFiniteEpoch(rows.slice(0, 1)) === null);
});

Deno.test("timingBars orders pairs as the engine lists them and labels networks", () => {
  const t = parseTimingCsv(
    "hidden,activation,loss,backend,threads,step_ms,epoch_s\n256-128,gelu,hinge,wasm,1,6,3.6\n" +
      "128,sigmoid,euclidean,wasm,1,2,1.2\n128,gelu,hinge,wasm,1,2.5,1.5\n128,gelu,hinge,blas,1,1,1\n",
    "t.csv",
  );
  assertEquals(timingBars(t, "wasm", 1), [
    { pair: "Sigmoid + Euclidean", depth: "One hidden (784-128-10)", epoch_s: 1.2, step_ms: 2 },
    { pair: "GELU + hinge", depth: "One hidden (784-128-10)", epoch_s: 1.5, step_ms: 2.5 },
    { pair: "GELU + hinge", depth: "Two hidden (784-256-128-10)", epoch_s: 3.6, step_ms: 6 },
  ]);
});
