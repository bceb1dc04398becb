import { ok as assert } from "node:assert/strict";
import { assertEquals } from "../../core/test_util.ts";
import { buildChartJobs } from "./figures.ts";
import { loadResults } from "./results_tree.ts";
import { TEST_SERIES } from "./series.ts";
import { loadTemplates } from "./templates.ts";

const FIX = new URL("../testdata/", import.meta.url).pathname;
const SMALL = `${FIX}results_small`;

Deno.test("buildChartJobs lists every figure the fixture allows", async () => {
  const tree = await loadResults(SMALL, `${FIX}report_tables_small.csv`);
  const jobs = buildChartJobs(tree, await loadTemplates());
  assertEquals(jobs.map((j) => j.id), [
    "one_hidden/acc-relu-hinge",
    "one_hidden/loss-relu-hinge",
    "one_hidden/acc-gelu-softmax_ce",
    "one_hidden/loss-gelu-softmax_ce",
    "one_hidden/overlay-test_acc",
    "one_hidden/overlay-test_loss",
    "two_hidden/acc-gelu-softmax_ce",
    "two_hidden/loss-gelu-softmax_ce",
    "two_hidden/overlay-test_acc",
    "two_hidden/overlay-test_loss",
    "sweep_lr/acc-lr=0.1",
    "sweep_lr/loss-lr=0.1",
    "sweep_lr/acc-lr=0.01",
    "sweep_lr/loss-lr=0.01",
    "sweep_lr/panels-acc",
    "sweep_lr/panels-loss",
    "sweep_lr/overlay-test_acc",
    "sweep_lr/overlay-test_loss",
    "stability/acc-relu-hinge-lr=0.1",
    "stability/loss-relu-hinge-lr=0.1",
    "stability/overlay-test_acc",
    "stability/overlay-test_loss",
    "depth/acc-gelu-softmax_ce",
    "depth/loss-gelu-softmax_ce",
    "timing/epoch_s-wasm-t1",
  ]);
  // deno-lint-ignore no-explicit-any
  const spec = jobs.find((j) => j.id === "one_hidden/loss-relu-hinge")!.spec as any;
  assertEquals(spec.title.text, "Loss: ReLU + hinge — One hidden layer (784-128-10)");
  assertEquals(spec.encoding.y.title, "Hinge loss (mean per image, margin 5)");
  assertEquals(spec.data.values.length, 12);
  assertEquals(spec.data.values[11], { epoch: 5, value: 0.52, series: TEST_SERIES });
  // deno-lint-ignore no-explicit-any
  const st = jobs.find((j) => j.id === "stability/acc-relu-hinge-lr=0.1")!.spec as any;
  assertEquals(st.title.subtitle[1], "Diverged: non-finite values from epoch 1 (not plotted)");
  // deno-lint-ignore no-explicit-any
  const panels = jobs.find((j) => j.id === "sweep_lr/panels-acc")!.spec as any;
  assertEquals(panels.facet.sort, ["lr = 0.1", "lr = 0.01"]);
  assert(!JSON.stringify(jobs.map((j) => j.spec)).includes("${"), "unfilled slot left");
});

Deno.test("a new experiment gets its figures from the generic derivation", async () => {
  const dir = await Deno.makeTempDir({ prefix: "figures_" });
  try {
    await Deno.mkdir(`${dir}/sweep_init_std`);
    const head = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";
    for (const v of ["0.001", "0.1"]) {
      await Deno.writeTextFile(
        `${dir}/sweep_init_std/init_std=${v}.csv`,
        `${head}\n0,1,0.5,1,0.5,1,0.5,1\n1,0.5,0.7,0.5,0.7,0.5,0.7,1\n`,
      );
    }
    const files = {
      "experiments/sweep_init.ts": [{
        kind: "sweep",
        section: "sweep_init_std",
        title: "Initial weight scale",
        label: "init std",
        name: "init_std={initStd}",
        base: { hidden: [128], activation: "relu", loss: "softmax_ce", learningRate: 0.01 },
        key: "initStd",
        values: [0.001, 0.1],
      }],
    };
    const tree = await loadResults(dir, `${FIX}report_tables_small.csv`, files);
    const jobs = buildChartJobs(tree, await loadTemplates());
    assertEquals(jobs.map((j) => j.id), [
      "sweep_init_std/acc-init_std=0.001",
      "sweep_init_std/loss-init_std=0.001",
      "sweep_init_std/acc-init_std=0.1",
      "sweep_init_std/loss-init_std=0.1",
      "sweep_init_std/panels-acc",
      "sweep_init_std/panels-loss",
      "sweep_init_std/overlay-test_acc",
      "sweep_init_std/overlay-test_loss",
    ]);
    // deno-lint-ignore no-explicit-any
    const spec = (id: string) => jobs.find((j) => j.id === id)!.spec as any;
    assertEquals(
      spec("sweep_init_std/acc-init_std=0.1").title.text,
      "Accuracy: init std = 0.1 — Initial weight scale",
    );
    assertEquals(
      spec("sweep_init_std/panels-loss").title.text,
      "Loss per init std: ReLU + softmax CE, 784-128-10",
    );
    assertEquals(spec("sweep_init_std/panels-acc").facet.sort, [
      "init std = 0.001",
      "init std = 0.1",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
