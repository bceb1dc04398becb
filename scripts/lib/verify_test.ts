import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunCsv } from "../../core/csv.ts";
import { readManifest } from "./manifest.ts";
import { prepareStudy } from "./study.ts";
import { formatVerdicts, verifyRuns } from "./verify.ts";

const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";
const CSV = `${HEAD}\n0,0.5,0.8,0.4,0.85,0.3,0.9,1.5\n1,0.25,0.9,0.2,0.93,NaN,0.95,1.25\n`;
const SUMMARY = "run,status,test_acc\na/x,ok,0.95\nb/y,ok,0.95\nc/z,ok,1\n";

async function folder(root: string, files: Record<string, string>) {
  for (const [rel, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, rel, ".."), { recursive: true });
    await Deno.writeTextFile(join(root, rel), text);
  }
}

Deno.test("verify: identical, different (first cell named), and no reference", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ref = join(dir, "ref"), work = join(dir, "work");
    await folder(ref, { "a/x.csv": CSV, "b/y.csv": CSV, "summary.csv": SUMMARY });
    await folder(work, {
      "a/x.csv": CSV.replace("1.5", "9.75"), // seconds: machine time, not compared
      "b/y.csv": CSV.replace("0.25,0.9", "0.2500001,0.9"),
      "c/z.csv": CSV,
      "summary.csv": SUMMARY.replace("b/y,ok,0.95", "b/y,ok,0.96"),
    });
    const v = await verifyRuns(work, ref, ["a/x", "b/y", "c/z"]);
    assert.deepEqual(v.map((x) => [x.run, x.kind, x.diffs.length]), [
      ["a/x", "identical", 0],
      ["b/y", "different", 2],
      ["c/z", "no reference", 0],
    ]);
    assert.deepEqual(v[1].diffs.map((d) => [d.column, d.epoch, d.golden, d.new]), [
      ["train_loss", "1", "0.25", "0.2500001"],
      ["test_acc", "summary", "0.95", "0.96"],
    ]);
    const { text, code } = formatVerdicts(v, "ref/");
    assert.equal(code, 1);
    assert.match(
      text,
      /different +b\/y +first: train_loss at epoch 1: committed 0\.25, new 0\.2500001 \(1\.0000000000287557e-7\); 1 more cells differ/,
    );
    assert.match(
      text,
      /1 of 2 runs identical to ref\/ \(1 not in ref\/: nothing to compare with\)/,
    );
    assert.match(text, /run +\| column +\| epoch +\| committed \| new/);
    const same = formatVerdicts(v.filter((x) => x.kind !== "different"), "ref/");
    assert.equal(same.code, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the committed results/quick/ is whole: every run of the quick study, a manifest entry and a summary row each", async () => {
  const dir = fileURLToPath(new URL("../../results/quick", import.meta.url));
  const study = await prepareStudy(true);
  const m = await readManifest(dir);
  assert.ok(m.manifest, m.problem);
  assert.equal(m.manifest.studyHash, study.studyHash);
  const summary = (await Deno.readTextFile(join(dir, "summary.csv"))).trim().split("\n").slice(1);
  assert.deepEqual(summary.map((l) => l.split(",")[0]), study.runs.map((r) => r.name));
  for (const r of study.runs) {
    assert.equal(m.manifest.runs[r.name].configHash, study.hashes.get(r.name), r.name);
    const rows = parseRunCsv(await Deno.readTextFile(join(dir, r.name + ".csv")), r.name);
    assert.equal(rows.length, r.config.epochs, r.name);
  }
});
