import { join } from "node:path";
import assert from "node:assert/strict";
import { assertEquals, assertThrowsMessage } from "../core/test_util.ts";
import { benchJsonToTimingCsv, mergeRounds, TEXTBOOK_OUT } from "./bench_timing.ts";
import { assertHelp, assertUserError, ROOT, runScript } from "./lib/cli_testing.ts";

Deno.test("bench_timing: bench JSON becomes per-step and per-epoch seconds", () => {
  const csv = benchJsonToTimingCsv({
    benches: [{
      name: "epoch hidden=256-128 activation=gelu loss=hinge backend=wasm threads=2 steps=10",
      results: [{ ok: { avg: 25_000_000, n: 15 } }],
    }],
  });
  assertEquals(
    csv,
    "hidden,activation,loss,backend,threads,step_ms,epoch_s\n256-128,gelu,hinge,wasm,2,2.5000,1.500\n",
  );
});

Deno.test("bench_timing: a failed bench or a name without parameters is an error", () => {
  assertThrowsMessage(
    () => benchJsonToTimingCsv({ benches: [{ name: "x steps=1", results: [{ failed: "boom" }] }] }),
    "x steps=1",
    "failed",
  );
  assertThrowsMessage(
    () =>
      benchJsonToTimingCsv({
        benches: [{ name: "epoch steps=1", results: [{ ok: { avg: 1, n: 1 } }] }],
      }),
    "hidden=",
  );
});

Deno.test("bench_timing: rounds merge to the median of each bench's mean, in the first order", () => {
  const round = (a: number, b: number) => ({
    benches: [
      { name: "x", results: [{ ok: { avg: a, n: 15 } }] },
      { name: "y", results: [{ ok: { avg: b, n: 15 } }] },
    ],
  });
  const merged = mergeRounds([round(3, 10), round(1, 30), round(2, 20)]);
  assertEquals(merged.benches.map((b) => [b.name, b.results[0]]), [
    ["x", { ok: { avg: 2, n: 3 } }],
    ["y", { ok: { avg: 20, n: 3 } }],
  ]);
  assertEquals(mergeRounds([round(1, 4), round(3, 8)]).benches[1].results[0], {
    ok: { avg: 6, n: 2 },
  });
  assertThrowsMessage(
    () => mergeRounds([round(1, 2), { benches: [round(1, 2).benches[0]] }]),
    'bench "y" ran in 1 of 2 rounds',
  );
  assertThrowsMessage(
    () => mergeRounds([{ benches: [{ name: "z", results: [{ err: "boom" }] }] }]),
    'bench "z" failed in round 1',
  );
  assertThrowsMessage(() => mergeRounds([]), "expected at least one round");
});

Deno.test("bench CLI: --help, bad --rounds, missing --input, unwritable --out: one line, exit 2", async () => {
  const bench = (...args: string[]) => runScript("scripts/bench_timing.ts", args);
  const [help, rounds, input, out] = await Promise.all([
    bench("--help"),
    bench("--rounds", "-2"),
    bench("--input", "/nonexistent/r1.json", "--out", "/tmp/mlpbench_timing_test.csv"),
    bench("--out", "/proc/timing.csv"),
  ]);
  assertHelp(help, ["out", "rounds", "input"]);
  assertUserError(rounds, '--rounds "-2": expected an integer >= 1');
  assertUserError(input, "--input /nonexistent/r1.json: no such file");
  assertUserError(out, "--out /proc/timing.csv: not writable");
});

Deno.test("bench_timing: a textbook bench name (profile=textbook) gives the same row", () => {
  const json = (name: string) => ({
    benches: [{ name, results: [{ ok: { avg: 2.5e7, n: 15 } }] }],
  });
  const base = "epoch hidden=128 activation=relu loss=hinge backend=wasm threads=1 steps=10";
  assertEquals(
    benchJsonToTimingCsv(mergeRounds([json(base + " profile=textbook")])),
    benchJsonToTimingCsv(mergeRounds([json(base)])),
  );
});

Deno.test("bench --profile textbook writes results/textbook/timing.csv unless --out says otherwise", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const saved = join(dir, "r1.json");
    await Deno.writeTextFile(
      saved,
      JSON.stringify({
        benches: [{
          name: "epoch hidden=128 activation=relu loss=hinge backend=wasm threads=1 steps=10 " +
            "profile=textbook",
          results: [{ ok: { avg: 2.5e7, n: 15 } }],
        }],
      }),
    );
    await Deno.mkdir(join(dir, "results", "textbook"), { recursive: true });
    const r = await runScript(
      join(ROOT, "scripts/bench_timing.ts"),
      ["--profile", "textbook", "--input", saved],
      { cwd: dir },
    );
    assertEquals([r.code, r.stdout.trim().split("\n").at(-1)], [0, `wrote ${TEXTBOOK_OUT}`]);
    assertEquals(
      await Deno.readTextFile(join(dir, TEXTBOOK_OUT)),
      "hidden,activation,loss,backend,threads,step_ms,epoch_s\n128,relu,hinge,wasm,1,2.5000,1.500\n",
    );
    await assert.rejects(Deno.stat(join(dir, "results", "timing.csv")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
