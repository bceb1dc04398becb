import assert from "node:assert/strict";
import { escapeHtml, renderPage, scriptJson } from "./html.ts";
import type { PageData } from "./page_data.ts";

const DATA: PageData = {
  title: "t <x>",
  sections: [],
  runs: [],
  timing: [],
  presets: [],
  defaultPreset: "",
  provenance: {
    results: "results/",
    reference: "results/",
    engineVersion: "1",
    denoVersion: null,
    studyHash: null,
    quick: false,
    command: "deno task report",
    bundles: { vega: "6.4.0" },
  },
};

Deno.test("scriptJson cannot close its script element; escapeHtml escapes markup", () => {
  const s = scriptJson({ a: "</script><b>" });
  assert.ok(!s.includes("<"));
  assert.deepEqual(JSON.parse(s), { a: "</script><b>" });
  assert.equal(escapeHtml(`<a href="x">&</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
});

Deno.test("renderPage: one document, data then bundles then the script, no clock", () => {
  const parts = {
    data: DATA,
    bundles: [{ name: "vega", version: "6.4.0", code: "var VEGA=1;" }],
    script: "var APP=1;",
    css: "body{}\n",
  };
  const html = renderPage(parts);
  assert.equal(renderPage(parts), html);
  assert.ok(html.startsWith('<!doctype html>\n<html lang="en">'));
  assert.ok(html.includes("<title>t &lt;x&gt;</title>"));
  const order = ['id="page-data"', "var VEGA=1;", "var APP=1;"].map((s) => html.indexOf(s));
  assert.ok(order[0] > 0 && order[0] < order[1] && order[1] < order[2], String(order));
  assert.ok(html.includes('<script data-bundle="vega@6.4.0">'));
  assert.ok(html.includes("<dt>Deno version (computed with)</dt><dd>—</dd>"));
  for (
    const id of [
      "preset",
      "chart",
      "chart-desc",
      "runs-head",
      "runs-body",
      "filter",
      "download-csv",
      "prov-runs",
    ]
  ) {
    assert.ok(html.includes(`id="${id}"`), id);
  }
});
