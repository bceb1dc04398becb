import assert from "node:assert/strict";
import {
  ALL_PAIRS,
  buildCommand,
  CompareArgsError,
  formatTable,
  medianEpochSeconds,
  parseCompareArgs,
  resultRows,
  roundOrder,
  schedule,
  toCsv,
} from "./compare_numpy.ts";
import { assertHelp, assertUserError, runScript } from "./lib/cli_testing.ts";

const PATHS = { deno: "/bin/deno", trainScript: "/r/scripts/train.ts", numpyScript: "/r/nb.py" };

Deno.test("parseCompareArgs: defaults are all 9 pairs, wasm 1 thread, numpy 1 and default", () => {
  const a = parseCompareArgs([]);
  assert.equal(a.pairs.length, 9);
  assert.deepEqual(ALL_PAIRS.slice(0, 3), [
    "sigmoid-euclidean",
    "sigmoid-softmax_ce",
    "sigmoid-hinge",
  ]);
  assert.deepEqual(a.hidden, [128]);
  assert.equal(a.epochs, 3);
  assert.equal(a.warmup, 1);
  assert.equal(parseCompareArgs(["--warmup", "0"]).warmup, 0);
  assert.equal(a.trainLimit, undefined);
  assert.equal(a.dispFreq, 100);
  assert.equal(parseCompareArgs(["--train-limit", "3000"]).dispFreq, 30);
  assert.equal(parseCompareArgs(["--train-limit", "50"]).dispFreq, 1);
  assert.equal(parseCompareArgs(["--train-limit", "3000", "--disp-freq", "7"]).dispFreq, 7);
  assert.deepEqual(a.variants.map((v) => v.label), ["ours_wasm_t1", "numpy_t1", "numpy_default"]);
  assert.equal(a.out, "results/compare_numpy.csv");
});

Deno.test("parseCompareArgs: openblas and two threads add columns; openblas stays at 1", () => {
  const a = parseCompareArgs([
    "--pairs",
    "gelu-softmax_ce,relu-hinge",
    "--hidden",
    "256,128",
    "--backend",
    "wasm,openblas",
    "--threads",
    "1,2",
    "--train-limit",
    "6000",
  ]);
  assert.deepEqual(a.pairs, [
    { activation: "gelu", loss: "softmax_ce" },
    { activation: "relu", loss: "hinge" },
  ]);
  assert.deepEqual(a.hidden, [256, 128]);
  assert.equal(a.trainLimit, 6000);
  assert.deepEqual(a.variants.map((v) => v.label), [
    "ours_wasm_t1",
    "ours_wasm_t2",
    "ours_openblas_t1",
    "numpy_t1",
    "numpy_default",
  ]);
  assert.deepEqual(parseCompareArgs(["--numpy-only"]).variants.map((v) => v.label), [
    "numpy_t1",
    "numpy_default",
  ]);
});

