import assert from "node:assert/strict";
import { buildChartJobs } from "../figures.ts";
import { loadResults } from "../results_tree.ts";
import { loadTemplates } from "../templates.ts";
import { buildPage, PAGE_FILE, PAGE_META_FILE, writePage } from "./write_page.ts";
import { sha256Hex } from "../hash.ts";

const FIX = new URL("../../testdata/", import.meta.url).pathname;

async function copyDir(from: string, to: string) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

Deno.test("writePage: index.html and page.json, byte for byte the same when rebuilt", async () => {
  const dir = await Deno.makeTempDir({ prefix: "mlpbench_page_" });
  try {
    await copyDir(`${FIX}results_small`, dir);
    const tree = await loadResults(dir, `${FIX}report_tables_small.csv`);
    const jobs = buildChartJobs(tree, await loadTemplates());
    const first = await writePage(dir, tree, jobs, "results_small/");
    const html = await Deno.readTextFile(`${dir}/${PAGE_FILE}`);
    await writePage(dir, tree, jobs, "results_small/");
    assert.equal(await Deno.readTextFile(`${dir}/${PAGE_FILE}`), html);
    const meta = JSON.parse(await Deno.readTextFile(`${dir}/${PAGE_META_FILE}`));
    assert.deepEqual(meta, first.meta);
    assert.deepEqual(Object.keys(meta), ["page", "sha256", "bytes", "runs", "presets", "bundles"]);
    assert.equal(meta.sha256, await sha256Hex(html));
    assert.equal(meta.runs, 6);
    assert.equal(meta.presets, jobs.length);
    assert.deepEqual(Object.keys(meta.bundles), ["vega", "vega-lite", "vega-embed"]);
    // Self-contained: no external script, stylesheet or data URL.
    assert.ok(!/<script[^>]+src=|<link[^>]+stylesheet|"url":/i.test(html));
    assert.ok(html.includes("<dt>Runs compared with</dt><dd>results/</dd>"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("results/index.html is the page of results/ as committed (deno task report rebuilds it)", async () => {
  const results = new URL("../../../results", import.meta.url).pathname;
  const tree = await loadResults(results);
  const { html, meta } = await buildPage(
    results,
    tree,
    buildChartJobs(tree, await loadTemplates()),
    "results/",
  );
  const committed = await Deno.readTextFile(`${results}/${PAGE_FILE}`);
  assert.ok(committed === html, "results/index.html is out of date: run `deno task report`");
  const json = JSON.parse(await Deno.readTextFile(`${results}/${PAGE_META_FILE}`));
  assert.deepEqual(json, meta, "results/page.json is out of date: run `deno task report`");
});
