/** `deno task train` end to end: --help, user errors as one line, preflight, Ctrl-C. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseTrainArgs } from "./train.ts";
import { assertHelp, assertNoStack, assertUserError, ROOT, runScript } from "./lib/cli_testing.ts";

const SCRIPT = "scripts/train.ts";
// The permissions deno.json gives the task, read from it so the two cannot drift apart.
const TASK: string = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json"))).tasks.train;
const PERMS = TASK.split(" ").filter((w) => w.startsWith("--allow-"));
const train = (...args: string[]) => runScript(SCRIPT, args, { permissions: PERMS });

Deno.test("train --help lists every flag with its default, and examples", async () => {
  const r = await train("--help");
  assertHelp(r, ["hidden", "lr", "disp-freq", "train-limit", "out", "backend", "threads"]);
  assert.match(r.stdout, /--lr N .*\(default: 0\.1\)/);
});

Deno.test("train: bad values name the flag, the value and what was expected", async () => {
  const cases: [string[], string][] = [
    [["--lr", "-1"], "--lr -1: expected a number > 0"],
    [["--lr", "fast"], '--lr "fast": expected a number'],
    [["--activation", "tanh"], '--activation "tanh": expected one of sigmoid|relu|gelu'],
    [["--hidden", "256,x"], '--hidden "256,x"'],
    [["--train-limit", "70000"], "--train-limit 70000: expected at most 60000"],
    [["--disp-freq", "100", "--train-limit", "6000"], "--disp-freq 100: expected at most the 60"],
    [["--threads", "3"], '--threads "3": expected 1 or 2'],
    [["--backend", "cuda"], '--backend "cuda"'],
    [["--epochs"], "--epochs: expected a value"],
    [["--epoch", "3"], "unknown flag --epoch (did you mean --epochs?)"],
    [["--data-dir", "/nonexistent"], "/nonexistent/train-images-idx3-ubyte"],
  ];
  const results = await Promise.all(cases.map(([args]) => train(...args)));
  results.forEach((r, i) => assertUserError(r, cases[i][1]));
});

Deno.test("train: unwritable --out fails before any epoch runs", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(tmp, "file"), "");
    const cases: [string, string][] = [
      ["/proc/x.csv", "--out /proc/x.csv: not writable"],
      [join(tmp, "file/x.csv"), "is a file, not a folder"],
      [tmp, "a folder, not a file"],
    ];
    const results = await Promise.all(cases.map(([out]) => train("--epochs", "1", "--out", out)));
    results.forEach((r, i) => {
      assertUserError(r, cases[i][1]);
      assert.ok(!r.stdout.includes("epoch"), r.stdout);
      assert.ok(!r.stderr.includes("--allow-all"), r.stderr);
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("train: a small run works with the default --disp-freq, and says how it was chosen", () => {
  const a = parseTrainArgs(["--train-limit", "6000", "--epochs", "2"]);
  assert.equal(a.cfg.dispFreq, 60);
  assert.match(a.dispFreqNote, /default 100 capped/);
  assert.equal(parseTrainArgs(["--train-limit", "6000", "--disp-freq", "7"]).cfg.dispFreq, 7);
  assert.equal(parseTrainArgs([]).cfg.dispFreq, 100);
});

Deno.test("train: SIGINT keeps the finished epochs in --out and exits 130", async () => {
  const tmp = await Deno.makeTempDir();
  const out = join(tmp, "run.csv");
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...PERMS,
        SCRIPT,
        "--train-limit",
        "1000",
        "--test-limit",
        "500",
        "--epochs",
        "500",
        "--out",
        out,
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    let text = "";
    while (!/epoch {3}1\//.test(text)) {
      text += new TextDecoder().decode((await reader.read()).value);
    }
    reader.releaseLock();
    child.kill("SIGINT");
    const r = await child.output();
    const stderr = new TextDecoder().decode(r.stderr);
    assert.equal(r.code, 130, stderr);
    assertNoStack({ code: r.code, stdout: "", stderr });
    assert.match(
      stderr,
      /interrupted after \d+ of 500 epochs: the \d+ finished epoch\(s\) are in /,
    );
    const lines = (await Deno.readTextFile(out)).trim().split("\n");
    assert.ok(lines.length >= 3, `expected >= 2 epoch rows in ${out}`);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("train --backend native without a working compiler: one line, a hint, exit 2", async () => {
  const cache = await Deno.makeTempDir();
  try {
    const r = await runScript(SCRIPT, ["--backend", "native", "--epochs", "1"], {
      permissions: PERMS,
      env: { CC: "/nonexistent/mlpbench-cc", MLPBENCH_CACHE_DIR: cache },
    });
    assertUserError(
      r,
      "native kernels: no C compiler found (tried /nonexistent/mlpbench-cc ($CC))",
      "hint: --backend auto (the default) falls back to wasm",
    );
    assert.ok(!r.stdout.includes("epoch"), r.stdout);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});
