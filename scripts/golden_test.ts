import assert from "node:assert/strict";
import { join } from "node:path";
import { readResultSet } from "./golden.ts";
import { diffResults } from "./lib/golden_diff.ts";

const HEAD = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";

Deno.test("golden check on disk: a perturbed CSV is caught with its run, column and epoch", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const write = async (root: string, rel: string, text: string) => {
      await Deno.mkdir(join(dir, root, rel, ".."), { recursive: true });
      await Deno.writeTextFile(join(dir, root, rel), text);
    };
    const csv = `${HEAD}\n0,0.5,0.8,0.4,0.85,0.3,0.9,1.5\n1,0.25,0.9,0.2,0.93,0.15,0.95,1.25\n`;
    for (const root of ["golden", "fresh"]) {
      await write(root, "summary.csv", "run,status\nsweep_lr/lr=0.1,ok\n");
      await write(root, "manifest.json", "{}");
      await write(root, "one_hidden/gelu-hinge.csv", csv);
    }
    await write("golden", "sweep_lr/lr=0.1.csv", csv);
    // The fresh run differs in one test_loss cell of epoch 1, and in seconds (ignored).
    await write("fresh", "sweep_lr/lr=0.1.csv", csv.replace("0.15,0.95,1.25", "0.1500001,0.95,7"));
    const golden = await readResultSet(join(dir, "golden"));
    assert.deepEqual([...golden.runs.keys()], ["one_hidden/gelu-hinge", "sweep_lr/lr=0.1"]);
    const diffs = diffResults(golden, await readResultSet(join(dir, "fresh")));
    assert.deepEqual(diffs.map((d) => [d.run, d.column, d.epoch, d.golden, d.new]), [
      ["sweep_lr/lr=0.1", "test_loss", "1", "0.15", "0.1500001"],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the committed results/quick/ parses: every run has a CSV and a summary row", async () => {
  const dir = new URL("../results/quick", import.meta.url);
  let set;
  try {
    set = await readResultSet(dir.pathname);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return; // not generated yet in this checkout
    throw err;
  }
  const rows = (set.summary ?? "").trim().split("\n").slice(1).map((l) => l.split(",")[0]);
  assert.deepEqual(rows.slice().sort(), [...set.runs.keys()].sort());
  assert.equal(rows.length, 37);
});
