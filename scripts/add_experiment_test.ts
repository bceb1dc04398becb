/**
 * The README's "Add an experiment", followed literally in a copy of the repository: its new file,
 * then its three commands. The new experiment must get CSVs, figures and a report section from
 * the generic derivation, with no other file touched.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { ROOT } from "./lib/cli_testing.ts";
import { listFiles } from "./lib/walk.ts";

/** The README's "Add an experiment" section: its new file and its commands. */
async function readmeExample(): Promise<{ file: string; text: string; commands: string[][] }> {
  const readme = await Deno.readTextFile(join(ROOT, "README.md"));
  const section = readme.split("\n## Add an experiment\n")[1]?.split("\n## ")[0];
  assert.ok(section, 'README.md: expected a section "## Add an experiment"');
  const ts = /```ts\n(\/\/ (experiments\/\w+\.ts)\n[^]*?)```/.exec(section);
  const sh = /```sh\n([^]*?)```/.exec(section);
  assert.ok(ts && sh, "the section: expected a ```ts block naming its file, then a ```sh block");
  const commands = sh[1].split("\n").map((l) => l.replace(/#.*/, "").trim()).filter((l) => l)
    .map((l) => l.split(/\s+/));
  return { file: ts[2], text: ts[1], commands };
}

/** A copy of the tracked files (the committed charts left out: nothing here reads them). */
async function copyRepo(): Promise<string> {
  const tmp = await Deno.makeTempDir({ prefix: "add_experiment_" });
  const out = await new Deno.Command("git", { args: ["ls-files", "-z"], cwd: ROOT }).output();
  assert.equal(out.code, 0, "git ls-files");
  const paths = new TextDecoder().decode(out.stdout).split("\0")
    .filter((p) => p !== "" && !p.startsWith("results/charts/"));
  for (const p of paths) {
    const st = await Deno.lstat(join(ROOT, p)).catch(() => undefined);
    if (!st?.isFile) continue; // deleted in the working tree, or a link
    await Deno.mkdir(dirname(join(tmp, p)), { recursive: true });
    await Deno.copyFile(join(ROOT, p), join(tmp, p));
  }
  await Deno.symlink(join(ROOT, "node_modules"), join(tmp, "node_modules"));
  return tmp;
}

async function run(cwd: string, args: string[]): Promise<string> {
  assert.equal(args[0], "deno", `expected a deno command, got ${args.join(" ")}`);
  const out = await new Deno.Command(Deno.execPath(), {
    args: args.slice(1),
    cwd,
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, `${args.join(" ")} failed:\n${text}`);
  return text;
}

Deno.test("README 'Add an experiment', followed literally, gives CSVs, figures and a report section", async () => {
  const { file, text, commands } = await readmeExample();
  const section = /section: "(\w+)"/.exec(text)![1];
  const title = /title: "([^"]+)"/.exec(text)![1];
  const outDir = commands.find((c) => c.includes("--out"))!.at(-1)!;
  const repo = await copyRepo();
  try {
    const before = await Deno.readTextFile(join(repo, "README.md"));
    await Deno.writeTextFile(join(repo, file), text);
    for (const c of commands) await run(repo, c);
    const dir = join(repo, outDir);
    const files = await listFiles(dir);
    const csvs = files.filter((f) => f.startsWith(`${section}/`) && f.endsWith(".csv"));
    assert.equal(
      csvs.length,
      (/values: \[([^\]]*)\]/.exec(text)![1].split(",")).length,
      csvs.join(),
    );
    assert.ok(files.includes("summary.csv") && files.includes("REPORT.md"), files.join());
    const figures = files.filter((f) => f.startsWith(`charts/${section}/`) && f.endsWith(".svg"));
    // Each run's accuracy and loss, the sweep's two panels, the two overlays.
    assert.equal(figures.length, 2 * csvs.length + 4, figures.join());
    assert.ok(figures.includes(`charts/${section}/panels-acc.svg`));
    const report = await Deno.readTextFile(join(dir, "REPORT.md"));
    assert.match(report, new RegExp(`^## \\d+\\. ${title}$`, "m"));
    assert.ok(
      report.includes(`](charts/${section}/overlay-test_acc.png)`),
      "its figures are shown",
    );
    assert.equal(await Deno.readTextFile(join(repo, "README.md")), before, "README untouched");
  } finally {
    await Deno.remove(repo, { recursive: true });
  }
});
