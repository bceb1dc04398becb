import { ok as assert } from "node:assert/strict";
import { assertEquals } from "../core/test_util.ts";
import { assertHelp, assertUserError, runScript } from "./lib/cli_testing.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const FIX = `${ROOT}scripts/testdata/`;

async function copyDir(from: string, to: string) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

async function runReport(results: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}scripts/report.ts`,
      "--results",
      results,
      "--report-tables",
      `${FIX}report_tables_small.csv`,
    ],
    cwd: ROOT,
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

Deno.test("report CLI: missing timing.csv is a note, a bad cell is an error naming it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mlpbench_report_" });
  try {
    await copyDir(`${FIX}results_small`, dir);
    await Deno.remove(`${dir}/timing.csv`);
    const ok = await runReport(dir);
    assertEquals(ok.code, 0, ok.stderr);
    const text = await Deno.readTextFile(`${dir}/REPORT.md`);
    assert(text.includes("> **Note:** results/timing.csv is missing"));
    assert(text.includes("**Missing input:** `timing.csv`."));

    const file = `${dir}/one_hidden/relu-hinge.csv`;
    const lines = (await Deno.readTextFile(file)).split("\n");
    lines[3] = lines[3].replace(/^2,0\.5,/, "2,oops,");
    await Deno.writeTextFile(file, lines.join("\n"));
    const bad = await runReport(dir);
    assertEquals(bad.code, 2);
    assert(!bad.stderr.includes("Uncaught") && !/^\s{4}at /m.test(bad.stderr), bad.stderr);
    assert(
      bad.stderr.includes(`${file}:4:2 (column "train_loss"): "oops" is not a number`),
      bad.stderr,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("report CLI: --help, and flags checked before anything is read", async () => {
  const [help, results, out] = await Promise.all([
    runScript("scripts/report.ts", ["--help"]),
    runScript("scripts/report.ts", ["--results", "/nonexistent", "--no-readme"]),
    runScript("scripts/report.ts", ["--results", `${FIX}results_small`, "--out", "/proc/R.md"]),
  ]);
  assertHelp(help, ["results", "out", "report-tables", "readme", "no-readme"]);
  assertUserError(results, "--results /nonexistent: no such folder");
  assertUserError(out, "--out /proc/R.md: not writable");
});
