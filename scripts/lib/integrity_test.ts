import assert from "node:assert/strict";
import { type EpochRow, formatRunCsv } from "../../core/csv.ts";
import { ENGINE_VERSION } from "../../core/version.ts";
import { validateRunConfig } from "../../core/config.ts";
import { checkRun, checkRunCsv, rebuildEntry } from "./integrity.ts";
import type { ManifestRun } from "./manifest.ts";

const row = (epoch: number, loss = 0.5): EpochRow => ({
  epoch,
  trainLoss: loss,
  trainAcc: 0.9,
  windowLoss: loss,
  windowAcc: 0.9,
  testLoss: loss,
  testAcc: 0.95,
  seconds: 1.5,
});
const csv = (n: number) => formatRunCsv(Array.from({ length: n }, (_, i) => row(i)));
const run = {
  name: "s/r",
  section: "s",
  file: "t.ts",
  config: validateRunConfig({ epochs: 4 }, ""),
};
const entry = (more: Partial<ManifestRun> = {}): ManifestRun => ({
  config: run.config,
  configHash: "h",
  engineVersion: ENGINE_VERSION,
  denoVersion: "x",
  backend: "wasm",
  wallSeconds: 6,
  status: "ok",
  ...more,
});

Deno.test("checkRunCsv: a whole CSV is done; cuts, gaps and extra rows are named", () => {
  assert.deepEqual(checkRunCsv(csv(4), 4, "r").ok, true);
  const why = (text: string) => {
    const c = checkRunCsv(text, 4, "r");
    return c.ok ? "ok" : c.why;
  };
  assert.equal(why(csv(3)), "CSV has 3 of 4 epoch rows");
  assert.equal(why(csv(5)), "CSV has 5 epoch rows, expected 4");
  assert.equal(why(csv(4).slice(0, -1)), "CSV cut mid-line (no final line break)");
  assert.match(why(csv(4).slice(0, -12) + "\n"), /^CSV unreadable: r:5: 6 fields, expected 8/);
  assert.equal(
    why(csv(4).replace("\n2,", "\n7,")),
    'CSV unreadable: r:4:1 (column "epoch"): 7, expected 2',
  );
  assert.equal(why(""), "CSV cut mid-line (no final line break)");
});

Deno.test("checkRunCsv: fewer rows are done only when the last one diverged", () => {
  const rows = [row(0), row(1, NaN)];
  const c = checkRunCsv(formatRunCsv(rows), 4, "r");
  assert.ok(c.ok && c.diverged && c.rows.length === 2);
  const early = checkRunCsv(formatRunCsv([row(0, Infinity), row(1)]), 4, "r");
  assert.deepEqual(early, { ok: false, why: "CSV has a diverged row before its last" });
});

Deno.test("checkRun: hash, engine version, status and a missing file are reasons", () => {
  const v = (e: ManifestRun | undefined, text: string | undefined, hash = "h") => {
    const c = checkRun(run, hash, e, text);
    return c.done ? "done" : c.why;
  };
  assert.equal(v(entry(), csv(4)), "done");
  assert.equal(v(undefined, undefined), "not computed yet");
  assert.equal(v(undefined, csv(4)), "CSV without a manifest entry");
  assert.equal(v(entry(), undefined), "CSV missing");
  assert.equal(v(entry(), csv(4), "other"), "config changed since it was computed");
  assert.equal(
    v(entry({ engineVersion: "0" }), csv(4)),
    `computed by engine version 0, now ${ENGINE_VERSION}`,
  );
  assert.equal(v(entry({ status: "failed", error: "boom" }), csv(4)), "failed last time (boom)");
  assert.equal(
    v(entry({ status: "diverged" }), csv(4)),
    "manifest says diverged but the CSV does not",
  );
});

Deno.test("rebuildEntry: status, diverged epoch and machine time come from the CSV", () => {
  const e = rebuildEntry(run, "h", formatRunCsv([row(0), row(1, NaN)]), "wasm")!;
  assert.equal(e.status, "diverged");
  assert.equal(e.divergedEpoch, 1);
  assert.equal(e.wallSeconds, 3);
  assert.equal(e.rebuilt, true);
  assert.equal(rebuildEntry(run, "h", csv(2), "wasm"), undefined);
});
