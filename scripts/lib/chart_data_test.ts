import { ok as assert } from "node:assert/strict";
import { assertEquals, assertThrowsMessage } from "../../core/test_util.ts";
import {
  buildChartJobs,
  CsvError,
  fillTemplate,
  firstNonFiniteEpoch,
  loadResults,
  loadTemplates,
  overlayPoints,
  parseRunCsv,
  parseTimingCsv,
  readCsvTable,
  type Run,
  SECTIONS,
  TEST_SERIES,
  timingBars,
  TRAIN_SERIES,
  trainTestPoints,
} from "./chart_data.ts";

function assertThrows(fn: () => unknown, cls: new (...a: never[]) => Error, part: string) {
  const e = assertThrowsMessage(fn, part);
  assert(e instanceof cls, `expected ${cls.name}, got ${e.name}`);
}

const FIX = new URL("../testdata/", import.meta.url).pathname;
const SMALL = `${FIX}results_small`;
const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";

Deno.test("parseRunCsv reads numbers, NaN and Infinity", () => {
  const rows = parseRunCsv(
    `${HEAD}\n0,1.5,0.5,2,0.25,3,0.125,1.25\n1,NaN,0.1,Infinity,0.1,-Infinity,0.1,1e-3\n`,
    "x.csv",
  );
  assertEquals(rows[0], {
    epoch: 0,
    trainLoss: 1.5,
    trainAcc: 0.5,
    windowLoss: 2,
    windowAcc: 0.25,
    testLoss: 3,
    testAcc: 0.125,
    seconds: 1.25,
  });
  assert(Number.isNaN(rows[1].trainLoss));
  assertEquals(rows[1].windowLoss, Infinity);
  assertEquals(rows[1].testLoss, -Infinity);
  assertEquals(rows[1].seconds, 0.001);
  assertEquals(firstNonFiniteEpoch(rows), 1);
});

Deno.test("parseRunCsv errors name file, line and column", () => {
  assertThrows(
    () => parseRunCsv(`${HEAD}\n0,1,1,1,1,1,1,1\n\n1,1,1,1,abc,1,1,1\n`, "runs/a.csv"),
    CsvError,
    'runs/a.csv:4:5 (column "window_acc"): "abc" is not a number',
  );
  assertThrows(() => parseRunCsv(`${HEAD}\n0,1,1\n`, "b.csv"), CsvError, "b.csv:2: 3 fields");
  assertThrows(
    () => parseRunCsv("epoch,loss\n0,1\n", "c.csv"),
    CsvError,
    'c.csv:1: header "epoch,loss"',
  );
  assertThrows(
    () => parseRunCsv(`${HEAD}\n0,1,1,1,1,1,1,1\n2,1,1,1,1,1,1,1\n`, "d.csv"),
    CsvError,
    'd.csv:3:1 (column "epoch"): 2, expected 1',
  );
  assertThrows(() => parseRunCsv("", "e.csv"), CsvError, "e.csv: empty file");
});

Deno.test("readCsvTable handles quoted fields and CRLF", () => {
  const t = readCsvTable('a,b\r\n"x,1","say ""hi"""\r\n', "q.csv");
  assertEquals(t.header, ["a", "b"]);
  assertEquals(t.rows[0].cells, ["x,1", 'say "hi"']);
  assertThrows(() => readCsvTable('a\n"open\n', "q.csv"), CsvError, "q.csv:2:1: unterminated");
});

Deno.test("parseTimingCsv reads depth from the hidden field", () => {
  const rows = parseTimingCsv(
    "hidden,activation,loss,backend,threads,step_ms,epoch_s\n128,gelu,hinge,wasm,1,2.5,1.5\n" +
      "256-128,gelu,hinge,wasm,2,6,3.6\n",
    "t.csv",
  );
  assertEquals(rows.map((r) => [r.depth, r.hidden, r.threads, r.epochS]), [
    [1, "128", 1, 1.5],
    [2, "256-128", 2, 3.6],
  ]);
  assertThrows(
    () =>
      parseTimingCsv(
        "hidden,activation,loss,backend,threads,step_ms,epoch_s\n128,gelu,hinge,wasm,0,1,1\n",
        "t.csv",
      ),
    CsvError,
    't.csv:2:5 (column "threads"): "0" is not an integer >= 1',
  );
});

