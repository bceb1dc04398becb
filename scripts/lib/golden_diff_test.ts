import assert from "node:assert/strict";
import { diffResults, formatDifferences } from "./golden_diff.ts";

const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";
const RUN = [
  HEAD,
  "0,0.5,0.8,0.4,0.85,0.3,0.9,1.5",
  "1,0.25,0.9,0.2,0.93,0.15,0.95,1.25",
].join("\n") + "\n";
const SUMMARY = "run,status,test_acc\na/x,ok,0.95\nb/y,diverged,NaN\n";

const set = (runs: Record<string, string>, summary?: string) => ({
  runs: new Map(Object.entries(runs)),
  summary,
});

Deno.test("identical sets, NaN cells and different seconds give no difference", () => {
  const nanRun = RUN.replace("0.15,0.95", "NaN,0.95");
  const slower = nanRun.replace(",1.5\n", ",99\n");
  assert.deepEqual(
    diffResults(set({ "a/x": nanRun }, SUMMARY), set({ "a/x": slower }, SUMMARY)),
    [],
  );
});

Deno.test("a perturbed number is caught with its run, column and epoch", () => {
  // One ulp off: 0.93 -> next float64 up. Must still be caught (bit-for-bit check).
  const bumped = 0.93 + 2 ** -53;
  assert.notEqual(bumped, 0.93);
  const perturbed = RUN.replace("0.2,0.93", `0.2,${bumped}`);
  const diffs = diffResults(set({ "a/x": RUN, "b/y": RUN }), set({ "a/x": RUN, "b/y": perturbed }));
  assert.deepEqual(diffs, [{
    run: "b/y",
    column: "window_acc",
    epoch: "1",
    golden: "0.93",
    new: String(bumped),
    change: String(bumped - 0.93),
  }]);
  const table = formatDifferences(diffs);
  assert.match(table, /^run +\| column +\| epoch \| committed \| new +\| change/);
  assert.match(table, /b\/y \| window_acc \| 1 +\| 0\.93 +\| 0\.930000000000000\d* \|/);
});

Deno.test("NaN against a number, missing/extra runs and rows, and summary rows are caught", () => {
  const nan = RUN.replace("0.3,0.9,", "NaN,0.9,");
  const short = RUN.split("\n").slice(0, 2).join("\n") + "\n";
  const summary2 = "run,status,test_acc\na/x,ok,0.96\nc/z,ok,0.5\n";
  const diffs = diffResults(
    set({ "a/x": RUN, "b/y": RUN, "d/w": RUN }, SUMMARY),
    set({ "a/x": nan, "c/z": RUN, "d/w": short }, summary2),
  );
  const brief = diffs.map((d) =>
    `${d.run}|${d.column}|${d.epoch}|${d.golden}|${d.new}|${d.change}`
  );
  assert.deepEqual(brief, [
    "a/x|test_loss|0|0.3|NaN|NaN",
    "b/y|(run)||present|missing|missing run",
    "c/z|(run)||missing|present|extra run",
    "d/w|(row)|1|present|missing|row missing",
    "a/x|test_acc|summary|0.95|0.96|" + String(0.96 - 0.95),
    "b/y|(row)|summary|present|missing|row missing",
    "c/z|(row)|summary|missing|present|extra row",
  ]);
});

Deno.test("a changed header or text cell is a difference; a missing summary too", () => {
  const renamed = RUN.replace("test_acc", "test_accuracy");
  const d1 = diffResults(set({ "a/x": RUN }), set({ "a/x": renamed }));
  assert.equal(d1.length, 1);
  assert.equal(d1[0].column, "(header)");
  const d2 = diffResults(set({}, SUMMARY), set({}, SUMMARY.replace("diverged", "ok")));
  assert.deepEqual(d2.map((d) => [d.run, d.column, d.golden, d.new]), [[
    "b/y",
    "status",
    "diverged",
    "ok",
  ]]);
  const d3 = diffResults(set({}, SUMMARY), set({}));
  assert.deepEqual(d3.map((d) => [d.run, d.change]), [["summary.csv", "file differs"]]);
});

Deno.test("formatDifferences caps the listing and counts the rest", () => {
  const many = Array.from({ length: 5 }, (_, i) => ({
    run: "r",
    column: "c",
    epoch: String(i),
    golden: "1",
    new: "2",
    change: "1",
  }));
  const text = formatDifferences(many, 2);
  assert.equal(text.split("\n").length, 2 + 2 + 1);
  assert.match(text, /\.\.\. and 3 more differences$/);
});
