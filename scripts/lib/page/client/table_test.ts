import assert from "node:assert/strict";
import { cellText, COLUMNS, compileFilter, sortRuns } from "./table.js";
import { fakeRun } from "./fixture_test_util.ts";

const col = (key: string) => COLUMNS.find((c) => c.key === key)!;

Deno.test("cellText: fixed decimals, signed differences, — for no value", () => {
  const r = fakeRun();
  assert.equal(cellText(r, col("acc")), "0.9000");
  assert.equal(cellText(r, col("dacc")), "+0.0100");
  assert.equal(cellText(r, col("dloss")), "-0.1000");
  assert.equal(cellText(fakeRun({ report: null }), col("racc")), "—");
  assert.equal(cellText(fakeRun({ report: null }), col("dacc")), "—");
  assert.equal(cellText(r, col("lr")), "0.0001");
  assert.equal(cellText(r, col("ref")), "identical");
  assert.equal(cellText(fakeRun({ finalTestAcc: 0.89 - 1e-16 }), col("dacc")), "0.0000");
});

Deno.test("the table has every column the page promises", () => {
  const keys = COLUMNS.map((c) => c.key);
  for (const k of ["section", "act", "loss", "hidden", "lr", "bs", "mom", "wd", "acc", "peak"]) {
    assert.ok(keys.includes(k), k);
  }
  for (const k of ["racc", "dacc", "epochs", "status", "sec", "ref"]) {
    assert.ok(keys.includes(k), k);
  }
  assert.equal(new Set(keys).size, keys.length);
});

Deno.test("compileFilter: words all must match (any case); /regex/ flags; a bad regex is a message", () => {
  const a = fakeRun();
  const b = fakeRun({
    id: "sweep_lr/lr=0.1",
    activation: "relu",
    loss: "softmax_ce",
    label: "lr = 0.1",
  });
  assert.deepEqual([a, b].filter(compileFilter("GELU hinge").test), [a]);
  assert.deepEqual([a, b].filter(compileFilter("  ").test), [a, b]);
  assert.deepEqual([a, b].filter(compileFilter("/^sweep_lr\\//").test), [b]);
  assert.deepEqual([a, b].filter(compileFilter("/GELU/i").test), [a]);
  const bad = compileFilter("/(/");
  assert.match(bad.error!, /bad regular expression/);
  assert.deepEqual([a, b].filter(bad.test), [a, b]);
});

Deno.test("sortRuns: by number or text, either way, ties and missing values stable and last", () => {
  const r1 = fakeRun({ id: "1", finalTestAcc: 0.5 });
  const r2 = fakeRun({ id: "2", finalTestAcc: null });
  const r3 = fakeRun({ id: "3", finalTestAcc: 0.7 });
  const r4 = fakeRun({ id: "4", finalTestAcc: 0.5 });
  const ids = (rs: { id: string }[]) => rs.map((r) => r.id).join("");
  assert.equal(ids(sortRuns([r1, r2, r3, r4], "acc", false)), "1432");
  assert.equal(ids(sortRuns([r1, r2, r3, r4], "acc", true)), "3142");
  assert.equal(ids(sortRuns([r1, r2, r3, r4], "nope", true)), "1234");
  assert.equal(
    ids(
      sortRuns([fakeRun({ id: "b", loss: "b" }), fakeRun({ id: "a", loss: "a" })], "loss", false),
    ),
    "ab",
  );
});
