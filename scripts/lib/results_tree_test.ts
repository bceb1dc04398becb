import { ok as assert } from "node:assert/strict";
import { assertEquals } from "../../core/test_util.ts";
import { loadResults } from "./results_tree.ts";

const FIX = new URL("../testdata/", import.meta.url).pathname;

Deno.test("loadResults reads the runs the experiments declare; missing = absent runs of held sections", async () => {
  const tree = await loadResults(`${FIX}results_small`, `${FIX}report_tables_small.csv`);
  assertEquals(tree.runs.map((r) => `${r.section}/${r.name}`), [
    "one_hidden/relu-hinge",
    "one_hidden/gelu-softmax_ce",
    "two_hidden/gelu-softmax_ce",
    "sweep_lr/lr=0.1",
    "sweep_lr/lr=0.01",
    "stability/relu-hinge-lr=0.1",
  ]);
  assertEquals(tree.runs[3].spec.config.learningRate, 0.1);
  // 4 sections held (9 + 9 + 4 + 3 runs), 6 runs present; the other 3 sweeps are not computed here.
  assertEquals(tree.missing.filter((m) => m.includes("/")).length, 19);
  assert(tree.missing.includes("sweep_lr/lr=0.001.csv"));
  assert(!tree.missing.some((m) => m.startsWith("sweep_momentum/")));
  assertEquals(tree.sections.length, 7);
  assertEquals(tree.timing?.length, 4);
  assertEquals(tree.summary?.[2].divergedEpoch, 1);
  assertEquals(tree.reportTables?.[4].testAcc, 0.976);
  const empty = await loadResults(`${FIX}no_such_dir`, `${FIX}no_such.csv`);
  assertEquals(empty.runs, []);
  assert(empty.missing.includes("timing.csv") && empty.missing.includes("summary.csv"));
});

Deno.test("loadResults takes its sections from the experiment files it is given", async () => {
  const dir = await Deno.makeTempDir({ prefix: "results_tree_" });
  try {
    await Deno.mkdir(`${dir}/extra`);
    const head = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";
    await Deno.writeTextFile(`${dir}/extra/m=0.5.csv`, `${head}\n0,1,0.5,1,0.5,1,0.5,1\n`);
    const files = {
      "experiments/extra.ts": [
        {
          kind: "sweep",
          section: "extra",
          name: "m={momentum}",
          key: "momentum",
          values: [0.5, 0.9],
        },
      ],
    };
    const tree = await loadResults(dir, `${dir}/none.csv`, files);
    assertEquals(tree.runs.map((r) => r.name), ["m=0.5"]);
    assertEquals(tree.missing, [`${dir}/none.csv`, "extra/m=0.9.csv", "summary.csv", "timing.csv"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
