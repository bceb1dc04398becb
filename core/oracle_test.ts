/**
 * End to end against NumPy: the original semantics (author profile) run by NumPy on the real
 * MNIST files. Every column but `seconds` must agree to 1e-8 relative.
 */
import { assertClose, assertEquals } from "./test_util.ts";
import { validateRunConfig } from "./config.ts";
import { parseRunCsv, RUN_CSV_COLUMNS } from "./csv.ts";
import { loadMnist } from "./data/mnist.ts";
import { type Backend, train } from "./train.ts";

export interface OracleCase {
  file: string;
  cfg: Record<string, unknown>;
}

export const ORACLE_CASES: OracleCase[] = [
  {
    file: "oracle_author_gelu_softmax_ce.csv",
    cfg: { activation: "gelu", loss: "softmax_ce", learningRate: 0.1 },
  },
  {
    file: "oracle_author_relu_hinge.csv",
    cfg: { activation: "relu", loss: "hinge", learningRate: 1e-4 },
  },
];

const FIELDS = ["trainLoss", "trainAcc", "windowLoss", "windowAcc", "testLoss", "testAcc"] as const;

export async function checkOracle(c: OracleCase, backend: Backend, rel = 1e-8): Promise<number> {
  const expected = parseRunCsv(
    await Deno.readTextFile(new URL(`../testdata/${c.file}`, import.meta.url)),
    c.file,
  );
  const cfg = validateRunConfig({
    trainLimit: 6000,
    testLimit: 2000,
    dispFreq: 20,
    epochs: 3,
    ...c.cfg,
  });
  const data = await loadMnist({ trainLimit: cfg.trainLimit, testLimit: cfg.testLimit });
  const { rows, diverged } = await train(cfg, data, { backend });
  assertEquals(diverged, null);
  assertEquals(rows.length, expected.length);
  let worst = 0;
  rows.forEach((r, e) => {
    assertEquals(r.epoch, expected[e].epoch);
    for (const f of FIELDS) {
      assertClose(r[f], expected[e][f], rel, `${c.file} epoch ${e} ${f}:`);
      worst = Math.max(worst, Math.abs(r[f] - expected[e][f]) / Math.abs(expected[e][f]));
    }
  });
  return worst;
}

for (const c of ORACLE_CASES) {
  Deno.test(`oracle: ${c.file} matches NumPy to 1e-8 (reference kernels)`, async () => {
    const worst = await checkOracle(c, "reference");
    console.log(`  worst relative difference ${worst.toExponential(2)}`);
  });
}

Deno.test("oracle: CSV columns are the contract", () => {
  assertEquals(RUN_CSV_COLUMNS.join(","), "epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds");
});