Deno.test("parseCompareArgs: bad values are named with what was expected", () => {
  const bad: [string[], RegExp][] = [
    [["--pairs", "gelu-mse"], /--pairs entry "gelu-mse": expected activation-loss/],
    [["--pairs", "tanh-hinge"], /"tanh-hinge"/],
    [["--hidden", "64"], /--hidden "64": expected 128\|256,128/],
    [["--epochs", "0"], /--epochs "0": expected an integer >= 1/],
    [["--epochs", "2.5"], /--epochs "2.5"/],
    [["--warmup", "-1"], /--warmup "-1": expected an integer >= 0/],
    [["--train-limit", "x"], /--train-limit "x"/],
    [["--disp-freq", "0"], /--disp-freq "0"/],
    [
      ["--backend", "cuda"],
      /--backend "cuda": entry "cuda": expected reference\|wasm\|native\|openblas/,
    ],
    [["--threads", "4"], /--threads "4": entry "4": expected 1\|2/],
    [["--bogus"], /bogus/],
  ];
  for (const [argv, re] of bad) {
    assert.throws(() => parseCompareArgs(argv), (e: Error) => {
      assert.ok(e instanceof CompareArgsError, `${argv.join(" ")}: ${e}`);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("buildCommand: same config for both sides, study learning rates, thread flags, warm-up epochs added", () => {
  const a = parseCompareArgs(["--pairs", "relu-hinge", "--epochs", "2", "--train-limit", "600"]);
  const [ours, np1, npDefault] = a.variants;
  const pair = a.pairs[0];
  const common = [
    "--hidden",
    "128",
    "--activation",
    "relu",
    "--loss",
    "hinge",
    "--lr",
    "0.0001",
    "--epochs",
    "3", // 2 timed after 1 warm-up epoch
    "--disp-freq",
    "6",
    "--train-limit",
    "600",
    "--out",
    "/t/o.csv",
  ];
  assert.deepEqual(buildCommand(a, pair, ours, "/t/o.csv", PATHS), [
    "/bin/deno",
    "run",
    "-A",
    "/r/scripts/train.ts",
    ...common,
    "--backend",
    "wasm",
    "--threads",
    "1",
  ]);
  assert.deepEqual(buildCommand(a, pair, np1, "/t/o.csv", PATHS), [
    "python3",
    "/r/nb.py",
    ...common,
    "--quiet",
    "--threads",
    "1",
  ]);
  assert.deepEqual(buildCommand(a, pair, npDefault, "/t/o.csv", PATHS), [
    "python3",
    "/r/nb.py",
    ...common,
    "--quiet",
  ]);
  const ce = parseCompareArgs(["--pairs", "gelu-softmax_ce"]);
  assert.ok(buildCommand(ce, ce.pairs[0], ce.variants[0], "f", PATHS).includes("0.1"));
});

Deno.test("resultRows, formatTable and toCsv: medians and ratios ours/numpy", () => {
  const a = parseCompareArgs(["--pairs", "gelu-softmax_ce", "--train-limit", "6000"]);
  const results = [{
    pair: a.pairs[0],
    medians: { ours_wasm_t1: 1.5, numpy_t1: 1.0, numpy_default: 0.6 },
  }];
  const rows = resultRows(a.variants, results);
  assert.deepEqual(rows, [
    [
      "pair",
      "ours_wasm_t1_s",
      "numpy_t1_s",
      "numpy_default_s",
      "ours_wasm_t1/numpy_t1",
      "ours_wasm_t1/numpy_default",
    ],
    ["gelu-softmax_ce", "1.500", "1.000", "0.600", "1.50", "2.50"],
  ]);
  const table = formatTable(rows).split("\n");
  assert.equal(table.length, 3); // header, one row, trailing newline
  assert.equal(table[0].length, table[1].length); // columns aligned
  assert.match(table[1], /^gelu-softmax_ce\s+1\.500\s+1\.000\s+0\.600\s+1\.50\s+2\.50$/);
  assert.equal(
    toCsv(a, results),
    "pair,hidden,epochs,warmup,rounds,train_limit,test_limit,ours_wasm_t1_median_s," +
      "numpy_t1_median_s,numpy_default_median_s,ratio_ours_wasm_t1_vs_numpy_t1," +
      "ratio_ours_wasm_t1_vs_numpy_default\n" +
      "gelu-softmax_ce,128,3,1,1,6000,,1.5,1,0.6,1.5,2.5\n",
  );
});

Deno.test("--rounds: alternating variant order, validated", () => {
  assert.equal(parseCompareArgs([]).rounds, 1);
  assert.equal(parseCompareArgs(["--rounds", "3"]).rounds, 3);
  assert.throws(
    () => parseCompareArgs(["--rounds", "0"]),
    /--rounds "0": expected an integer >= 1/,
  );
  assert.deepEqual(roundOrder(["a", "b", "c"], 0), ["a", "b", "c"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 1), ["c", "b", "a"]);
  assert.deepEqual(roundOrder(["a", "b", "c"], 2), ["a", "b", "c"]);
});

Deno.test("schedule: round by round, every pair in each round, variants alternating", () => {
  const runs = schedule(["p", "q"], ["a", "b"], 2).map((r) => `${r.round}${r.pair}${r.variant}`);
  assert.deepEqual(runs, ["0pa", "0pb", "0qa", "0qb", "1pb", "1pa", "1qb", "1qa"]);
  assert.deepEqual(schedule(["p"], ["a"], 0), []);
});

Deno.test("medianEpochSeconds reads the seconds column of a run CSV", () => {
  const csv = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds\n" +
    "0,1,0.5,1,0.5,1,0.5,2.5\n1,1,0.5,1,0.5,1,0.5,0.75\n2,NaN,0,NaN,0,NaN,0,1.25\n";
  assert.equal(medianEpochSeconds(csv, "x.csv"), 1.25);
  assert.throws(() => medianEpochSeconds("a,b\n", "bad.csv"), /bad\.csv/);
});

Deno.test({
  name: "compare_numpy --numpy-only runs the NumPy baseline end to end (skipped without numpy)",
  ignore: new Deno.Command("python3", { args: ["-c", "import numpy"], stderr: "null" })
    .outputSync().code !== 0,
  async fn() {
    const out = await Deno.makeTempFile({ suffix: ".csv" });
    try {
      const r = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          new URL("./compare_numpy.ts", import.meta.url).pathname,
          "--numpy-only",
          "--pairs",
          "relu-euclidean",
          "--epochs",
          "1",
          "--train-limit",
          "500",
          "--test-limit",
          "100",
          "--out",
          out,
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stdout = new TextDecoder().decode(r.stdout);
      assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
      assert.match(stdout, /relu-euclidean\s+\d+\.\d{3}\s+\d+\.\d{3}/);
      const lines = (await Deno.readTextFile(out)).trim().split("\n");
      assert.equal(lines.length, 2);
      const cells = lines[1].split(",");
      assert.equal(cells[0], "relu-euclidean");
      assert.equal(cells[3], "1"); // warm-up epochs
      assert.equal(cells[4], "1"); // rounds
      assert.equal(cells[5], "500");
      assert.ok(Number(cells[7]) > 0 && Number(cells[8]) > 0, lines[1]);
    } finally {
      await Deno.remove(out);
    }
  },
});

Deno.test("compare_numpy: a missing python says what to install and exits non-zero", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./compare_numpy.ts", import.meta.url).pathname,
      "--python",
      "/nonexistent/python3",
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.notEqual(r.code, 0);
  assert.match(new TextDecoder().decode(r.stderr), /not found.*install.*numpy/is);
});

Deno.test("compare CLI: --help, bad flags and an unwritable --out fail at once, in one line", async () => {
  const compare = (...args: string[]) => runScript("scripts/compare_numpy.ts", args);
  const [help, pairs, out, dir] = await Promise.all([
    compare("--help"),
    compare("--pairs", "gelu-mse"),
    compare("--out", "/proc/c.csv"),
    compare("--out", "scripts"),
  ]);
  assertHelp(help, ["pairs", "hidden", "epochs", "warmup", "rounds", "backend", "threads", "out"]);
  assertUserError(pairs, '--pairs entry "gelu-mse"');
  assertUserError(out, "--out /proc/c.csv: not writable");
  assertUserError(dir, "--out scripts: a folder, not a file");
});
