// @ts-check
/**
 * The page's view as data, and its URL hash form ("#runs=a,b&metric=loss"), so that a view can
 * be linked. Only what differs from the default is written, keys in a fixed order.
 */

/**
 * @typedef {object} View
 * @property {"curves" | "timing"} chart which chart is shown
 * @property {string[]} runs selected run ids, in selection order
 * @property {"acc" | "loss"} metric accuracy or loss
 * @property {("test" | "train" | "window")[]} src test pass, train epoch mean, last train window
 * @property {"overlay" | "facet"} layout one chart, or one panel per run
 * @property {boolean} log log-scale y axis
 * @property {number} smooth smoothing weight in [0, 0.99]
 * @property {string} q the table filter
 * @property {string} sort the table's sort column key ("" for the study's order)
 * @property {boolean} desc descending sort
 * @property {string} timing the timing chart's setting, "<backend>-t<threads>"
 * @property {string} preset the preset (figure id) the view came from, "" once changed
 */

/** @type {readonly ("test" | "train" | "window")[]} */
export const SOURCES = ["test", "train", "window"];

/** @returns {View} */
export function defaultView() {
  return {
    chart: "curves",
    runs: [],
    metric: "acc",
    src: ["test"],
    layout: "overlay",
    log: false,
    smooth: 0,
    q: "",
    sort: "",
    desc: false,
    timing: "",
    preset: "",
  };
}

/**
 * The hash (without "#") of a view: only fields that differ from the default, in a fixed order.
 * @param {View} view
 * @returns {string}
 */
export function encodeView(view) {
  const d = defaultView();
  const p = new URLSearchParams();
  if (view.preset) p.set("preset", view.preset);
  if (view.chart !== d.chart) p.set("chart", view.chart);
  if (view.runs.length > 0) p.set("runs", view.runs.join(","));
  if (view.metric !== d.metric) p.set("metric", view.metric);
  if (view.src.join(",") !== d.src.join(",")) p.set("src", view.src.join(","));
  if (view.layout !== d.layout) p.set("layout", view.layout);
  if (view.log) p.set("log", "1");
  if (view.smooth > 0) p.set("smooth", String(view.smooth));
  if (view.q) p.set("q", view.q);
  if (view.sort) p.set("sort", (view.desc ? "-" : "") + view.sort);
  if (view.timing) p.set("timing", view.timing);
  return p.toString();
}

/**
 * The view a hash describes; unknown runs and bad values fall back to the default, so an old
 * or edited link still opens.
 * @param {string} hash with or without "#"
 * @param {ReadonlySet<string>} runIds the runs the page has
 * @returns {View}
 */
export function decodeView(hash, runIds) {
  const p = new URLSearchParams(hash.replace(/^#/, ""));
  const v = defaultView();
  const get = (/** @type {string} */ k) => p.get(k) ?? "";
  v.preset = get("preset");
  if (get("chart") === "timing") v.chart = "timing";
  v.runs = [...new Set(get("runs").split(",").filter((r) => runIds.has(r)))];
  if (get("metric") === "loss") v.metric = "loss";
  if (p.has("src")) {
    const src = SOURCES.filter((s) => get("src").split(",").includes(s));
    if (src.length > 0) v.src = src;
  }
  if (get("layout") === "facet") v.layout = "facet";
  v.log = get("log") === "1";
  const s = Number(get("smooth"));
  if (Number.isFinite(s)) v.smooth = Math.min(0.99, Math.max(0, s));
  v.q = get("q");
  const sort = get("sort");
  v.desc = sort.startsWith("-");
  v.sort = sort.replace(/^-/, "");
  v.timing = get("timing");
  return v;
}
