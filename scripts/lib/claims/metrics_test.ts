/** The claims' metrics on hand-made runs whose values are known. */
import assert from "node:assert/strict";
import { firstEpoch, refValue, rmsChange, runMetric } from "./metrics.ts";
import { data, rowsOf, run, timingRow } from "./test_data.ts";
import { epochJitter } from "../report_build.ts";

Deno.test("rmsChange: RMS of the changes over the second half; NaN below two changes", () => {
  assert.ok(Math.abs(rmsChange([0, 0.1, 0.4, 0.1]) - Math.sqrt((0.09 + 0.09) / 2)) < 1e-15);
  assert.equal(rmsChange([0.5, 0.5, 0.5, 0.5]), 0);
  // the same measure as the report's "RMS Δ test acc, 2nd half"
  const rows = rowsOf([0.1, 0.5, 0.52, 0.49, 0.55]);
  assert.equal(rmsChange(rows.map((r) => r.testAcc)), epochJitter(rows));
  assert.ok(Number.isNaN(rmsChange([0.1, 0.2])));
  assert.ok(Number.isNaN(rmsChange([0.1, 0.2, NaN, 0.3])));
});

Deno.test("firstEpoch: the first passing epoch, or Infinity", () => {
  const rows = rowsOf([0.5, 0.8, 0.9]);
  assert.equal(firstEpoch(rows, (r) => r.testAcc >= 0.8), 1);
  assert.equal(firstEpoch(rows, (r) => r.testAcc >= 0.95), Infinity);
});

Deno.test("runMetric: every metric on a known run", () => {
  const rows = rowsOf([0.5, 0.8, 0.9, 0.85], [{ seconds: 3 }, { seconds: 1 }, { seconds: 2 }, {
    seconds: 9,
    windowAcc: 0.7,
  }]);
  const r = run(rows, { activation: "relu", loss: "hinge" });
  const timing = [timingRow("128", "relu", "hinge", 1.25), timingRow("128", "gelu", "hinge", 2)];
  assert.equal(runMetric(r, "finalTestAcc", null), 0.85);
  assert.equal(runMetric(r, "finalTrainAcc", null), 0.7);
  assert.equal(runMetric(r, "finalTrainLoss", null), 0.25);
  assert.ok(Math.abs(runMetric(r, "testJitter", null)! - Math.sqrt((0.01 + 0.0025) / 2)) < 1e-15);
  assert.equal(runMetric(r, "trainJitter", null), runMetric(r, "testJitter", null));
  assert.equal(runMetric(r, "timingEpochSeconds", timing), 1.25);
  assert.equal(runMetric(r, "timingEpochSeconds", null), undefined);
  assert.equal(runMetric(r, "medianEpochSeconds", null), 2.5);
  assert.equal(runMetric(r, "nonFiniteEpochs", null), 0);
  assert.equal(runMetric(r, { epochsToTestAcc: 0.85 }, null), 2);
  assert.equal(runMetric(r, { epochsToLossFraction: 0.5 }, null), 1);
  assert.equal(runMetric(r, { epochsToLossFraction: 0.1 }, null), Infinity);
});

Deno.test("runMetric: a run that goes non-finite", () => {
  const rows = rowsOf([0.5, 0.1], [{}, { trainLoss: NaN, testLoss: Infinity }]);
  assert.equal(runMetric(run(rows), "nonFiniteEpochs", null), 1);
  assert.equal(runMetric(run(rows), "finalTrainLoss", null), Infinity);
  assert.equal(runMetric(run([]), "finalTestAcc", null), undefined);
});

Deno.test("refValue: a run's value, a change between runs, undefined when a run is missing", () => {
  const d = data({ "a/x": run(rowsOf([0.9])), "b/x": run(rowsOf([0.95])) });
  assert.equal(refValue("a/x", "finalTestAcc", d), 0.9);
  assert.ok(Math.abs(refValue({ from: "a/x", to: "b/x" }, "finalTestAcc", d)! - 0.05) < 1e-15);
  assert.equal(refValue("c/x", "finalTestAcc", d), undefined);
  assert.equal(refValue({ from: "a/x", to: "c/x" }, "finalTestAcc", d), undefined);
});
