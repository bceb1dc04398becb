// @ts-check
/**
 * The page's Vega-Lite specs, built from the selected runs and the view: overlaid or faceted
 * curves (nearest-point tooltips, legend toggle, zoom and pan, log y, smoothing, the report's
 * published value marked) and the timing bars; with a text alternative for each.
 */
import { smoothSeries } from "./smooth.js";

/** @typedef {import("../page_data.ts").PageRun} PageRun */
/** @typedef {import("../page_data.ts").PageTiming} PageTiming */
/** @typedef {import("./state.js").View} View */
/** @typedef {{ run: PageRun, cols: Record<string, number[]> }} RunSeries */

/**
 * @typedef {object} Point
 * @property {"curve" | "report"} kind a curve point or the report's published final value
 * @property {string} series the run as the legend names it
 * @property {string} source which curve of the run
 * @property {number} epoch
 * @property {number | null} value plotted value (smoothed when smoothing is on)
 * @property {number | null} raw the CSV's value
 */

export const SOURCE_LABEL = {
  test: "test",
  train: "train (epoch mean)",
  window: "train (last window)",
};

/** Colours that stay apart on white and for common colour-vision deficiencies (Tableau 10). */
export const PALETTE = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#79706e",
];

const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";

/**
 * The CSV column of a metric and source: ("acc", "window") → "window_acc".
 * @param {"acc" | "loss"} metric
 * @param {"test" | "train" | "window"} source
 */
export function columnOf(metric, source) {
  return `${source}_${metric}`;
}

/**
 * Legend names: a run's label ("GELU + hinge") where it is unique among `runs`, else with its
 * network ("GELU + hinge, 784-128-10"), else its id.
 * @param {PageRun[]} runs
 * @returns {Map<string, string>} run id → name
 */
export function seriesNames(runs) {
  const count = (/** @type {(r: PageRun) => string} */ f, /** @type {string} */ v) =>
    runs.filter((r) => f(r) === v).length;
  const withNet = (/** @type {PageRun} */ r) => `${r.label}, ${r.network}`;
  return new Map(runs.map((r) => {
    if (count((x) => x.label, r.label) === 1) return [r.id, r.label];
    if (count(withNet, withNet(r)) === 1) return [r.id, withNet(r)];
    return [r.id, r.id];
  }));
}

/**
 * A finite value, or null (a gap) — also for ≤ 0 on a log axis.
 * @param {number} x
 * @param {boolean} log
 */
function plottable(x, log) {
  return Number.isFinite(x) && !(log && x <= 0) ? x : null;
}

/**
 * The points of the selected runs' curves and their report marks, long format.
 * @param {RunSeries[]} selected
 * @param {View} view
 * @returns {Point[]}
 */
export function curvePoints(selected, view) {
  const names = seriesNames(selected.map((s) => s.run));
  /** @type {Point[]} */
  const out = [];
  for (const { run, cols } of selected) {
    const series = /** @type {string} */ (names.get(run.id));
    for (const src of view.src) {
      const raw = (cols[columnOf(view.metric, src)] ?? []).map((x) => plottable(x, view.log));
      const shown = smoothSeries(raw, view.smooth);
      raw.forEach((r, i) => {
        const epoch = cols.epoch[i];
        out.push({
          kind: "curve",
          series,
          source: SOURCE_LABEL[src],
          epoch,
          value: shown[i],
          raw: r,
        });
      });
      const rep = reportValue(run, view.metric, src);
      if (rep !== null && cols.epoch.length > 0) {
        const epoch = cols.epoch[cols.epoch.length - 1];
        const value = plottable(rep, view.log);
        out.push({ kind: "report", series, source: SOURCE_LABEL[src], epoch, value, raw: value });
      }
    }
  }
  return out;
}

/**
 * The report's published final value for a curve: test → its test column, the last training
 * window → its train column (the report's train numbers are the last window's); else null.
 * @param {PageRun} run
 * @param {"acc" | "loss"} metric
 * @param {"test" | "train" | "window"} src
 * @returns {number | null}
 */
export function reportValue(run, metric, src) {
  if (!run.report || src === "train") return null;
  if (src === "test") return metric === "acc" ? run.report.testAcc : run.report.testLoss;
  return metric === "acc" ? run.report.trainAcc : run.report.trainLoss;
}

/**
 * @param {View} view
 */
function yTitle(view) {
  const facet = view.layout === "facet";
  const base = view.metric === "acc"
    ? facet ? "Accuracy" : "Accuracy (fraction of images correct)"
    : facet
    ? "Loss"
    : "Loss (mean per image, each run's own loss)";
  return view.log ? `${base}, log scale` : base;
}

/**
 * Facet columns for `n` panels in at most `max` columns, balanced so that the last row is as
 * full as it can be (4 panels in 3 columns → 2 × 2).
 * @param {number} n
 * @param {number} max
 */
