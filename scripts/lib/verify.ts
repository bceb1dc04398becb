/**
 * The verdict of a reproduction: every run a work folder holds, compared with the committed
 * reference bit for bit (golden_diff.ts: every column but `seconds`, float64, NaN = NaN), its
 * CSV and its summary.csv row. A run the reference does not have is reported, not failed.
 */
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { type Difference, diffResults, formatDifferences, IGNORED_COLUMNS } from "./golden_diff.ts";
import { readTextIfExists } from "./atomic.ts";
import { readCsv } from "./study.ts";

/** The committed reference of a study: results/, or results/quick/ for the quick study. */
export function defaultReference(quick: boolean): string {
  return fileURLToPath(new URL(quick ? "../../results/quick" : "../../results", import.meta.url));
}

export type VerdictKind = "identical" | "different" | "no reference";

export interface RunVerdict {
  run: string;
  kind: VerdictKind;
  /** Its differences, CSV cells first, then summary cells (epoch "summary"). */
  diffs: Difference[];
}

/** summary.csv restricted to the header and the rows of `runs`. */
function summaryRows(text: string | undefined, runs: ReadonlySet<string>): string | undefined {
  if (text === undefined) return undefined;
  const [head, ...rows] = text.split("\n").filter((l) => l !== "");
  return [head, ...rows.filter((l) => runs.has(l.split(",")[0]))].join("\n") + "\n";
}

/** Compares the runs `runs` of `work` with `reference`, in the order given. */
export async function verifyRuns(
  work: string,
  reference: string,
  runs: readonly string[],
): Promise<RunVerdict[]> {
  const mine = new Map<string, string>();
  const theirs = new Map<string, string>();
  for (const run of runs) {
    const ref = await readCsv(reference, run);
    if (ref === undefined) continue;
    theirs.set(run, ref);
    mine.set(run, (await readCsv(work, run)) ?? "");
  }
  const both = new Set(theirs.keys());
  const diffs = diffResults(
    {
      runs: theirs,
      summary: summaryRows(await readTextIfExists(join(reference, "summary.csv")), both),
    },
    { runs: mine, summary: summaryRows(await readTextIfExists(join(work, "summary.csv")), both) },
  );
  return runs.map((run) => {
    if (!theirs.has(run)) return { run, kind: "no reference" as const, diffs: [] };
    const own = diffs.filter((d) => d.run === run);
    return {
      run,
      kind: own.length === 0 ? "identical" as const : "different" as const,
      diffs: own,
    };
  });
}

/** "test_acc at epoch 3: committed 0.8957, new 0.8958 (+0.0001)". */
export function describeDifference(d: Difference): string {
  const where = d.epoch === "summary"
    ? "in summary.csv"
    : d.epoch === ""
    ? ""
    : `at epoch ${d.epoch}`;
  return `${d.column} ${where}: committed ${d.golden}, new ${d.new} (${d.change})`
    .replace("  ", " ");
}

/** One line per run, the total, and the table of differences; exit code 0 or 1. */
export function formatVerdicts(
  verdicts: readonly RunVerdict[],
  referenceLabel: string,
): { text: string; code: 0 | 1 } {
  const width = Math.max(0, ...verdicts.map((v) => v.run.length));
  const lines = verdicts.map((v) => {
    const head = `  ${v.kind.padEnd(12)} ${v.run.padEnd(width)}`;
    if (v.kind !== "different") return head.trimEnd();
    const more = v.diffs.length > 1 ? `; ${v.diffs.length - 1} more cells differ` : "";
    return `${head}  first: ${describeDifference(v.diffs[0])}${more}`;
  });
  const compared = verdicts.filter((v) => v.kind !== "no reference");
  const same = compared.filter((v) => v.kind === "identical").length;
  const missing = verdicts.length - compared.length;
  lines.push(
    `${same} of ${compared.length} runs identical to ${referenceLabel}` +
      (missing > 0 ? ` (${missing} not in ${referenceLabel}: nothing to compare with)` : "") +
      ` — compared: every column but ${IGNORED_COLUMNS.join(", ")}, bit for bit (NaN = NaN)`,
  );
  const diffs = verdicts.flatMap((v) => v.diffs);
  if (diffs.length > 0) {
    lines.push("", formatDifferences(diffs));
  }
  return { text: lines.join("\n"), code: same === compared.length ? 0 : 1 };
}

/** A path as a person would type it: relative to the current folder when inside it. */
export function displayPath(path: string): string {
  const rel = relative(Deno.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}

/** Compares, prints the verdicts (stdout, or stderr when something differs), returns them. */
export async function verifyAndReport(
  work: string,
  reference: string,
  runs: readonly string[],
): Promise<{ verdicts: RunVerdict[]; code: 0 | 1 }> {
  const verdicts = await verifyRuns(work, reference, runs);
  const ref = displayPath(reference) + "/";
  console.log(`\nverify: ${displayPath(work)}/ against ${ref}`);
  const { text, code } = formatVerdicts(verdicts, ref);
  (code === 0 ? console.log : console.error)(text);
  return { verdicts, code };
}
