// @ts-check
/** The runs table's model: its columns, the text of each cell, text/regex filtering, sorting. */

/** @typedef {import("../page_data.ts").PageRun} PageRun */

/**
 * @typedef {object} Column
 * @property {string} key stable id (used in the URL)
 * @property {string} label header text
 * @property {string} help what the column holds (the header's tooltip)
 * @property {(r: PageRun) => string | number | null} value what it sorts by
 * @property {number} [digits] decimals of a number column
 * @property {boolean} [signed] show a + on positive numbers (differences)
 */

/**
 * @param {number | null | undefined} a
 * @param {number | null | undefined} b
 */
function diff(a, b) {
  return a === null || a === undefined || b === null || b === undefined ? null : a - b;
}

/** @type {Column[]} */
export const COLUMNS = [
  {
    key: "section",
    label: "Section",
    help: "experiment (results/<section>/)",
    value: (r) => r.section,
  },
  { key: "run", label: "Run", help: "run name (file stem)", value: (r) => r.name },
  { key: "act", label: "Activation", help: "activation function", value: (r) => r.activation },
  { key: "loss", label: "Loss", help: "loss function", value: (r) => r.loss },
  { key: "hidden", label: "Hidden", help: "hidden layer widths", value: (r) => r.hidden },
  { key: "lr", label: "LR", help: "learning rate", value: (r) => r.learningRate },
  { key: "bs", label: "Batch", help: "batch size", value: (r) => r.batchSize },
  { key: "mom", label: "Mom.", help: "momentum", value: (r) => r.momentum },
  { key: "wd", label: "WD", help: "weight decay", value: (r) => r.weightDecay },
  {
    key: "acc",
    label: "Test acc",
    help: "test accuracy after the last epoch",
    value: (r) => r.finalTestAcc,
    digits: 4,
  },
  {
    key: "peak",
    label: "Peak acc",
    help: "best test accuracy of any epoch",
    value: (r) => r.peakTestAcc,
    digits: 4,
  },
  {
    key: "racc",
    label: "Report acc",
    help: "the original report's test accuracy",
    value: (r) => r.report?.testAcc ?? null,
    digits: 4,
  },
  {
    key: "dacc",
    label: "Δ acc",
    help: "our final test accuracy minus the report's",
    value: (r) => diff(r.finalTestAcc, r.report?.testAcc),
    digits: 4,
    signed: true,
  },
  {
    key: "tloss",
    label: "Test loss",
    help: "test loss after the last epoch (the run's own loss function)",
    value: (r) => r.finalTestLoss,
    digits: 4,
  },
  {
    key: "dloss",
    label: "Δ loss",
    help: "our final test loss minus the report's",
    value: (r) => diff(r.finalTestLoss, r.report?.testLoss),
    digits: 4,
    signed: true,
  },
  { key: "epochs", label: "Epochs", help: "epochs in the CSV", value: (r) => r.epochs },
  {
    key: "status",
    label: "Status",
    help: "ok, or diverged (non-finite values)",
    value: (r) => r.status,
  },
  {
    key: "sec",
    label: "s/epoch",
    help: "mean training seconds per epoch (machine time)",
    value: (r) => r.secondsPerEpoch,
    digits: 2,
  },
  {
    key: "ref",
    label: "Reference",
    help: "this run's CSV compared with the committed reference, bit for bit",
    value: (r) => r.reference,
  },
];

/**
 * A cell as the table shows it; "" for no value, "—" where there is no report row.
 * @param {PageRun} run
 * @param {Column} col
 * @returns {string}
 */
export function cellText(run, col) {
  const v = col.value(run);
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (col.digits === undefined) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const text = v.toFixed(col.digits);
  if (!col.signed) return text;
  // A difference that rounds to zero has no sign (not "-0.0000").
  if (Math.abs(v) < 0.5 * Math.pow(10, -col.digits)) return (0).toFixed(col.digits);
  return v > 0 ? `+${text}` : text;
}

/**
 * What the filter searches: run id, label, activation, loss, hidden widths, status, reference.
 * @param {PageRun} r
 */
export function searchText(r) {
  return [r.id, r.label, r.activation, r.loss, r.hidden, r.status, r.reference].join(" ");
}

/**
 * A filter query as a test: "/re/flags" is a regular expression; anything else is words that
 * must all occur (case-insensitive). A bad regular expression is an error message, not a throw.
 * @param {string} query
 * @returns {{ test: (r: PageRun) => boolean, error: string | null }}
 */
export function compileFilter(query) {
  const q = query.trim();
  const re = /^\/(.*)\/([a-z]*)$/.exec(q);
  if (re) {
    try {
      const rx = new RegExp(re[1], re[2]);
      return { test: (r) => rx.test(searchText(r)), error: null };
    } catch (e) {
      return {
        test: () => true,
        error: `bad regular expression: ${/** @type {Error} */ (e).message}`,
      };
    }
  }
  const words = q.toLowerCase().split(/\s+/).filter((w) => w !== "");
  return {
    test: (r) => {
      const text = searchText(r).toLowerCase();
      return words.every((w) => text.includes(w));
    },
    error: null,
  };
}

/**
 * Runs sorted by a column (stable: ties keep the study's order); "—" cells sort last.
 * @param {PageRun[]} runs
 * @param {string} key a column key
 * @param {boolean} desc
 * @returns {PageRun[]}
 */
export function sortRuns(runs, key, desc) {
  const col = COLUMNS.find((c) => c.key === key);
  if (!col) return runs.slice();
  const sign = desc ? -1 : 1;
  return runs.map((r, i) => ({ r, i, v: col.value(r) })).sort((a, b) => {
    const an = a.v === null || (typeof a.v === "number" && Number.isNaN(a.v));
    const bn = b.v === null || (typeof b.v === "number" && Number.isNaN(b.v));
    if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
    const c = typeof a.v === "number" && typeof b.v === "number"
      ? a.v - b.v
      : String(a.v).localeCompare(String(b.v), "en");
    return c === 0 ? a.i - b.i : sign * c;
  }).map((x) => x.r);
}
