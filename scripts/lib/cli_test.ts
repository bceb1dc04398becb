import assert from "node:assert/strict";
import { join } from "node:path";
import { assertEquals } from "../../core/test_util.ts";
import {
  type CommandDef,
  formatHelp,
  parseBackend,
  parseChoice,
  parseCommand,
  parseCount,
  parseJobs,
  parseList,
  parseNumber,
  parsePositiveInt,
  parseThreads,
  preflightDir,
  preflightFile,
  UsageError,
} from "./cli.ts";
import { assertHelp, assertNoStack, assertUserError, runScript } from "./cli_testing.ts";

const DEF: CommandDef = {
  name: "deno task demo",
  summary: "A demo command.",
  flags: {
    lr: { type: "string", help: "learning rate", default: "0.1", placeholder: "N" },
    out: { type: "string", help: "output file", placeholder: "FILE", short: "o" },
    quiet: { type: "boolean", help: "no progress lines" },
    only: { type: "string", help: "a pattern", multiple: true, placeholder: "GLOB" },
  },
  examples: ["deno task demo --lr 0.5"],
};

function usageError(fn: () => unknown, ...parts: string[]): UsageError {
  const e = assert.throws(fn, UsageError) as unknown;
  try {
    fn();
  } catch (err) {
    for (const p of parts) assert.ok((err as Error).message.includes(p), (err as Error).message);
    return err as UsageError;
  }
  return e as UsageError;
}

Deno.test("parseCommand: values, defaults and which flags the user gave", () => {
  const r = parseCommand(DEF, ["--out", "a.csv", "--quiet", "--only", "x", "--only=y"]);
  assertEquals(r.values, { lr: "0.1", out: "a.csv", quiet: true, only: ["x", "y"] });
  assertEquals([...r.explicit].sort(), ["only", "out", "quiet"]);
  assertEquals(r.positionals, []);
});

Deno.test("parseCommand: negative numbers are values, also after a short flag", () => {
  assertEquals(parseCommand(DEF, ["--lr", "-1"]).values.lr, "-1");
  assertEquals(parseCommand(DEF, ["--lr", "-.5"]).values.lr, "-.5");
  assertEquals(parseCommand(DEF, ["-o", "-1"]).values.out, "-1");
});

Deno.test("parseCommand: mistakes name the flag and point at --help", () => {
  const e = usageError(() => parseCommand(DEF, ["--lrr", "1"]), "--lrr", "did you mean --lr?");
  assert.match(e.hint!, /deno task demo --help/);
  usageError(() => parseCommand(DEF, ["--lr"]), "--lr: expected a value (N)");
  usageError(() => parseCommand(DEF, ["--out", "--quiet"]), "--out", "--quiet");
  usageError(() => parseCommand(DEF, ["--quiet=yes"]), "--quiet takes no value");
  usageError(() => parseCommand(DEF, ["stray"]), '"stray"', "takes only flags");
});

Deno.test("parseCommand: positional counts", () => {
  const def = { ...DEF, positionals: { name: "RUN", help: "runs", min: 1, max: 2 } };
  assertEquals(parseCommand(def, ["a", "b"]).positionals, ["a", "b"]);
  usageError(() => parseCommand(def, []), "missing RUN");
  usageError(() => parseCommand(def, ["a", "b", "c"]), "at most 2 RUN");
});

Deno.test("formatHelp lists every flag with placeholder, meaning and default, and examples", () => {
  const h = formatHelp(DEF);
  assert.match(h, /^Usage: deno task demo \[flags\]/);
  assert.match(h, /--lr N\s+learning rate \(default: 0\.1\)/);
  assert.match(h, /-o, --out FILE\s+output file/);
  assert.match(h, /--only GLOB\s+a pattern \(repeatable\)/);
  assert.match(h, /-h, --help/);
  assert.match(h, /Examples:\n {2}deno task demo --lr 0\.5/);
});

