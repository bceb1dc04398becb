/**
 * The golden diff engine: compares two result sets (run CSVs + summary) number by number.
 * Pure: texts in, differences out. Numbers are compared as parsed float64 values, exactly
 * (NaN equals NaN); text cells as strings. Machine-time columns are skipped. A malformed CSV is
 * a CsvError (core/csv.ts), not a difference.
 */
import { parseNumberCell, readCsvTable } from "../../core/csv.ts";
import { textTable } from "./text_table.ts";

export interface ResultSet {
  /** Run name -> run CSV text. */
  runs: ReadonlyMap<string, string>;
  /** summary.csv text, if the set has one. */
  summary?: string;
}

export interface Difference {
  run: string;
  column: string;
  /** Epoch of the row, "summary" for summary.csv, "" for file-level differences. */
  epoch: string;
  golden: string;
  new: string;
  /** new − golden for numbers, a short word otherwise. */
  change: string;
}

/** Wall-clock columns: they measure the machine, not the computation. */
export const IGNORED_COLUMNS = ["seconds"] as const;

interface Table {
  columns: string[];
  rows: string[][];
}

function parseTable(text: string, file: string): Table {
  const t = readCsvTable(text, file);
  return { columns: t.header, rows: t.rows.map((r) => r.cells) };
}

function sameCell(g: string, n: string): { same: boolean; change: string } {
  const a = parseNumberCell(g);
  const b = parseNumberCell(n);
  if (a !== undefined && b !== undefined) {
    const same = a === b || (Number.isNaN(a) && Number.isNaN(b));
    return { same, change: same ? "" : String(b - a) };
  }
  return { same: g === n, change: "changed" };
}

/** Where a row's differences are reported: run name and epoch label from the row's key. */
type Locate = (key: string) => { run: string; epoch: string };

function diffTables(
  label: string,
  golden: Table,
  fresh: Table,
  keyColumn: string,
  locate: Locate,
  out: Difference[],
) {
  const ignored: readonly string[] = IGNORED_COLUMNS;
  if (golden.columns.join(",") !== fresh.columns.join(",")) {
    out.push({
      run: label,
      column: "(header)",
      epoch: "",
      golden: golden.columns.join(" "),
      new: fresh.columns.join(" "),
      change: "columns differ",
    });
    return;
  }
  const k = golden.columns.indexOf(keyColumn);
  const index = (t: Table) => new Map(t.rows.map((r) => [r[k], r]));
  const g = index(golden);
  const n = index(fresh);
  for (const [key, grow] of g) {
    const nrow = n.get(key);
    if (nrow === undefined) {
      out.push({
        ...locate(key),
        column: "(row)",
        golden: "present",
        new: "missing",
        change: "row missing",
      });
      continue;
    }
    golden.columns.forEach((col, i) => {
      if (i === k || ignored.includes(col)) return;
      const gc = grow[i] ?? "";
      const nc = nrow[i] ?? "";
      const { same, change } = sameCell(gc, nc);
      if (!same) out.push({ ...locate(key), column: col, golden: gc, new: nc, change });
    });
  }
  for (const key of n.keys()) {
    if (!g.has(key)) {
      out.push({
        ...locate(key),
        column: "(row)",
        golden: "missing",
        new: "present",
        change: "extra row",
      });
    }
  }
}

/** Every difference between a golden result set and a fresh one, in a stable order. */
export function diffResults(golden: ResultSet, fresh: ResultSet): Difference[] {
  const out: Difference[] = [];
  const names = [...new Set([...golden.runs.keys(), ...fresh.runs.keys()])].sort();
  for (const run of names) {
    const g = golden.runs.get(run);
    const n = fresh.runs.get(run);
    if (g === undefined || n === undefined) {
      out.push({
        run,
        column: "(run)",
        epoch: "",
        golden: g === undefined ? "missing" : "present",
        new: n === undefined ? "missing" : "present",
        change: g === undefined ? "extra run" : "missing run",
      });
      continue;
    }
    const [gt, nt] = [parseTable(g, `${run}.csv (committed)`), parseTable(n, `${run}.csv (new)`)];
    diffTables(run, gt, nt, "epoch", (epoch) => ({ run, epoch }), out);
  }
  if (golden.summary !== undefined || fresh.summary !== undefined) {
    if (golden.summary === undefined || fresh.summary === undefined) {
      out.push({
        run: "summary.csv",
        column: "(file)",
        epoch: "summary",
        golden: golden.summary === undefined ? "missing" : "present",
        new: fresh.summary === undefined ? "missing" : "present",
        change: "file differs",
      });
    } else {
      // Summary rows are keyed by run name; their differences show under that run, epoch "summary".
      diffTables(
        "summary.csv",
        parseTable(golden.summary, "summary.csv (committed)"),
        parseTable(fresh.summary, "summary.csv (new)"),
        "run",
        (run) => ({ run, epoch: "summary" }),
        out,
      );
    }
  }
  return out;
}

/** A plain-text table of differences (the first `limit`, then a count of the rest). */
export function formatDifferences(diffs: Difference[], limit = 60): string {
  const head: Difference = {
    run: "run",
    column: "column",
    epoch: "epoch",
    golden: "committed",
    new: "new",
    change: "change",
  };
  const shown = diffs.slice(0, limit);
  const cols = ["run", "column", "epoch", "golden", "new", "change"] as const;
  const table = textTable([head, ...shown].map((d) => cols.map((c) => d[c])), {
    gap: " | ",
    rule: true,
  });
  const more = diffs.length > limit ? [`... and ${diffs.length - limit} more differences`] : [];
  return [table, ...more].join("\n");
}
