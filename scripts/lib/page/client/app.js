/**
 * The results page in the browser: reads the embedded study, draws the runs table, the chart
 * and the provenance, and keeps the view in the URL hash. Runs after the Vega bundles.
 */
import { parseRunColumns, selectedRunsCsv } from "./csv.js";
import { cellText, COLUMNS, compileFilter, sortRuns } from "./table.js";
import { decodeView, defaultView, encodeView, SOURCES } from "./state.js";
import { curveSpec, SOURCE_LABEL, timingSettings, timingSpec } from "./spec.js";

/** @type {any} the embedded PageData */
const DATA = JSON.parse(document.getElementById("page-data").textContent);
const RUNS = new Map(DATA.runs.map((r) => [r.id, r]));
const RUN_IDS = new Set(RUNS.keys());
const PRESETS = new Map(DATA.presets.map((p) => [p.id, p]));
const RENDERER = new URLSearchParams(location.search).get("renderer") === "svg" ? "svg" : "canvas";
const $ = (id) => document.getElementById(id);

let view = defaultView();
/** Bumped per draw, so a slow embed that finishes late does not replace a newer chart. */
let drawId = 0;
/** @type {{ finalize(): void } | null} */
let embedded = null;
const parsed = new Map();

function columnsOf(id) {
  if (!parsed.has(id)) parsed.set(id, parseRunColumns(RUNS.get(id).csv).columns);
  return parsed.get(id);
}

/** Applies a preset's view, keeping the table's filter and sort. */
function presetView(id) {
  const p = PRESETS.get(id);
  const v = {
    ...defaultView(),
    ...p.view,
    preset: id,
    q: view.q,
    sort: view.sort,
    desc: view.desc,
  };
  return v;
}

/** Sets the view from a user action: any change but the table's own drops the preset tag. */
function update(patch, keepPreset = false) {
  view = { ...view, ...patch, preset: keepPreset ? view.preset : "" };
  render();
}

