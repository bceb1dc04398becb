/**
 * reproduce, merge and golden as a user runs them: subprocesses on the real quick study, checked
 * by exit code, output and the files they leave.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RUN_CSV_COLUMNS } from "../core/csv.ts";
import { assertHelp, assertUserError, ROOT, runScript } from "./lib/cli_testing.ts";
import { csvPath } from "./lib/study.ts";

const QUICK = join(ROOT, "results", "quick");
const RUN = "sweep_lr/lr=0.0001";

/** The task as a subprocess, not yet started (to signal it or run two at once). */
function command(script: string, args: string[], env: Record<string, string> = {}) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(ROOT, "scripts", script), ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  });
}

const run = (script: string, ...args: string[]) => runScript(`scripts/${script}`, args);

async function inTemp(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "mlpbench-test-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A copy of results/quick/ that a test may change. */
async function copyQuick(to: string) {
  await new Deno.Command("cp", { args: ["-r", QUICK, to] }).output();
}

/** A run CSV without its machine-time column. */
const withoutSeconds = (text: string) =>
  text.split("\n").map((l) => l.split(",").slice(0, RUN_CSV_COLUMNS.length - 1).join(","))
    .join("\n");

/** A manifest without machine facts (the study block, run wall times, the exact backend used). */
async function manifestCore(dir: string) {
  const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  delete m.study;
  for (const e of Object.values(m.runs) as Record<string, unknown>[]) {
    delete e.wallSeconds;
    delete e.backend;
  }
  return m;
}

Deno.test("the quick study in 3 shard processes, merged, gives the committed unsharded files", () =>
  inTemp(async (dir) => {
    const shards = [1, 2, 3].map((i) => join(dir, `s${i}`));
    const ran = await Promise.all(
      shards.map((out, i) =>
        run("reproduce.ts", "--quick", "--shard", `${i + 1}/3`, "--jobs", "1", "--out", out)
      ),
    );
    for (const r of ran) assert.equal(r.code, 0, r.stderr);
    const merged = join(dir, "merged");
    const m = await run("merge.ts", ...shards, "--out", merged);
    assert.equal(m.code, 0, m.stderr);
    assert.match(m.stdout, /merged 3 of 3 shard\(s\), 37 runs/);
    assert.match(m.stdout, /37 of 37 runs identical to results\/quick\//);
    const names = Object.keys((await manifestCore(QUICK)).runs);
    assert.equal(names.length, 37);
    for (const name of names) {
      const [a, b] = await Promise.all(
        [QUICK, merged].map((d) => Deno.readTextFile(csvPath(d, name))),
      );
      assert.equal(withoutSeconds(b), withoutSeconds(a), name);
    }
    assert.equal(
      await Deno.readTextFile(join(merged, "summary.csv")),
      await Deno.readTextFile(join(QUICK, "summary.csv")),
    );
    assert.deepEqual(await manifestCore(merged), await manifestCore(QUICK));
  }));

Deno.test("one run is verified; a changed committed number is reported and exits 1", () =>
  inTemp(async (dir) => {
    const work = join(dir, "work"), ref = join(dir, "ref");
    const ok = await run("reproduce.ts", "--quick", "--only", RUN, "--out", work);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /identical +sweep_lr\/lr=0\.0001\n1 of 1 runs identical to /);
    await copyQuick(ref);
    const verifyOne = (...more: string[]) =>
      run("reproduce.ts", "--quick", "--only", RUN, "--out", work, "--reference", ref, ...more);
    const path = csvPath(ref, RUN);
    const text = await Deno.readTextFile(path);
    const cells = text.split("\n")[2].split(",");
    const changed = text.replace(
      text.split("\n")[2],
      [...cells.slice(0, 6), "0.5", cells[7]].join(","),
    );
    await Deno.writeTextFile(path, changed);
    const bad = await verifyOne();
    assert.equal(bad.code, 1);
    assert.match(
      bad.stderr,
      new RegExp(
        `different +sweep_lr/lr=0\\.0001 +first: test_acc at epoch 1: committed 0\\.5, new ${
          cells[6]
        }`,
      ),
    );
    assert.match(bad.stderr, /0 of 1 runs identical/);
    const up = await verifyOne("--update-results");
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /updated .*: 1 runs copied; sweep_lr\/lr=0\.0001 \(replaced\)/);
    assert.equal(await Deno.readTextFile(path), await Deno.readTextFile(csvPath(work, RUN)));
    const again = await verifyOne();
    assert.equal(again.code, 0, again.stderr);
  }));

