import assert from "node:assert/strict";
import { etaSeconds, formatDuration, StudyProgress } from "./progress.ts";

Deno.test("formatDuration picks s, m+s or h+m", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(59.4), "59s");
  assert.equal(formatDuration(185), "3m05s");
  assert.equal(formatDuration(7620), "2h07m");
  assert.equal(formatDuration(NaN), "?");
});

Deno.test("etaSeconds extrapolates the rate so far", () => {
  assert.equal(etaSeconds(0.25, 10), 30);
  assert.equal(etaSeconds(1, 10), 0);
  assert.equal(etaSeconds(0, 10), undefined);
});

Deno.test("StudyProgress weights runs by work and counts partial progress", () => {
  const p = new StudyProgress(3, 400, 0);
  p.start("a/x", 10, 100, 0);
  p.start("b/y", 4, 200, 0);
  p.step("a/x", 4, 50, 100); // 4.5 of 10 epochs
  p.epochDone("b/y", 1); // 2 of 4 epochs
  assert.equal(p.studyFraction(), (100 * 0.45 + 200 * 0.5) / 400);
  const lines = p.lines(20_000);
  assert.equal(lines.length, 3);
  assert.match(lines[1], /a\/x {2}epoch 5\/10 {3}45% {2}ETA 24s/);
  assert.match(lines[2], /b\/y {2}epoch 3\/4 {3}50% {2}ETA 20s/);
  p.finish("a/x", true, 100);
  p.finish("b/y", false, 200);
  assert.equal(p.studyFraction(), 0.75);
  assert.match(
    p.studyLine(30_000),
    /^study: 2\/3 runs done, 1 failed, 75\.0%, elapsed 30s, ETA 10s$/,
  );
});

Deno.test("an empty selection says so plainly, with no percentage or ETA", () => {
  assert.equal(
    new StudyProgress(0, 0, 0).studyLine(5000),
    "study: nothing to compute (every selected run is done)",
  );
});