Deno.test("validators: defaults, accepted values, and messages naming flag and value", () => {
  assertEquals(parseJobs(undefined), navigator.hardwareConcurrency || 1);
  assertEquals(parseJobs("3"), 3);
  usageError(() => parseJobs("0"), '--jobs "0": expected an integer >= 1');
  usageError(() => parseJobs("two", "-j"), '-j "two"');
  assertEquals(parseBackend(undefined), "auto");
  assertEquals(parseBackend("openblas"), "openblas");
  usageError(() => parseBackend("cuda"), '--backend "cuda"', "auto|reference|wasm|native|openblas");
  assertEquals(parseThreads(undefined), 1);
  assertEquals(parseThreads("2"), 2);
  usageError(() => parseThreads("4"), '--threads "4": expected 1 or 2');
  assertEquals(parsePositiveInt("--rounds", undefined), undefined);
  assertEquals(parsePositiveInt("--rounds", "5"), 5);
  usageError(() => parsePositiveInt("--rounds", "1.5"), '--rounds "1.5"');
  assertEquals(parseCount("--warmup", "0"), 0);
  assertEquals(parseCount("--warmup", undefined), undefined);
  usageError(() => parseCount("--warmup", "-1"), '--warmup "-1": expected an integer >= 0');
  assertEquals(parseNumber("--lr", "1e-4"), 1e-4);
  usageError(() => parseNumber("--lr", "fast"), '--lr "fast": expected a number');
  assertEquals(parseChoice("--loss", "hinge", ["hinge", "euclidean"]), "hinge");
  usageError(() => parseChoice("--loss", "mse", ["hinge"]), '--loss "mse": expected one of hinge');
  const one2 = (s: string) => (s === "1" || s === "2" ? Number(s) : undefined);
  assertEquals(parseList("--threads", "1,2", one2, "1 or 2"), [1, 2]);
  usageError(() => parseList("--threads", "1,3", one2, "1 or 2"), '--threads "1,3"', '"3"');
});

Deno.test("preflightDir: creates a missing folder, refuses a file and a path under a file", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await preflightDir("--out", join(tmp, "a/b"));
    assert.ok((await Deno.stat(join(tmp, "a/b"))).isDirectory);
    assertEquals([...Deno.readDirSync(join(tmp, "a/b"))], []); // the probe is gone
    await Deno.writeTextFile(join(tmp, "f"), "x");
    await assert.rejects(
      () => preflightDir("--out", join(tmp, "f")),
      /--out .*f: a file, not a folder/,
    );
    await assert.rejects(() => preflightDir("--dir", join(tmp, "f/sub")), /--dir .*is a file/);
    await assert.rejects(() => preflightDir("--dir", "/proc/mlpbench"), UsageError);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("preflightFile: refuses a folder, a path under a file, an unwritable place", async () => {
  const tmp = await Deno.makeTempDir();
  try {
    await preflightFile("--out", join(tmp, "new/x.csv"));
    await Deno.writeTextFile(join(tmp, "f"), "x");
    await preflightFile("--out", join(tmp, "f")); // an existing file is fine
    assertEquals(await Deno.readTextFile(join(tmp, "f")), "x"); // and left as it was
    await assert.rejects(() => preflightFile("--out", tmp), /a folder, not a file/);
    await assert.rejects(() => preflightFile("--out", join(tmp, "f/x.csv")), /is a file/);
    const e = await assert.rejects(
      () => preflightFile("--out", "/proc/x.csv"),
      /--out \/proc\/x\.csv: not/,
    );
    void e;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

const FIXTURE = "scripts/testdata/cli_fixture.ts";

Deno.test("runMain: user errors are one line, exit 2; bugs show their stack, exit 1", async () => {
  const [usage, config, notfound, bug, reject, debug, help, bad] = await Promise.all([
    runScript(FIXTURE, ["usage"]),
    runScript(FIXTURE, ["config"]),
    runScript(FIXTURE, ["notfound"]),
    runScript(FIXTURE, ["bug"]),
    runScript(FIXTURE, ["reject"]),
    runScript(FIXTURE, ["usage"], { env: { MLPBENCH_DEBUG: "1" } }),
    runScript(FIXTURE, ["--help"]),
    runScript(FIXTURE, ["ok", "--lr"]),
  ]);
  assertUserError(usage, "error: --lr x: expected a number\nhint: try --lr 0.1");
  assertUserError(config, "learningRate = -1");
  assertUserError(notfound, "/nonexistent/mlpbench.csv");
  assertUserError(bad, "--lr: expected a value", "cli_fixture.ts --help");
  assertEquals(bug.code, 1);
  assert.match(bug.stderr, /^error: boom\n {4}at /);
  assert.ok(!bug.stderr.includes("Uncaught"), bug.stderr);
  assertEquals(reject.code, 1);
  assert.match(reject.stderr, /^error: late boom/);
  assert.ok(!reject.stderr.includes("Uncaught"), reject.stderr);
  assert.match(debug.stderr, / {4}at /);
  assertHelp(help, ["lr", "help"]);
  assertNoStack(help);
});

Deno.test("onInterrupt: SIGINT and SIGTERM run the cleanup, print its message, exit 130/143", async () => {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    const tmp = await Deno.makeTempDir();
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--quiet", "-A", FIXTURE, "wait", tmp],
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /ready/);
    reader.releaseLock();
    child.kill(signal);
    const out = await child.output();
    assertEquals(out.code, code);
    assert.match(new TextDecoder().decode(out.stderr), /removed/);
    await assert.rejects(() => Deno.stat(tmp), Deno.errors.NotFound);
  }
});
