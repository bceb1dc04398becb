/**
 * Writes a synthetic but realistic-looking results tree (every section, summary.csv, timing.csv)
 * for developing the charts and report without training: `deno run -A
 * scripts/testdata/make_fake_results.ts /tmp/fake_results`. Never point it at results/.
 * Deterministic: a fixed LCG instead of Math.random.
 */
import { formatCsv, RUN_CSV_COLUMNS } from "../../core/csv.ts";
import { loadExperimentFiles } from "../../experiments/mod.ts";
import { expandStudy } from "../lib/experiments.ts";
import { loadReportTables } from "../lib/report_tables.ts";
import { formatSummaryCsv, type SummaryInput } from "../lib/summary.ts";

const out = Deno.args[0];
if (!out || /(^|\/)results\/?$/.test(out)) {
  throw new Error(`output dir "${out}": expected a scratch directory, not results/`);
}

let state = 12345;
function noise(): number {
  // 32-bit LCG (Numerical Recipes constants), mapped to [-0.5, 0.5).
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state / 2 ** 32 - 0.5;
}

const summary: SummaryInput[] = [];
const { sections } = expandStudy(await loadExperimentFiles());

for (const s of sections) {
  await Deno.mkdir(`${out}/${s.id}`, { recursive: true });
  s.runs.forEach((run, k) => {
    const epochs = run.config.epochs;
    const final = 0.95 + 0.03 * ((k * 7) % 5) / 4 - (s.kind === "sweep" && k === 3 ? 0.04 : 0);
    const wobble = run.config.activation === "relu" ? 0.006 : 0.0015;
    // Runs without published numbers (the stability check) diverge, except GELU's.
    const divergeAt = !s.reportTable && run.config.activation !== "gelu" ? 2 + k : -1;
    const rows: string[][] = [];
    let last: SummaryInput["last"];
    for (let e = 0; e < epochs; e++) {
      if (divergeAt >= 0 && e > divergeAt) break;
      const acc = final - (final - 0.86) * Math.exp(-e / 6) + wobble * noise();
      const win = Math.min(1, acc + 0.01 + 0.004 * noise());
      const loss = 0.05 + 0.4 * Math.exp(-e / 8) + 0.01 * noise();
      const d = e === divergeAt;
      const row = [loss * 0.9, win - 0.005, d ? NaN : loss * 0.8, win, d ? Infinity : loss, acc];
      rows.push([String(e), ...row.map(String), (3.2 + 0.1 * noise()).toFixed(3)]);
      last = { windowAcc: win, windowLoss: row[2], testAcc: acc, testLoss: row[4] };
    }
    Deno.writeTextFileSync(`${out}/${run.name}.csv`, formatCsv(RUN_CSV_COLUMNS, rows));
    const diverged = divergeAt >= 0;
    summary.push({ run, status: diverged ? "diverged" : "ok", divergedEpoch: divergeAt, last });
  });
}
Deno.writeTextFileSync(`${out}/summary.csv`, formatSummaryCsv(summary, await loadReportTables()));

const timing = ["hidden,activation,loss,backend,threads,step_ms,epoch_s"];
for (const backend of ["wasm", "openblas"]) {
  for (const act of ["sigmoid", "relu", "gelu"]) {
    for (const loss of ["euclidean", "softmax_ce", "hinge"]) {
      for (const hidden of ["128", "256-128"]) {
        const base = (hidden === "128" ? 2.1 : 5.3) * (backend === "wasm" ? 1 : 0.6);
        const ms = base * (act === "gelu" ? 1.25 : 1) + 0.2 * noise();
        timing.push(
          [hidden, act, loss, backend, 1, ms.toFixed(4), (ms * 0.6).toFixed(4)].join(","),
        );
      }
    }
  }
}
Deno.writeTextFileSync(`${out}/timing.csv`, timing.join("\n") + "\n");
console.log(`wrote fake results to ${out}`);
