import { ok as assert } from "node:assert/strict";
import { assertClose, assertEquals, assertThrowsMessage } from "../../core/test_util.ts";
import { parseRunCsv } from "../../core/csv.ts";
import { buildChartJobs } from "./figures.ts";
import { findReportRow } from "./report_tables.ts";
import { loadResults, type ResultsTree } from "./results_tree.ts";
import { loadTemplates } from "./templates.ts";
import {
  buildReport,
  epochJitter,
  firstEpochReaching,
  fmtDiff,
  README_END,
  README_START,
  readmeSummary,
  replaceReadmeSummary,
  runStats,
  summaryMismatches,
} from "./report_build.ts";

const FIX = new URL("../testdata/", import.meta.url).pathname;
const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";

async function fixture(): Promise<ResultsTree> {
  return await loadResults(`${FIX}results_small`, `${FIX}report_tables_small.csv`);
}

async function report(tree: ResultsTree, missingCharts: string[] = []): Promise<string> {
  const jobs = buildChartJobs(tree, await loadTemplates());
  return buildReport(tree, jobs, { missingCharts, resultsLabel: "results/" });
}

Deno.test("epochJitter is the RMS of second-half epoch-to-epoch changes", async () => {
  const tree = await fixture();
  const gelu = tree.runs.find((r) => r.section === "one_hidden" && r.name === "gelu-softmax_ce")!;
  // Test acc 0.9 0.95 0.965 0.971 0.968 0.972: epochs 3..5 change by +0.006, -0.003, +0.004.
  assertClose(epochJitter(gelu.rows), Math.sqrt((36e-6 + 9e-6 + 16e-6) / 3), 1e-9);
  assertEquals(firstEpochReaching(gelu.rows, 0.97), 3);
  const relu = tree.runs.find((r) => r.name === "relu-hinge")!;
  assertEquals(firstEpochReaching(relu.rows, 0.97), null);
  const st = runStats(tree.sections[0], relu);
  assertEquals([st.peakAcc, st.peakEpoch, st.divergedEpoch], [0.96, 5, null]);
  const short = parseRunCsv(`${HEAD}\n0,1,1,1,1,1,0.5,1\n1,1,1,1,1,1,0.6,1\n`, "s.csv");
  assert(Number.isNaN(epochJitter(short)), "two epochs give one change: too few");
});

Deno.test("fmtDiff signs and rounds", () => {
  assertEquals(fmtDiff(0.00123, 4), "+0.0012");
  assertEquals(fmtDiff(-0.03, 4), "-0.0300");
  assertEquals(fmtDiff(-0.00001, 4), "+0.0000");
  assertEquals(fmtDiff(NaN, 4), "n/a");
});

Deno.test("findReportRow matches pairs and sweep values by config and table", async () => {
  const tree = await fixture();
  const row = (r: { spec: Parameters<typeof findReportRow>[0] }) =>
    findReportRow(r.spec, tree.reportTables!);
  assertEquals(row(tree.runs.find((r) => r.name === "lr=0.01")!)?.testAcc, 0.976);
  assertEquals(row(tree.runs.find((r) => r.section === "two_hidden")!)?.testLoss, 0.10471);
  assertEquals(row(tree.runs.find((r) => r.section === "stability")!), undefined);
});

Deno.test("buildReport rebuilds the tables with differences", async () => {
  const text = await report(await fixture());
  // Ours 0.9841 / 0.07 (last window) vs report 0.9835 / 0.0491.
  assert(text.includes(
    "| GELU | softmax CE | 6 | 0.9841 | 0.9835 | +0.0006 | 0.0700 | 0.0491 | +0.0209 |",
  ));
  assert(text.includes(
    "| GELU | softmax CE | 6 | 0.97200 | 0.97510 | -0.00310 | 0.09500 | 0.08543 | +0.00957 |",
  ));
  // relu-hinge ran 6 epochs, the report 100: shown, but no difference.
  assert(text.includes("| ReLU | hinge | 6 | 0.9750 | 0.9996 | n/a† | 0.1000 | 0.0008 | n/a† |"));
  assert(text.includes("† The run's epoch count differs"));
  assert(text.includes("| 0.01 | 4 | 0.97050 | 0.97600 | -0.00550 |"));
});

