/**
 * The page's preset views: one per figure of REPORT.md (the figure list of figures.ts), each the
 * page's interactive version of that figure — the same runs, metric, curves and layout.
 */
import { type ChartJob, depthPairs } from "../figures.ts";
import type { ResultsTree } from "../results_tree.ts";

/** The part of the page's view (client/state.js View) a preset sets. */
export interface PresetView {
  chart: "curves" | "timing";
  runs: string[];
  metric: "acc" | "loss";
  src: ("test" | "train" | "window")[];
  layout: "overlay" | "facet";
  log: boolean;
  timing: string;
}

/** One preset view. */
export interface PagePreset {
  /** The figure's id, e.g. "one_hidden/acc-gelu-hinge". */
  id: string;
  /** Where it is listed: the section's title, or the cross-section group. */
  group: string;
  caption: string;
  /** The static figure, relative to the page. */
  figure: string;
  view: PresetView;
}

const TRAIN_TEST: PresetView["src"] = ["train", "test"];

function curves(runs: string[], metric: string, more: Partial<PresetView> = {}): PresetView {
  if (metric !== "acc" && metric !== "loss") throw new Error(`unknown metric "${metric}"`);
  return {
    chart: "curves",
    runs,
    metric,
    src: TRAIN_TEST,
    layout: "overlay",
    log: false,
    timing: "",
    ...more,
  };
}

/** "<prefix><metric>-<name>" after the section → metric and name. */
function splitId(job: ChartJob, prefix = ""): { metric: string; rest: string } {
  const tail = job.id.slice(job.section.length + 1 + prefix.length);
  const dash = tail.indexOf("-");
  return dash < 0
    ? { metric: tail, rest: "" }
    : { metric: tail.slice(0, dash), rest: tail.slice(dash + 1) };
}

/** The view of one figure; throws for a figure kind or id it does not know. */
export function presetView(job: ChartJob, tree: ResultsTree): PresetView {
  const sectionRuns = () =>
    tree.runs.filter((r) => r.section === job.section && r.rows.length > 0).map((r) => r.spec.name);
  switch (job.kind) {
    case "run": {
      const { metric, rest } = splitId(job);
      return curves([`${job.section}/${rest}`], metric);
    }
    case "panels":
      return curves(sectionRuns(), splitId(job, "panels-").metric, { layout: "facet" });
    case "overlay": {
      const metric = splitId(job, "overlay-test_").metric;
      return curves(sectionRuns(), metric, { src: ["test"], log: metric === "loss" });
    }
    case "depth": {
      const { metric, rest } = splitId(job);
      const pair = tree.sections.flatMap((s) => depthPairs(tree, s)).find((p) =>
        p.two.name === rest
      );
      if (!pair) throw new Error(`figure ${job.id}: no depth pair named "${rest}"`);
      return curves([pair.one.spec.name, pair.two.spec.name], metric);
    }
    case "timing": {
      const m = /^timing\/epoch_s-(.+)$/.exec(job.id);
      if (!m) throw new Error(`figure ${job.id}: expected timing/epoch_s-<backend>-t<threads>`);
      return { ...curves([], "acc"), chart: "timing", timing: m[1] };
    }
  }
  throw new Error(`figure ${job.id}: unknown kind "${job.kind}"`);
}

/** The group a figure is listed under. */
function groupOf(job: ChartJob, tree: ResultsTree): string {
  if (job.kind === "depth") return "One vs two hidden layers";
  if (job.kind === "timing") return "Training time";
  return tree.sections.find((s) => s.id === job.section)?.title ?? job.section;
}

/** One preset per figure, in the figure list's order. */
export function buildPresets(jobs: readonly ChartJob[], tree: ResultsTree): PagePreset[] {
  return jobs.map((job) => ({
    id: job.id,
    group: groupOf(job, tree),
    caption: job.caption,
    figure: `charts/${job.id}.svg`,
    view: presetView(job, tree),
  }));
}