export function facetColumns(n, max) {
  const cols = Math.max(1, Math.min(n, max));
  return Math.ceil(n / Math.ceil(n / cols));
}

/**
 * The curve chart: one line per run and source, overlaid (colour = run, dash = source) or one
 * panel per run (colour = source).
 * @param {RunSeries[]} selected
 * @param {View} view
 * @param {{ width?: number }} [opts] the width the chart may take (facet layout)
 * @returns {Record<string, unknown>}
 */
export function curveSpec(selected, view, opts = {}) {
  const values = curvePoints(selected, view);
  const names = [...seriesNames(selected.map((s) => s.run)).values()];
  const sources = view.src.map((s) => SOURCE_LABEL[s]);
  const facet = view.layout === "facet";
  const colorField = facet ? "source" : "series";
  const colorDomain = facet ? sources : names;
  const x = { field: "epoch", type: "quantitative", title: "Epoch", axis: { tickMinStep: 1 } };
  const y = {
    field: "value",
    type: "quantitative",
    title: yTitle(view),
    scale: view.log ? { type: "log" } : { zero: false },
  };
  const color = {
    field: colorField,
    type: "nominal",
    title: facet ? "Curve" : "Run",
    sort: colorDomain,
    scale: { domain: colorDomain, range: PALETTE },
    legend: facet
      ? { orient: "bottom", direction: "horizontal" }
      : { orient: "right", labelLimit: 320, symbolLimit: 60 },
  };
  const layers = curveLayers({ x, y, color, colorField, sources, facet, smooth: view.smooth > 0 });
  const base = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: describeCurves(selected, view),
    data: { values },
    config: chartConfig(),
  };
  if (!facet) {
    return { ...base, width: "container", height: 380, layer: layers };
  }
  const width = opts.width ?? 900;
  const columns = facetColumns(names.length, Math.floor(width / 330));
  return {
    ...base,
    facet: { field: "series", type: "nominal", sort: names, title: null },
    columns,
    spec: { width: Math.min(420, Math.floor(width / columns) - 80), height: 200, layer: layers },
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * The layers of a curve chart: raw lines (when smoothing), lines, the hover points, report marks.
 * @param {{ x: object, y: object, color: object, colorField: string, sources: string[],
 *   facet: boolean, smooth: boolean }} o
 */
function curveLayers(o) {
  // Test solid, the train curves dashed, whichever are shown.
  const dash = o.facet ? {} : {
    strokeDash: {
      field: "source",
      type: "nominal",
      title: "Curve",
      sort: o.sources,
      scale: { domain: Object.values(SOURCE_LABEL), range: [[1, 0], [6, 3], [2, 2]] },
      legend: o.sources.length > 1 ? { orient: "right", symbolStrokeWidth: 2 } : null,
    },
  };
  const curves = { filter: "datum.kind === 'curve'" };
  const dimmed = { condition: { param: "pick", value: 1 }, value: 0.1 };
  const params = [
    { name: "pick", select: { type: "point", fields: [o.colorField] }, bind: "legend" },
    ...(o.facet ? [] : [{ name: "zoom", select: "interval", bind: "scales" }]),
  ];
  const tooltip = [
    { field: "series", title: "run" },
    { field: "source", title: "curve" },
    { field: "epoch", title: "epoch" },
    { field: "raw", title: "value", format: ".5f" },
    ...(o.smooth ? [{ field: "value", title: "smoothed", format: ".5f" }] : []),
  ];
  return [
    ...(o.smooth
      ? [{
        transform: [curves],
        mark: { type: "line", strokeWidth: 1, opacity: 0.25, clip: true },
        encoding: {
          x: o.x,
          y: { ...o.y, field: "raw" },
          color: o.color,
          ...dash,
          detail: { field: "series" },
        },
      }]
      : []),
    {
      name: "curves",
      transform: [curves],
      params,
      mark: { type: "line", strokeWidth: 2, clip: true },
      encoding: { x: o.x, y: o.y, color: o.color, ...dash, opacity: dimmed },
    },
    {
      transform: [curves],
      params: [{
        name: "hover",
        select: { type: "point", on: "pointerover", nearest: true, clear: "pointerout" },
      }],
      mark: { type: "point", filled: true, size: 70, clip: true },
      encoding: {
        x: o.x,
        y: o.y,
        color: o.color,
        opacity: { condition: { param: "hover", empty: false, value: 1 }, value: 0 },
        tooltip,
      },
    },
    {
      transform: [{ filter: "datum.kind === 'report' && datum.value !== null" }],
      mark: {
        type: "point",
        shape: "diamond",
        size: 130,
        filled: false,
        strokeWidth: 2,
        clip: true,
      },
      encoding: {
        x: o.x,
        y: o.y,
        color: o.color,
        tooltip: [
          { field: "series", title: "run" },
          { field: "source", title: "curve" },
          { field: "raw", title: "report's final value", format: ".5f" },
        ],
      },
    },
  ];
}

/** Fonts, sizes and colours shared by the page's charts. */
export function chartConfig() {
  return {
    font: FONT,
    background: "white",
    padding: 8,
    axis: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#e8e8e8" },
    legend: { labelFontSize: 12, titleFontSize: 12, symbolStrokeWidth: 2.5 },
    header: { labelFontSize: 12, labelFontWeight: "bold" },
    view: { stroke: "#bbb" },
  };
}

/**
 * @param {number | null | undefined} x
 * @param {number} digits
 */
function fmt(x, digits) {
  return x === null || x === undefined || !Number.isFinite(x) ? "no value" : x.toFixed(digits);
}

/**
 * The curve chart in words: what is plotted, then each run's final value, best value, and the
 * report's value.
 * @param {RunSeries[]} selected
 * @param {View} view
 * @returns {string}
 */
export function describeCurves(selected, view) {
  if (selected.length === 0) return "No runs selected: tick runs in the table to plot them.";
  const word = view.metric === "acc" ? "accuracy" : "loss";
  const names = seriesNames(selected.map((s) => s.run));
  const head = `${word[0].toUpperCase()}${word.slice(1)} per epoch of ${selected.length} ` +
    `run(s), ${view.src.map((s) => SOURCE_LABEL[s]).join(" and ")}` +
    `${view.log ? ", log scale" : ""}${view.smooth > 0 ? `, smoothed (${view.smooth})` : ""}.`;
  const lines = selected.flatMap(({ run, cols }) =>
    view.src.map((src) => {
      const ys = cols[columnOf(view.metric, src)] ?? [];
      const best = bestIndex(ys, view.metric === "acc");
      const rep = reportValue(run, view.metric, src);
      return `${names.get(run.id)}, ${SOURCE_LABEL[src]}: ${fmt(ys[ys.length - 1], 4)} after ` +
        `${ys.length} epochs` +
        (best >= 0 ? `, best ${fmt(ys[best], 4)} at epoch ${cols.epoch[best]}` : "") +
        (rep !== null ? `; report ${fmt(rep, 4)}` : "") + ".";
    })
  );
  return [head, ...lines].join(" ");
}

/**
 * Index of the largest (or smallest) finite value, -1 if none.
 * @param {number[]} ys
 * @param {boolean} max
 */
function bestIndex(ys, max) {
  let best = -1;
  ys.forEach((y, i) => {
    if (!Number.isFinite(y)) return;
    if (best < 0 || (max ? y > ys[best] : y < ys[best])) best = i;
  });
  return best;
}

/**
 * The timing settings the data has, "<backend>-t<threads>", in first-seen order.
 * @param {PageTiming[]} timing
 * @returns {string[]}
 */
export function timingSettings(timing) {
  return [...new Set(timing.map((t) => `${t.backend}-t${t.threads}`))];
}

/**
 * Time per epoch of every activation/loss pair, both networks side by side, for one setting.
 * @param {PageTiming[]} timing
 * @param {string} setting "<backend>-t<threads>"
 * @returns {Record<string, unknown>}
 */
export function timingSpec(timing, setting) {
  const rows = timing.filter((t) => `${t.backend}-t${t.threads}` === setting);
  const pairs = [...new Set(rows.map((t) => t.pair))];
  const networks = [...new Set(rows.map((t) => t.network))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: describeTiming(rows, setting),
    data: { values: rows },
    width: "container",
    height: 340,
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "pair", type: "nominal", sort: pairs, title: null, axis: { labelAngle: -30 } },
      xOffset: { field: "network", type: "nominal", sort: networks },
      y: { field: "epochS", type: "quantitative", title: "Time per epoch (seconds)" },
      color: {
        field: "network",
        type: "nominal",
        title: "Network",
        sort: networks,
        scale: { range: [PALETTE[0], PALETTE[1]] },
        legend: { orient: "bottom", labelLimit: 400 },
      },
      tooltip: [
        { field: "pair", title: "activation + loss" },
        { field: "network", title: "network" },
        { field: "epochS", title: "seconds per epoch", format: ".3f" },
        { field: "stepMs", title: "ms per step", format: ".3f" },
      ],
    },
    config: chartConfig(),
  };
}

/**
 * The timing chart in words.
 * @param {PageTiming[]} rows one setting's rows
 * @param {string} setting
 */
export function describeTiming(rows, setting) {
  if (rows.length === 0) return `No timing rows for ${setting}.`;
  const sorted = rows.slice().sort((a, b) => a.epochS - b.epochS);
  const f = (/** @type {PageTiming} */ t) => `${t.pair}, ${t.network} (${t.epochS.toFixed(2)} s)`;
  return `Seconds per training epoch, ${setting}, ${rows.length} bars. Fastest: ` +
    `${f(sorted[0])}; slowest: ${f(sorted[sorted.length - 1])}.`;
}
