/**
 * Builds and writes a results folder's page: <results>/index.html (self-contained: the study,
 * the Vega bundles and the page's script inline, so it works offline from file://) and
 * <results>/page.json (what the page holds: its hash, size and bundle versions).
 */
import { resolve } from "node:path";
import type { ChartJob } from "../figures.ts";
import { sha256Hex } from "../hash.ts";
import { readManifest } from "../manifest.ts";
import type { ResultsTree } from "../results_tree.ts";
import { defaultReference, verifyRuns } from "../verify.ts";
import { writeTextAtomic } from "../atomic.ts";
import { bundleVersions, readBundles } from "./bundles.ts";
import { readClientScript } from "./client_script.ts";
import { renderPage } from "./html.ts";
import { buildPageData, type PageInputs } from "./page_data.ts";
import { buildPresets } from "./presets.ts";

/** The page's file names inside a results folder. */
export const PAGE_FILE = "index.html";
export const PAGE_META_FILE = "page.json";

/** page.json: the page's identity and the bundle versions it inlines. */
export interface PageMeta {
  page: string;
  sha256: string;
  bytes: number;
  runs: number;
  presets: number;
  bundles: Record<string, string>;
}

/** manifest.json's study facts and runs, or null when it is missing or damaged. */
async function manifestInputs(resultsDir: string): Promise<PageInputs["manifest"]> {
  const { manifest } = await readManifest(resultsDir);
  if (!manifest) return null;
  return {
    engineVersion: manifest.engineVersion,
    quick: manifest.quick,
    studyHash: manifest.studyHash,
    denoVersion: manifest.study?.denoVersion,
    runs: manifest.runs,
  };
}

/** Each run's CSV against the committed reference of its study (results/ or results/quick/). */
async function verdicts(resultsDir: string, tree: ResultsTree, quick: boolean, label: string) {
  const reference = defaultReference(quick);
  const self = resolve(reference) === resolve(resultsDir);
  const ids = tree.runs.map((r) => r.spec.name);
  const found = await verifyRuns(resultsDir, reference, ids);
  const refLabel = quick ? "results/quick/" : "results/";
  return {
    map: new Map(found.map((v) => [v.run, v.kind as string])),
    label: self ? `${label} (this folder is the reference)` : refLabel,
  };
}

/**
 * The page of a results folder, from its loaded tree and figure list.
 * `resultsLabel` names the folder in the page ("results/").
 */
export async function buildPage(
  resultsDir: string,
  tree: ResultsTree,
  jobs: readonly ChartJob[],
  resultsLabel: string,
): Promise<{ html: string; meta: PageMeta }> {
  const manifest = await manifestInputs(resultsDir);
  const bundles = await readBundles();
  const v = await verdicts(resultsDir, tree, manifest?.quick ?? false, resultsLabel);
  const data = buildPageData({
    tree,
    presets: buildPresets(jobs, tree),
    manifest,
    verdicts: v.map,
    resultsLabel,
    referenceLabel: v.label,
    bundles: bundleVersions(bundles),
  });
  const css = await Deno.readTextFile(new URL("./page.css", import.meta.url));
  const html = renderPage({ data, bundles, script: await readClientScript(), css });
  const meta: PageMeta = {
    page: PAGE_FILE,
    sha256: await sha256Hex(html),
    bytes: new TextEncoder().encode(html).length,
    runs: data.runs.length,
    presets: data.presets.length,
    bundles: data.provenance.bundles,
  };
  return { html, meta };
}

/** Writes <results>/index.html and <results>/page.json; returns the page's path and meta. */
export async function writePage(
  resultsDir: string,
  tree: ResultsTree,
  jobs: readonly ChartJob[],
  resultsLabel: string,
): Promise<{ path: string; meta: PageMeta }> {
  const { html, meta } = await buildPage(resultsDir, tree, jobs, resultsLabel);
  const path = `${resultsDir}/${PAGE_FILE}`;
  await writeTextAtomic(path, html);
  await writeTextAtomic(`${resultsDir}/${PAGE_META_FILE}`, JSON.stringify(meta, null, 2) + "\n");
  return { path, meta };
}
