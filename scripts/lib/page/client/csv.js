// @ts-check
/**
 * Run CSVs in the page: the page carries each run's CSV text exactly as results/ holds it
 * (core/csv.ts formatRunCsv); these read it into numbers and join several runs into one download.
 */

/**
 * @typedef {object} RunColumns
 * @property {string[]} header the CSV's column names
 * @property {Record<string, number[]>} columns one array per column ("NaN" reads as NaN)
 */

/**
 * Parses a run CSV (no quoting: every cell is a number) into columns.
 * @param {string} text
 * @returns {RunColumns}
 */
export function parseRunColumns(text) {
  const lines = text.split("\n").filter((l) => l !== "");
  const header = lines[0].split(",");
  /** @type {Record<string, number[]>} */
  const columns = {};
  for (const h of header) columns[h] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    header.forEach((h, i) => columns[h].push(Number(cells[i])));
  }
  return { header, columns };
}

/**
 * One CSV cell, quoted only when it must be (as core/csv.ts writes them).
 * @param {string} cell
 */
function csvCell(cell) {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/**
 * The CSV of several runs: "run," then the run CSV's own header; each run's rows as in its file,
 * prefixed by the run's name.
 * @param {{ id: string, csv: string }[]} runs
 * @returns {string}
 */
export function selectedRunsCsv(runs) {
  if (runs.length === 0) return "";
  const header = runs[0].csv.slice(0, runs[0].csv.indexOf("\n"));
  const out = [`run,${header}`];
  for (const r of runs) {
    const rows = r.csv.split("\n").slice(1).filter((l) => l !== "");
    for (const row of rows) out.push(`${csvCell(r.id)},${row}`);
  }
  return out.join("\n") + "\n";
}