Deno.test("damaged work folders: cut CSVs are recomputed, a garbled manifest is rebuilt", () =>
  inTemp(async (dir) => {
    const args = ["--quick", "--only", "sweep_lr/*", "--out", dir];
    assert.equal((await run("reproduce.ts", ...args)).code, 0);
    const path = csvPath(dir, RUN);
    const whole = await Deno.readTextFile(path);
    await Deno.writeTextFile(path, whole.split("\n").slice(0, 2).join("\n") + "\n");
    const lineCut = await run("reproduce.ts", ...args);
    assert.equal(lineCut.code, 0, lineCut.stderr);
    assert.match(lineCut.stderr + lineCut.stdout, /recompute sweep_lr\/lr=0\.0001: CSV has 1 of 2/);
    await Deno.writeTextFile(path, whole.slice(0, -5));
    const midCut = await run("reproduce.ts", ...args);
    assert.equal(midCut.code, 0, midCut.stderr);
    assert.match(midCut.stderr + midCut.stdout, /recompute sweep_lr\/lr=0\.0001: CSV cut mid-line/);
    await Deno.writeTextFile(join(dir, "manifest.json"), '{"runs": ');
    const garbled = await run("reproduce.ts", ...args, "--jobs", "1");
    assert.equal(garbled.code, 0, garbled.stderr);
    const text = garbled.stderr + garbled.stdout;
    assert.match(text, /manifest\.json: not valid JSON .*rebuilt 4 entries from whole CSVs/);
    assert.match(text, /4 runs selected, all already done\n/);
    assert.match(text, /study: nothing to compute \(every selected run is done\)/);
    assert.match(text, /4 of 4 runs identical/);
  }));

Deno.test("a second reproduce on the same folder refuses at once, naming the holder", () =>
  inTemp(async (dir) => {
    const first = command("reproduce.ts", [
      "--quick",
      "--only",
      "one_hidden",
      "--jobs",
      "1",
      "--out",
      dir,
    ])
      .spawn();
    const lock = join(dir, ".lock");
    for (let i = 0; i < 200; i++) {
      if (await Deno.stat(lock).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await run("reproduce.ts", "--quick", "--only", "one_hidden", "--out", dir);
    assertUserError(second, `is in use by reproduce (PID ${first.pid} on `);
    const done = await first.output();
    assert.equal(done.code, 0, new TextDecoder().decode(done.stderr));
    const m = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
    assert.equal(Object.keys(m.runs).length, 9);
    assert.equal(await Deno.stat(lock).then(() => true, () => false), false, "lock released");
  }));

Deno.test("usage and input errors are one line with exit 2", async () => {
  assertUserError(await run("reproduce.ts", "--shard", "4/3"), '--shard "4/3": expected i/n');
  assertUserError(await run("reproduce.ts", "--only", "nothing-like-this"), "no run name matches");
  assertUserError(await run("reproduce.ts", "--jobs", "0"), '--jobs "0"');
  assertUserError(await run("reproduce.ts", "--out", "/proc/x"), "--out /proc/x: not writable");
  assertUserError(await run("merge.ts", "--out", "x"), "missing DIR");
  assertUserError(
    await run("merge.ts", "/nonexistent-folder", "--out", "x"),
    "/nonexistent-folder",
  );
  assertHelp(await run("reproduce.ts", "--help"), [
    "quick",
    "only",
    "jobs",
    "shard",
    "dry-run",
    "out",
    "reference",
    "update-results",
  ]);
  assertHelp(await run("golden.ts", "--help"), ["update", "jobs", "backend"]);
  assertHelp(await run("merge.ts", "--help"), ["out", "allow-partial", "reference"]);
  const plan = await run("reproduce.ts", "--shard", "2/8", "--jobs", "2", "--dry-run");
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stdout, /shard 2\/8: predicted .*<- this shard/);
  assert.match(plan.stdout, /predicted makespan: /);
});

Deno.test("merge names a missing shard, refuses a twice-given one, and merges partial on request", () =>
  inTemp(async (dir) => {
    const s = (i: number) => join(dir, `s${i}`);
    for (const i of [1, 3]) {
      const r = await run(
        "reproduce.ts",
        "--quick",
        "--only",
        "sweep_lr/*",
        "--shard",
        `${i}/3`,
        "--out",
        s(i),
      );
      assert.equal(r.code, 0, r.stderr);
    }
    assertUserError(
      await run("merge.ts", s(1), s(3), "--out", join(dir, "m")),
      "shard 2/3 missing",
    );
    assertUserError(
      await run("merge.ts", s(1), s(1), "--out", join(dir, "m")),
      "shard 1/3 given twice",
    );
    const partial = await run("merge.ts", s(1), s(3), "--out", join(dir, "m"), "--allow-partial");
    assert.equal(partial.code, 0, partial.stderr);
    assert.match(partial.stdout, /merged 2 of 3 shard\(s\)/);
  }));

Deno.test("Ctrl-C during golden removes its temporary folder and exits 130", () =>
  inTemp(async (dir) => {
    const child = command("golden.ts", ["--jobs", "1"], { TMPDIR: dir }).spawn();
    let tmp: string | undefined;
    for (let i = 0; i < 400 && tmp === undefined; i++) {
      for (const e of Deno.readDirSync(dir)) {
        if (e.name.startsWith("mlpbench-golden-")) tmp = e.name;
      }
      // Wait until it computes: the folder has a lock once reproduce runs.
      if (
        tmp !== undefined &&
        !(await Deno.stat(join(dir, tmp, ".lock")).then(() => true, () => false))
      ) {
        tmp = undefined;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(tmp !== undefined, "golden started");
    child.kill("SIGINT");
    const out = await child.output();
    assert.equal(out.code, 130);
    assert.match(new TextDecoder().decode(out.stderr), /interrupted: removed /);
    assert.deepEqual(
      [...Deno.readDirSync(dir)].map((e) => e.name),
      [],
      new TextDecoder().decode(out.stderr),
    );
  }));
