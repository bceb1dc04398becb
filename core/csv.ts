/** The per-epoch CSV every run writes; floats in shortest round-trip form so diffs are exact. */

export interface EpochRow {
  epoch: number;
  trainLoss: number;
  trainAcc: number;
  windowLoss: number;
  windowAcc: number;
  testLoss: number;
  testAcc: number;
  seconds: number;
}

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

/** String(x) is the shortest text that parses back to the same float64 (NaN, Infinity too). */
export function formatRunCsv(rows: readonly EpochRow[]): string {
  const lines = [RUN_CSV_COLUMNS.join(",")];
  for (const r of rows) lines.push(FIELDS.map((f) => String(r[f])).join(","));
  return lines.join("\n") + "\n";
}

export class CsvError extends Error {
  override name = "CsvError";
}

export function parseRunCsv(text: string, name = "<csv>"): EpochRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new CsvError(`${name}: empty file: expected a header line`);
  const header = lines[0];
  if (header !== RUN_CSV_COLUMNS.join(",")) {
    throw new CsvError(
      `${name}: line 1: expected header "${RUN_CSV_COLUMNS.join(",")}", found "${header}"`,
    );
  }
  return lines.slice(1).map((line, i) => {
    const cells = line.split(",");
    if (cells.length !== FIELDS.length) {
      throw new CsvError(
        `${name}: line ${i + 2}: expected ${FIELDS.length} fields, found ${cells.length}`,
      );
    }
    const row = {} as EpochRow;
    FIELDS.forEach((f, j) => {
      const v = Number(cells[j]);
      if (cells[j].trim() === "" || (Number.isNaN(v) && cells[j] !== "NaN")) {
        throw new CsvError(
          `${name}: line ${i + 2}, column ${RUN_CSV_COLUMNS[j]}: expected a number, found "${
            cells[j]
          }"`,
        );
      }
      row[f] = v;
    });
    return row;
  });
}
