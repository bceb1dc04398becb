/** `deno task charts` end to end: --help, bad flags, missing inputs delete nothing, preflight. */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { assertHelp, assertUserError, ROOT, runScript } from "./lib/cli_testing.ts";

const charts = (...args: string[]) => runScript("scripts/charts.ts", args);

/** A temp copy of results/ (CSVs and figures only); the real results/ is never touched. */
async function copyResults(): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "charts_test_" });
  const cmd = new Deno.Command("cp", { args: ["-r", join(ROOT, "results"), tmp] });
  assert.equal((await cmd.output()).code, 0);
  return join(tmp, "results");
}

async function listTree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory) out.push(...await listTree(join(dir, e.name), `${prefix}${e.name}/`));
    else out.push(prefix + e.name);
  }
  return out.sort();
}

Deno.test("charts --help lists every flag and examples", async () => {
  assertHelp(await charts("--help"), ["results", "out", "jobs", "only", "allow-missing"]);
});

Deno.test("charts: bad flags are one line naming the flag", async () => {
  const [jobs, results, unknown] = await Promise.all([
    charts("--jobs", "0"),
    charts("--results", "/nonexistent/results"),
    charts("--result", "x"),
  ]);
  assertUserError(jobs, '--jobs "0": expected an integer >= 1');
  assertUserError(results, "--results /nonexistent/results: no such folder");
  assertUserError(unknown, "unknown flag --result (did you mean --results?)");
});

Deno.test("charts: a missing run CSV exits 2 and deletes no figure; bad --out fails early", async () => {
  const dir = await copyResults();
  try {
    await Deno.remove(join(dir, "sweep_lr/lr=0.1.csv"));
    const before = await listTree(join(dir, "charts"));
    assert.ok(before.some((f) => f.startsWith("sweep_lr/")));
    const r = await charts("--results", dir);
    assertUserError(r, "sweep_lr/lr=0.1.csv", "nothing was rendered or removed");
    assert.deepEqual(await listTree(join(dir, "charts")), before);
    const bad = await charts(
      "--results",
      dir,
      "--allow-missing",
      "--out",
      join(dir, "summary.csv"),
    );
    assertUserError(bad, "--out", "a file, not a folder");
    assert.deepEqual(await listTree(join(dir, "charts")), before);
  } finally {
    await Deno.remove(dirname(dir), { recursive: true });
  }
});