function render() {
  const hash = encodeView(view);
  if (location.hash.replace(/^#/, "") !== hash) history.replaceState(null, "", `#${hash}`);
  renderControls();
  renderTable();
  renderChart();
  renderProvenance();
}

// ---------------------------------------------------------------------------------------------
// Controls

function renderControls() {
  $("preset").value = PRESETS.has(view.preset) ? view.preset : "";
  for (const el of document.querySelectorAll("input[name=metric]")) {
    el.checked = el.value === view.metric;
  }
  for (const el of document.querySelectorAll("input[name=src]")) {
    el.checked = view.src.includes(el.value);
  }
  for (const el of document.querySelectorAll("input[name=layout]")) {
    el.checked = el.value === view.layout;
  }
  $("log").checked = view.log;
  $("smooth").value = String(view.smooth);
  $("smooth-out").textContent = view.smooth.toFixed(2);
  const settings = timingSettings(DATA.timing);
  $("timing").value = view.timing || settings[0] || "";
  const curves = view.chart === "curves";
  $("curve-controls").hidden = !curves;
  $("timing-controls").hidden = curves;
  $("how").hidden = !curves;
  $("show-timing").setAttribute("aria-pressed", String(!curves));
  $("show-timing").disabled = settings.length === 0;
  const p = PRESETS.get(view.preset);
  $("figure-link").hidden = !p;
  if (p) $("figure-link").href = p.figure;
}

function setupControls() {
  const sel = $("preset");
  const groups = new Map();
  for (const p of DATA.presets) {
    if (!groups.has(p.group)) {
      const g = document.createElement("optgroup");
      g.label = p.group;
      groups.set(p.group, g);
      sel.append(g);
    }
    groups.get(p.group).append(new Option(p.caption, p.id));
  }
  sel.addEventListener("change", () => {
    if (sel.value) view = presetView(sel.value);
    render();
  });
  on("input[name=metric]", "change", (el) => update({ metric: el.value }));
  on("input[name=src]", "change", () => {
    const src = SOURCES.filter((s) =>
      document.querySelector(`input[name=src][value=${s}]`).checked
    );
    update({ src: src.length > 0 ? src : ["test"] });
  });
  on("input[name=layout]", "change", (el) => update({ layout: el.value }));
  $("log").addEventListener("change", () => update({ log: $("log").checked }));
  $("smooth").addEventListener("change", () => update({ smooth: Number($("smooth").value) }));
  $("smooth").addEventListener("input", () => {
    $("smooth-out").textContent = Number($("smooth").value).toFixed(2);
  });
  for (const s of timingSettings(DATA.timing)) $("timing").append(new Option(s, s));
  $("timing").addEventListener(
    "change",
    () => update({ chart: "timing", timing: $("timing").value }),
  );
  $("show-timing").addEventListener("click", () => {
    update({ chart: view.chart === "timing" ? "curves" : "timing" });
  });
  $("clear").addEventListener("click", () => update({ runs: [], chart: "curves" }));
  $("download-csv").addEventListener("click", downloadCsv);
  $("copy-link").addEventListener("click", copyLink);
}

function on(selector, event, fn) {
  for (const el of document.querySelectorAll(selector)) el.addEventListener(event, () => fn(el));
}

function downloadCsv() {
  const runs = view.runs.map((id) => RUNS.get(id));
  const text = selectedRunsCsv(runs);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  a.download = runs.length === 1 ? `${runs[0].id.replace("/", "__")}.csv` : "selected_runs.csv";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function copyLink() {
  const status = $("link-status");
  try {
    await navigator.clipboard.writeText(location.href);
    status.textContent = "Link copied.";
  } catch {
    status.textContent = "Copy the address bar: it holds this view.";
  }
}

// ---------------------------------------------------------------------------------------------
// Table

function setupTable() {
  const head = $("runs-head");
  const tr = document.createElement("tr");
  const pick = document.createElement("th");
  pick.scope = "col";
  pick.innerHTML = '<span class="sr-only">Plot</span>';
  tr.append(pick);
  for (const c of COLUMNS) {
    const th = document.createElement("th");
    th.scope = "col";
    th.dataset.key = c.key;
    if (c.digits !== undefined) th.className = "num";
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = c.label;
    b.title = `${c.help} — sort`;
    b.addEventListener("click", () => {
      const desc = view.sort === c.key ? !view.desc : false;
      update({ sort: c.key, desc }, true);
    });
    th.append(b);
    tr.append(th);
  }
  head.append(tr);
  const body = $("runs-body");
  for (const r of DATA.runs) body.append(tableRow(r));
  $("filter").addEventListener("input", () => update({ q: $("filter").value }, true));
}

function tableRow(r) {
  const tr = document.createElement("tr");
  tr.dataset.run = r.id;
  const td = document.createElement("td");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.id = `pick-${r.id}`;
  box.setAttribute("aria-label", `Plot ${r.id}`);
  box.addEventListener("change", () => toggleRun(r.id, box.checked));
  td.append(box);
  tr.append(td);
  for (const c of COLUMNS) {
    const cell = document.createElement(c.key === "run" ? "th" : "td");
    if (c.key === "run") cell.scope = "row";
    const text = cellText(r, c);
    cell.textContent = text;
    if (c.digits !== undefined) cell.className = "num";
    if (c.key === "status" && text !== "ok") cell.classList.add("bad");
    if (c.key === "ref") cell.classList.add(text === "identical" ? "good" : "warn");
    if (c.signed && text !== "—") cell.classList.add(deltaClass(c.value(r)));
    tr.append(cell);
  }
  return tr;
}

function deltaClass(d) {
  return Math.abs(d) < 5e-5 ? "same" : d > 0 ? "up" : "down";
}

function toggleRun(id, on) {
  const runs = view.runs.filter((x) => x !== id);
  if (on) runs.push(id);
  update({ runs, chart: "curves" });
}

function renderTable() {
  if ($("filter").value !== view.q) $("filter").value = view.q;
  const f = compileFilter(view.q);
  $("filter-error").textContent = f.error ?? "";
  const order = view.sort ? sortRuns(DATA.runs, view.sort, view.desc) : DATA.runs;
  const body = $("runs-body");
  let shown = 0;
  for (const r of order) {
    const tr = body.querySelector(`tr[data-run="${CSS.escape(r.id)}"]`);
    const visible = f.test(r);
    tr.hidden = !visible;
    shown += visible ? 1 : 0;
    tr.querySelector("input").checked = view.runs.includes(r.id);
    tr.classList.toggle("picked", view.runs.includes(r.id));
    body.append(tr);
  }
  $("runs-count").textContent = `${shown} of ${DATA.runs.length} runs shown, ` +
    `${view.runs.length} selected`;
  for (const th of $("runs-head").querySelectorAll("th[data-key]")) {
    const key = th.dataset.key;
    th.setAttribute(
      "aria-sort",
      key !== view.sort ? "none" : view.desc ? "descending" : "ascending",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Chart

function chartSpec() {
  if (view.chart === "timing") {
    const setting = view.timing || timingSettings(DATA.timing)[0];
    return { spec: timingSpec(DATA.timing, setting), title: `Time per epoch — ${setting}` };
  }
  const selected = view.runs.map((id) => ({ run: RUNS.get(id), cols: columnsOf(id) }));
  const spec = curveSpec(selected, view, { width: $("chart").clientWidth || 900 });
  const what = `${view.metric === "acc" ? "Accuracy" : "Loss"}: ${
    view.src.map((s) => SOURCE_LABEL[s]).join(", ")
  }`;
  return { spec, title: `${what} — ${selected.length} run(s)` };
}

/** "<group>: <caption>", without the group when the caption already says it. */
function presetTitle(p) {
  const same = p.caption.toLowerCase().includes(p.group.toLowerCase());
  return same ? p.caption : `${p.group}: ${p.caption}`;
}

async function renderChart() {
  const id = ++drawId;
  const { spec, title } = chartSpec();
  const p = PRESETS.get(view.preset);
  $("chart-title").textContent = p ? presetTitle(p) : title;
  $("chart-desc").textContent = spec.description;
  $("chart").setAttribute("aria-label", spec.description);
  const empty = view.chart === "curves" && view.runs.length === 0;
  $("chart-empty").hidden = !empty;
  if (embedded) embedded.finalize();
  embedded = null;
  $("chart").replaceChildren();
  if (empty) return;
  const result = await vegaEmbed("#chart", spec, {
    renderer: RENDERER,
    actions: { export: true, source: false, compiled: false, editor: false },
    downloadFileName: (view.preset || "mlpbench_chart").replaceAll("/", "__"),
  });
  if (id !== drawId) result.finalize();
  else embedded = result;
}

// ---------------------------------------------------------------------------------------------
// Provenance

function renderProvenance() {
  const body = $("prov-runs");
  body.replaceChildren();
  const ids = view.runs.length > 0 ? view.runs : [];
  $("prov-empty").hidden = ids.length > 0;
  for (const id of ids) {
    const r = RUNS.get(id);
    const tr = document.createElement("tr");
    const cells = [
      r.id,
      r.configHash ?? "—",
      [r.engineVersion, r.denoVersion, r.backend].map((x) => x ?? "—").join(" / "),
      r.sameAs ? `copy of ${r.sameAs}` : "computed",
      `deno task reproduce --only '${r.id}'`,
    ];
    cells.forEach((text, i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      if (i === 1 || i === 4) {
        const code = document.createElement("code");
        code.textContent = text;
        td.append(code);
      } else td.textContent = text;
      tr.append(td);
    });
    body.append(tr);
  }
}

function main() {
  setupControls();
  setupTable();
  const fromHash = () => {
    const h = location.hash.replace(/^#/, "");
    view = h === "" ? presetView(DATA.defaultPreset) : decodeView(h, RUN_IDS);
    if (
      view.preset && PRESETS.has(view.preset) && view.runs.length === 0 && view.chart === "curves"
    ) {
      view = { ...presetView(view.preset), q: view.q, sort: view.sort, desc: view.desc };
    }
    render();
  };
  addEventListener("hashchange", () => {
    if (location.hash.replace(/^#/, "") !== encodeView(view)) fromHash();
  });
  fromHash();
}

main();
