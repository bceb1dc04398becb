/**
 * Writes a synthetic but realistic-looking results tree (every section, summary.csv, timing.csv)
 * for developing the charts and report without training: `deno run -A
 * scripts/testdata/make_fake_results.ts /tmp/fake_results`. Never point it at results/.
 * Deterministic: a fixed LCG instead of Math.random.
 */
import { SECTIONS, sweepValue } from "../lib/chart_data.ts";

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

const header = "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds";
const summary: string[] = [
  "run,section,hidden,activation,loss,learning_rate,batch_size,momentum,weight_decay,epochs,train_limit,test_limit,status,diverged_epoch,window_acc,window_loss,test_acc,test_loss,report_train_acc,report_train_loss,report_test_acc,report_test_loss,diff_train_acc,diff_train_loss,diff_test_acc,diff_test_loss",
];

for (const s of SECTIONS) {
  await Deno.mkdir(`${out}/${s.id}`, { recursive: true });
  s.runs.forEach((name, k) => {
    const epochs = s.kind === "depth" ? 100 : s.kind === "sweep" ? 50 : 20;
    const final = 0.95 + 0.03 * ((k * 7) % 5) / 4 -
      (s.kind === "sweep" ? 0.02 * (k === 3 ? 2 : 0) : 0);
    const wobble = name.startsWith("relu") ? 0.006 : 0.0015;
    const divergeAt = s.kind === "stability" && !name.startsWith("gelu") ? 2 + k : -1;
    const lines = [header];
    let lastTest = 0, lastWin = 0, lastWinLoss = 0, lastTestLoss = 0;
    for (let e = 0; e < epochs; e++) {
      if (divergeAt >= 0 && e > divergeAt) break;
      const acc = final - (final - 0.86) * Math.exp(-e / 6) + wobble * noise();
      const win = Math.min(1, acc + 0.01 + 0.004 * noise());
      const loss = 0.05 + 0.4 * Math.exp(-e / 8) + 0.01 * noise();
      const diverged = e === divergeAt;
      const f = (x: number) => (diverged ? "NaN" : String(x));
      lines.push(
        [
          e,
          f(loss * 0.9),
          f(win - 0.005),
          f(loss * 0.8),
          f(win),
          diverged ? "Infinity" : String(loss),
          f(acc),
          (3.2 + 0.1 * noise()).toFixed(3),
        ].join(","),
      );
      lastTest = acc, lastWin = win, lastWinLoss = loss * 0.8, lastTestLoss = loss;
    }
    Deno.writeTextFileSync(`${out}/${s.id}/${name}.csv`, lines.join("\n") + "\n");
    const [act, loss] = s.kind === "sweep" ? ["gelu", "softmax_ce"] : name.split("-");
    const sv = s.kind === "sweep" ? sweepValue(name) : NaN;
    summary.push([
      `${s.id}/${name}`,
      s.id,
      s.id === "two_hidden" ? "256-128" : "128",
      act,
      loss,
      s.sweepKey === "learning_rate" ? sv : 0.1,
      s.sweepKey === "batch_size" ? sv : 100,
      s.sweepKey === "momentum" ? sv : 0.9,
      s.sweepKey === "weight_decay" ? sv : 0.0002,
      epochs,
      "",
      "",
      divergeAt >= 0 ? "diverged" : "ok",
      divergeAt >= 0 ? divergeAt : "",
      lastWin,
      lastWinLoss,
      lastTest,
      lastTestLoss,
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
    ].join(","));
  });
}
Deno.writeTextFileSync(`${out}/summary.csv`, summary.join("\n") + "\n");

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
