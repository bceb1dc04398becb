/**
 * The project's one CSV reader and writer. Every CSV the project reads (run CSVs, summary.csv,
 * timing.csv, the report's tables) goes through `readCsvTable`, whose errors name the file, the
 * line and the column; every CSV it writes goes through `formatCsv`. Floats are written in
 * shortest round-trip form (`String(x)`, so NaN and ±Infinity too) so that diffs are exact.
 */

/** A malformed CSV: the message names the file, line and column. */
export class CsvError extends Error {
  override name = "CsvError";
}

/** One epoch of a run: a row of its CSV (NaN where a diverged epoch has no value). */
export interface EpochRow {
  /** 0-based epoch. */
  epoch: number;
  /** Mean over the epoch's training windows of their mean step loss. */
  trainLoss: number;
  /** Mean over the epoch's training windows of their mean batch accuracy. */
  trainAcc: number;
  /** The epoch's last window's mean loss (the diverging loss when a run diverged). */
  windowLoss: number;
  /** The epoch's last window's mean accuracy. */
  windowAcc: number;
  /** Mean loss over the test batches after the epoch. */
  testLoss: number;
  /** Mean accuracy over the test batches after the epoch. */
  testAcc: number;
  /** Training time of the epoch (machine dependent; every other column is exact). */
  seconds: number;
}

/** The run CSV's header, in EpochRow's field order. */
export const RUN_CSV_COLUMNS = [
  "epoch",
  "train_loss",
  "train_acc",
  "window_loss",
  "window_acc",
  "test_loss",
  "test_acc",
  "seconds",
] as const;

const FIELDS: (keyof EpochRow)[] = [
  "epoch",
  "trainLoss",
  "trainAcc",
  "windowLoss",
  "windowAcc",
  "testLoss",
  "testAcc",
  "seconds",
];

// ---------------------------------------------------------------------------------------------
// Writing

/** One cell as CSV text: quoted (quotes doubled) only when it holds a comma, quote or newline. */
export function csvCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** A whole CSV file: header, rows, "\n" line ends and a final line break. */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

/** A run CSV; String(x) is the shortest text that parses back to the same float64. */
export function formatRunCsv(rows: readonly EpochRow[]): string {
  return formatCsv(RUN_CSV_COLUMNS, rows.map((r) => FIELDS.map((f) => String(r[f]))));
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line numbers in the file. */
  rows: { line: number; cells: string[] }[];
}

/**
 * Comma-separated text with optional double-quoted fields ("" inside for a quote), LF or CRLF
 * line ends; blank lines are skipped. Every row must have as many fields as the header.
 */
export function readCsvTable(text: string, file: string): CsvTable {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const out: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    out.push({ line: i + 1, cells: splitCsvLine(lines[i], file, i + 1) });
  }
  if (out.length === 0) throw new CsvError(`${file}: empty file, expected a header line`);
  const [head, ...rows] = out;
  for (const r of rows) {
    if (r.cells.length !== head.cells.length) {
      throw new CsvError(
        `${file}:${r.line}: ${r.cells.length} fields, expected ${head.cells.length} (as in the header)`,
      );
    }
  }
  return { header: head.cells, rows };
}

/** The quoted field starting at line[i] (a quote): its value and the index after its end. */
function quotedField(line: string, i: number, where: string): { value: string; end: number } {
  let value = "";
  let j = i + 1;
  while (true) {
    if (j >= line.length) throw new CsvError(`${where}:${i + 1}: unterminated quoted field`);
    if (line[j] === '"') {
      if (line[j + 1] !== '"') break;
      value += '"';
      j += 2;
      continue;
    }
    value += line[j++];
  }
  return { value, end: j + 1 };
}

function splitCsvLine(line: string, file: string, lineNo: number): string[] {
  const cells: string[] = [];
  let i = 0;
  while (true) {
    if (line[i] === '"') {
      const { value, end } = quotedField(line, i, `${file}:${lineNo}`);
      cells.push(value);
      i = end;
      if (i < line.length && line[i] !== ",") {
        throw new CsvError(`${file}:${lineNo}:${i + 1}: expected "," after a quoted field`);
      }
    } else {
      const j = line.indexOf(",", i);
      cells.push((j < 0 ? line.slice(i) : line.slice(i, j)).trim());
      i = j < 0 ? line.length : j;
    }
    if (i >= line.length) break;
    i++; // skip the comma
  }
  return cells;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Strict number: decimal and exponent forms, plus "NaN", "Infinity" and "-Infinity" (how String(x)
 * writes them, and bench/numpy_baseline.py too); anything else is undefined.
 */
export function parseNumberCell(cell: string): number | undefined {
  if (NUMBER_RE.test(cell)) return Number(cell);
  if (cell === "NaN") return NaN;
  if (cell === "Infinity") return Infinity;
  if (cell === "-Infinity") return -Infinity;
  return undefined;
}

/** Typed access to one table's cells; a bad cell is reported by file:line:column and name. */
export class CsvCells {
  private index = new Map<string, number>();
  constructor(readonly table: CsvTable, private file: string, required: readonly string[]) {
    table.header.forEach((h, i) => this.index.set(h, i));
    const missing = required.filter((c) => !this.index.has(c));
    if (missing.length > 0) {
      throw new CsvError(
        `${file}:1: header lacks column(s) ${missing.join(", ")}; expected ${required.join(",")}`,
      );
    }
  }
  /** "file:line:col (column "name")" of a cell. */
  where(row: number, col: string): string {
    const c = this.index.get(col)!;
    return `${this.file}:${this.table.rows[row].line}:${c + 1} (column "${col}")`;
  }
  str(row: number, col: string): string {
    return this.table.rows[row].cells[this.index.get(col)!];
  }
  num(row: number, col: string): number {
    const cell = this.str(row, col);
    const v = parseNumberCell(cell);
    if (v === undefined) throw new CsvError(`${this.where(row, col)}: "${cell}" is not a number`);
    return v;
  }
  /** A number, or null for an empty cell. */
  optNum(row: number, col: string): number | null {
    return this.str(row, col) === "" ? null : this.num(row, col);
  }
  int(row: number, col: string, min: number): number {
    const v = this.num(row, col);
    if (!Number.isInteger(v) || v < min) {
      throw new CsvError(
        `${this.where(row, col)}: "${this.str(row, col)}" is not an integer >= ${min}`,
      );
    }
    return v;
  }
}

/** A table whose header must be exactly `columns`, with typed cell access. */
export function readCsvExact(text: string, file: string, columns: readonly string[]): CsvCells {
  const table = readCsvTable(text, file);
  if (table.header.join(",") !== columns.join(",")) {
    throw new CsvError(`${file}:1: header "${table.header.join(",")}", expected "${columns}"`);
  }
  return new CsvCells(table, file, columns);
}

/** A run CSV; the header must be exactly RUN_CSV_COLUMNS and epochs must count 0, 1, 2, … */
export function parseRunCsv(text: string, file = "<csv>"): EpochRow[] {
  const c = readCsvExact(text, file, RUN_CSV_COLUMNS);
  return c.table.rows.map((_, i) => {
    const epoch = c.int(i, "epoch", 0);
    if (epoch !== i) throw new CsvError(`${c.where(i, "epoch")}: ${epoch}, expected ${i}`);
    const row = { epoch } as EpochRow;
    RUN_CSV_COLUMNS.forEach((col, j) => {
      if (j > 0) row[FIELDS[j]] = c.num(i, col);
    });
    return row;
  });
}
