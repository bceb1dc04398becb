/** Words and numbers of the checks. */
import assert from "node:assert/strict";
import { describeCheck, describeMetric, formatItem, formatValue } from "./describe.ts";

Deno.test("formatValue: accuracies, RMS in pp, seconds, epochs, losses, gains, missing", () => {
  assert.equal(formatValue("finalTestAcc", 0.9736), "0.97360");
  assert.equal(formatValue("finalTestAcc", 0.0308, true), "+0.03080");
  assert.equal(formatValue("finalTestAcc", -0.0026, true), "-0.00260");
  assert.equal(formatValue("testJitter", 0.00574), "0.574 pp");
  assert.equal(formatValue("timingEpochSeconds", 1.8581), "1.858 s");
  assert.equal(formatValue({ epochsToTestAcc: 0.95 }, 21), "21");
  assert.equal(formatValue({ epochsToTestAcc: 0.95 }, Infinity), "never");
  assert.equal(formatValue("finalTrainLoss", 49.573), "49.57");
  assert.equal(formatValue("finalTrainLoss", Infinity), "∞");
  assert.equal(formatValue("testJitter", NaN), "n/a");
  assert.equal(formatValue("finalTestAcc", undefined), "—");
});

Deno.test("describeMetric and describeCheck say what is measured and what is asked", () => {
  assert.equal(
    describeMetric({ epochsToLossFraction: 0.1 }),
    "first epoch whose mean training loss is ≤ 10 % of epoch 0's",
  );
  assert.equal(
    describeCheck({
      kind: "order",
      metric: "finalTestAcc",
      direction: "descending",
      groups: [{ label: "A", runs: [] }, { label: "B", runs: [] }],
    }),
    "final test accuracy, strictly falling in the claimed order, in each of: A, B",
  );
  assert.equal(
    describeCheck({
      kind: "threshold",
      metric: "finalTestAcc",
      op: ">",
      value: 0,
      runs: [{ from: "one/x", to: "two/x" }],
    }),
    "change from one to two hidden layers of the final test accuracy > 0, for each run",
  );
});

Deno.test("formatItem: the group, each value, the mark", () => {
  const values = [{ label: "a", value: 0.9, gain: false }, { label: "b", value: 0.8, gain: false }];
  assert.equal(
    formatItem({ label: "G", ok: true, values, metric: "finalTestAcc" }),
    "G: a 0.90000, b 0.80000 ✓",
  );
  assert.equal(
    formatItem({ label: "a", ok: false, values: values.slice(0, 1), metric: "finalTestAcc" }),
    "a 0.90000 ✗",
  );
  assert.equal(
    formatItem({ label: "G", ok: null, values, metric: "finalTestAcc" }),
    "G: a 0.90000, b 0.80000 (not computed)",
  );
});