Deno.test("buildReport states computed facts per section", async () => {
  const text = await report(await fixture());
  assert(text.includes(
    "- Best activation/loss pair on final test accuracy: GELU + softmax CE (0.97200); " +
      "lowest: ReLU + hinge (0.96000), a spread of 1.200 pp.",
  ));
  assert(text.includes(
    "- Fastest to reach 97 % test accuracy: GELU + softmax CE at epoch 3; never reached by " +
      "ReLU + hinge.",
  ));
  // relu-hinge epochs 3..5: +0.02, -0.01, +0.02 → RMS 1.732 pp > 0.25 pp.
  assert(text.includes(
    "- Unstable test-accuracy curves (RMS epoch-to-epoch change > 0.250 pp): " +
      "ReLU + hinge (1.732 pp) and GELU + softmax CE (0.451 pp).",
  ));
  assert(text.includes("- Diverged (NaN or infinite values): ReLU + hinge at epoch 1; 0 of 1"));
  assert(text.includes("| Sigmoid | Euclidean |") === false, "no rows for absent runs");
  assert(text.includes("| GELU | softmax CE | 0.97200 | 0.97500 | +0.00300 |"), "depth table");
  assert(text.includes("| GELU | softmax CE | 2.500 | 1.500 | 6.000 | 3.600 | 2.40 |"), "timing");
  assert(
    text.includes(
      "![Time per epoch, backend wasm, 1 thread(s)](charts/timing/epoch_s-wasm-t1.png)",
    ),
  );
  assert(text.includes('<img src="charts/sweep_lr/acc-lr=0.01.png" alt="Accuracy, lr = 0.01"'));
  // Runs of the 4 sections the fixture holds; the 3 sweeps it has no CSV of are not missing.
  assert(text.includes("**Missing run CSVs (19):**"));
  assert(text.includes("summary.csv agrees with the last row of every run CSV it lists."));
  assert(!/\d{4}-\d{2}-\d{2}/.test(text), "no dates in the report");
  assertEquals(await report(await fixture()), text);
});

Deno.test("buildReport notes missing inputs instead of failing", async () => {
  const tree = await fixture();
  const bare: ResultsTree = {
    ...tree,
    runs: [],
    timing: null,
    summary: null,
    missing: ["timing.csv"],
  };
  const text = await report(bare, ["x"]);
  assert(text.includes("> **Note:** results/timing.csv is missing"));
  assert(text.includes("> **Note:** no run CSVs under results/one_hidden/ yet."));
  assert(text.includes("**Missing input:** `timing.csv`."));
  assert(text.includes("**1 of 0 figures are not rendered yet**"));
});

Deno.test("summaryMismatches flags a summary that disagrees with the run CSV", async () => {
  const tree = await fixture();
  assertEquals(summaryMismatches(tree), []);
  const summary = tree.summary!.map((s, i) => (i === 1 ? { ...s, testAcc: 0.5 } : s));
  assertEquals(summaryMismatches({ ...tree, summary }), ["one_hidden/relu-hinge"]);
});

Deno.test("readme summary: a row per reported run, and only the marked block is replaced", async () => {
  const table = readmeSummary(await fixture());
  const lines = table.split("\n");
  assertEquals(/^\| Run +\| Train acc \| \(report\) \| +Δ \|/.test(lines[0]), true, lines[0]);
  // padded like `deno fmt`: every line equally long, numbers right-aligned
  assertEquals(new Set(lines.map((l) => [...l].length)).size, 1, "column widths");
  assert(/^\| :-+ \| -+: \|/.test(lines[1]), lines[1]);
  assert(lines.length > 2, "expected at least one run row");
  const before = `# x\n${README_START}\nold\n${README_END}\ntail\n`;
  assertEquals(
    replaceReadmeSummary(before, "| new |"),
    `# x\n${README_START}\n\n| new |\n\n${README_END}\ntail\n`,
  );
  assertThrowsMessage(
    () => replaceReadmeSummary("# no markers", "x"),
    "README.md",
    "summary:start",
  );
});