Deno.test("loadResults reads the fixture tree and lists what is missing", async () => {
  const tree = await loadResults(SMALL, `${FIX}report_tables_small.csv`);
  assertEquals(tree.runs.map((r) => `${r.section}/${r.name}`), [
    "one_hidden/relu-hinge",
    "one_hidden/gelu-softmax_ce",
    "two_hidden/gelu-softmax_ce",
    "sweep_lr/lr=0.1",
    "sweep_lr/lr=0.01",
    "stability/relu-hinge-lr=0.1",
  ]);
  // 37 expected runs, 6 present.
  assertEquals(tree.missing.length, 31);
  assert(tree.missing.includes("sweep_momentum/momentum=0.99.csv"));
  assertEquals(tree.timing?.length, 4);
  assertEquals(tree.summary?.[2].divergedEpoch, 1);
  assertEquals(tree.reportTables?.[4].testAcc, 0.976);
  const empty = await loadResults(`${FIX}no_such_dir`, `${FIX}no_such.csv`);
  assertEquals(empty.runs, []);
  assert(empty.missing.includes("timing.csv") && empty.missing.includes("summary.csv"));
});

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
  const run: Run = { section: "one_hidden", name: "gelu-hinge", rows };
  assertEquals(
    overlayPoints([run], "loss", () => "r", true).map((p) => p.value),
    [0.7, null],
  );
});

Deno.test("timingBars orders pairs as the study and labels depths", () => {
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

Deno.test("fillTemplate fills slots and refuses missing or unused values", () => {
  const tpl = { a: "${x}", b: ["${y}", "keep ${x}"], c: { d: "${x}" } };
  assertEquals(fillTemplate(tpl, { x: [1, 2], y: { z: 1 } }), {
    a: [1, 2],
    b: [{ z: 1 }, "keep ${x}"],
    c: { d: [1, 2] },
  });
  assertThrows(() => fillTemplate(tpl, { x: 1 }, "t"), Error, 't: placeholder "${y}" has no value');
  assertThrows(() => fillTemplate(tpl, { x: 1, y: 2, w: 3 }, "t"), Error, "no slot for w");
});

Deno.test("buildChartJobs lists every figure the fixture allows", async () => {
  const tree = await loadResults(SMALL, `${FIX}report_tables_small.csv`);
  const jobs = buildChartJobs(tree, await loadTemplates());
  assertEquals(jobs.map((j) => j.id), [
    "one_hidden/acc-relu-hinge",
    "one_hidden/loss-relu-hinge",
    "one_hidden/acc-gelu-softmax_ce",
    "one_hidden/loss-gelu-softmax_ce",
    "one_hidden/overlay-test_acc",
    "one_hidden/overlay-test_loss",
    "two_hidden/acc-gelu-softmax_ce",
    "two_hidden/loss-gelu-softmax_ce",
    "two_hidden/overlay-test_acc",
    "two_hidden/overlay-test_loss",
    "sweep_lr/acc-lr=0.1",
    "sweep_lr/loss-lr=0.1",
    "sweep_lr/acc-lr=0.01",
    "sweep_lr/loss-lr=0.01",
    "sweep_lr/panels-acc",
    "sweep_lr/panels-loss",
    "sweep_lr/overlay-test_acc",
    "sweep_lr/overlay-test_loss",
    "stability/acc-relu-hinge-lr=0.1",
    "stability/loss-relu-hinge-lr=0.1",
    "stability/overlay-test_acc",
    "stability/overlay-test_loss",
    "depth/acc-gelu-softmax_ce",
    "depth/loss-gelu-softmax_ce",
    "timing/epoch_s-wasm-t1",
  ]);
  // deno-lint-ignore no-explicit-any
  const spec = jobs.find((j) => j.id === "one_hidden/loss-relu-hinge")!.spec as any;
  assertEquals(spec.title.text, "Loss: ReLU + hinge — One hidden layer (784-128-10)");
  assertEquals(spec.encoding.y.title, "Hinge loss (mean per image, margin 5)");
  assertEquals(spec.data.values.length, 12);
  assertEquals(spec.data.values[11], { epoch: 5, value: 0.52, series: TEST_SERIES });
  // deno-lint-ignore no-explicit-any
  const st = jobs.find((j) => j.id === "stability/acc-relu-hinge-lr=0.1")!.spec as any;
  assertEquals(st.title.subtitle[1], "Diverged: non-finite values from epoch 1 (not plotted)");
  // deno-lint-ignore no-explicit-any
  const panels = jobs.find((j) => j.id === "sweep_lr/panels-acc")!.spec as any;
  assertEquals(panels.facet.sort, ["lr = 0.1", "lr = 0.01"]);
  assertEquals(SECTIONS.reduce((n, s) => n + s.runs.length, 0), 37);
  assert(!JSON.stringify(jobs.map((j) => j.spec)).includes("${"), "unfilled slot left");
});
