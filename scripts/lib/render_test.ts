import { ok as assert } from "node:assert/strict";
import { assertEquals, assertThrowsMessage } from "../../core/test_util.ts";
import { buildChartJobs } from "./figures.ts";
import { loadResults } from "./results_tree.ts";
import { loadTemplates } from "./templates.ts";
import { PNG_SCALE, pngSize, renderAll, svgSize, VL2SVG } from "./render.ts";

const FIX = new URL("../testdata/", import.meta.url).pathname;

Deno.test("vl2svg is pinned to the vega-lite version in deno.json", async () => {
  const cfg = JSON.parse(await Deno.readTextFile(new URL("../../deno.json", import.meta.url)));
  assertEquals(VL2SVG, `${cfg.imports["vega-lite"]}/vl2svg`);
});

Deno.test("pngSize reads the IHDR header and rejects other bytes", () => {
  const png = new Uint8Array(24);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  new DataView(png.buffer).setUint32(16, 880);
  new DataView(png.buffer).setUint32(20, 612);
  assertEquals(pngSize(png), { width: 880, height: 612 });
  assertThrowsMessage(() => pngSize(new Uint8Array(30)), "not a PNG");
});

Deno.test("renders a curve chart and a bar chart to SVG and PNG", async () => {
  const tree = await loadResults(`${FIX}results_small`, `${FIX}report_tables_small.csv`);
  const ids = ["one_hidden/acc-gelu-softmax_ce", "timing/epoch_s-wasm-t1"];
  const jobs = buildChartJobs(tree, await loadTemplates()).filter((j) => ids.includes(j.id));
  assertEquals(jobs.length, 2);
  const dir = await Deno.makeTempDir({ prefix: "mlpbench_charts_" });
  try {
    await renderAll(jobs, dir, 2);
    const svg = await Deno.readTextFile(`${dir}/${ids[0]}.svg`);
    for (
      const text of [
        "Accuracy: GELU + softmax CE — One hidden layer (784-128-10)",
        "Accuracy (fraction of images correct)",
        "Epoch (passes over the 60,000 training images, from 0)",
        "Train (mean of the epoch's windows)",
        "Test (10,000 images)",
        "results/one_hidden/gelu-softmax_ce.csv, 6 epochs; final test accuracy 0.97200",
      ]
    ) assert(svg.includes(`>${text}<`), `SVG text lacks "${text}"`);
    assert(svg.includes('font-family="DejaVu Sans"'), "SVG text is not set in DejaVu Sans");
    const png = await Deno.readFile(`${dir}/${ids[0]}.png`);
    const s = svgSize(svg);
    assertEquals(pngSize(png), { width: s.width * PNG_SCALE, height: s.height * PNG_SCALE });
    assert(png.length > 20_000, `PNG only ${png.length} bytes`);

    const bars = await Deno.readTextFile(`${dir}/${ids[1]}.svg`);
    for (
      const text of [
        "Time per epoch (seconds)",
        "Activation + loss",
        "GELU + softmax CE",
        "ReLU + hinge",
        "One hidden (784-128-10)",
        "Two hidden (784-256-128-10)",
        "3.60",
      ]
    ) assert(bars.includes(`>${text}<`), `bar SVG text lacks "${text}"`);
    const barPng = await Deno.readFile(`${dir}/${ids[1]}.png`);
    const b = svgSize(bars);
    assertEquals(pngSize(barPng), { width: b.width * PNG_SCALE, height: b.height * PNG_SCALE });

    // Same input, same bytes.
    const again = `${dir}/again`;
    await renderAll(jobs.slice(0, 1), again, 1);
    assertEquals(await Deno.readFile(`${again}/${ids[0]}.png`), png);
    assertEquals(await Deno.readTextFile(`${again}/${ids[0]}.svg`), svg);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
