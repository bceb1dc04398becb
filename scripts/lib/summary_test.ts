import assert from "node:assert/strict";
import { formatSummaryCsv, parseSummaryCsv, SUMMARY_COLUMNS } from "./summary.ts";
import { loadReportTables, parseReportTablesCsv } from "./report_tables.ts";
import { expandExperiments, quickConfig } from "./experiments.ts";
import { loadExperimentFiles } from "../../experiments/mod.ts";

const runs = new Map(expandExperiments(await loadExperimentFiles()).map((r) => [r.name, r]));
const last = { windowAcc: 0.99, windowLoss: 0.03, testAcc: 0.975, testLoss: 0.08 };

Deno.test("summary header is exactly the agreed column list", () => {
  assert.equal(
    SUMMARY_COLUMNS.join(","),
    "run,section,hidden,activation,loss,learning_rate,batch_size,momentum,weight_decay,epochs," +
      "train_limit,test_limit,status,diverged_epoch,window_acc,window_loss,test_acc,test_loss,report_train_acc," +
      "report_train_loss,report_test_acc,report_test_loss,diff_train_acc,diff_train_loss," +
      "diff_test_acc,diff_test_loss",
  );
});

Deno.test("a report run gets the report's numbers and ours minus theirs", async () => {
  const table = await loadReportTables();
  assert.equal(table.length, 34); // keyed by section too: the sweep base run is in each sweep
  const run = runs.get("sweep_momentum/momentum=0.9")!;
  const [head, row] = formatSummaryCsv([{ run, status: "ok", last }], table).trim().split("\n");
  const rec = Object.fromEntries(row.split(",").map((v, i) => [head.split(",")[i], v]));
  assert.equal(rec.hidden, "128");
  assert.equal(rec.learning_rate, "0.01");
  assert.equal(rec.status, "ok");
  assert.equal(rec.diverged_epoch, "");
  assert.equal(rec.report_train_acc, "0.9936");
  assert.equal(rec.report_test_loss, "0.07064");
  assert.equal(rec.diff_train_acc, String(0.99 - 0.9936));
  assert.equal(rec.diff_test_loss, String(0.08 - 0.07064));
});

Deno.test("diverged, non-report and quick runs leave the report columns empty", async () => {
  const table = await loadReportTables();
  const stab = runs.get("stability/relu-hinge-lr=0.1")!;
  const h = runs.get("two_hidden/gelu-hinge")!;
  const quick = { ...h, config: quickConfig(h.config) };
  const text = formatSummaryCsv([
    { run: stab, status: "diverged", divergedEpoch: 3, last: { ...last, testLoss: NaN } },
    { run: stab, status: "diverged", divergedEpoch: 0 },
    { run: quick, status: "ok", last },
  ], table);
  const rows = text.trim().split("\n").slice(1).map((l) => l.split(","));
  assert.deepEqual(rows[0].slice(10, 26), [
    "",
    "",
    "diverged",
    "3",
    "0.99",
    "0.03",
    "0.975",
    "NaN",
    ...Array(8).fill(""),
  ]);
  assert.deepEqual(rows[1].slice(12, 18), ["diverged", "0", "", "", "", ""]);
  assert.equal(rows[2][2], "256-128");
  assert.equal(rows[2][9], "2");
  assert.deepEqual(rows[2].slice(10, 12), ["6000", "2000"]); // a reduced run says so
  assert.deepEqual(rows[2].slice(18), Array(8).fill(""));
});

Deno.test("parseReportTablesCsv rejects a wrong header and a non-number", () => {
  assert.throws(
    () => parseReportTablesCsv("a,b\n1,2\n", "t.csv"),
    /t\.csv:1: header "a,b", expected "section,/,
  );
  const head =
    "section,hidden,activation,loss,learning_rate,batch_size,momentum,weight_decay,epochs,train_acc,train_loss,test_acc,test_loss";
  assert.throws(
    () => parseReportTablesCsv(`${head}\ns,128,gelu,hinge,0.1,100,0.9,0,5,x,1,1,1\n`, "t.csv"),
    /t\.csv:2:10 \(column "train_acc"\): "x" is not a number/,
  );
});

Deno.test("summary.csv reads back what formatSummaryCsv wrote", async () => {
  const run = runs.get("sweep_lr/lr=0.1")!;
  const text = formatSummaryCsv([{ run, status: "ok", last }], await loadReportTables());
  const [row] = parseSummaryCsv(text, "summary.csv");
  assert.deepEqual(row, {
    run: "sweep_lr/lr=0.1",
    section: "sweep_lr",
    status: "ok",
    divergedEpoch: null,
    ...last,
  });
});
