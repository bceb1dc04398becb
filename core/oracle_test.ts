/**
 * End to end against NumPy: the original semantics (author profile) run by NumPy on the real
 * MNIST files. Every column but `seconds` must agree to 1e-8 relative.
 */
import { assertClose, assertEquals } from "./test_util.ts";
import { validateRunConfig } from "./config.ts";
import { parseRunCsv } from "./csv.ts";
import { loadMnist } from "./data/mnist.ts";
import { openblasUnavailable } from "./kernels/openblas.ts";
import { buildNative } from "./kernels/native_build.ts";
import { type Backend, train } from "./train.ts";

export interface OracleCase {
  file: string;
  cfg: Record<string, unknown>;
}

const STUDY_ORACLE = { trainLimit: 6000, testLimit: 2000, dispFreq: 20, epochs: 3 };
// testdata/README.md: files written by bench/numpy_baseline.py, an independent NumPy port.
const NUMPY_ORACLE = { trainLimit: 3000, testLimit: 1000, dispFreq: 10, epochs: 2 };

export const ORACLE_CASES: OracleCase[] = [
  {
    file: "oracle_author_gelu_softmax_ce.csv",
    cfg: { ...STUDY_ORACLE, activation: "gelu", loss: "softmax_ce", learningRate: 0.1 },
  },
  {
    file: "oracle_author_relu_hinge.csv",
    cfg: { ...STUDY_ORACLE, activation: "relu", loss: "hinge", learningRate: 1e-4 },
  },
  {
    file: "oracle_numpy_author_h256x128_sigmoid_euclidean.csv",
    cfg: { ...NUMPY_ORACLE, hidden: [256, 128], activation: "sigmoid", loss: "euclidean" },
  },
  {
    file: "oracle_numpy_textbook_gelu_hinge.csv",
    cfg: {
      ...NUMPY_ORACLE,
      profile: "textbook",
      activation: "gelu",
      loss: "hinge",
      learningRate: 1e-4,
    },
  },
  {
    file: "oracle_numpy_textbook_relu_softmax_ce.csv",
    cfg: { ...NUMPY_ORACLE, profile: "textbook", activation: "relu", loss: "softmax_ce" },
  },
  {
    file: "oracle_numpy_author_gelu_euclidean_b128_m05_wd0.csv",
    cfg: {
      ...NUMPY_ORACLE,
      activation: "gelu",
      loss: "euclidean",
      batchSize: 128,
      momentum: 0.5,
      weightDecay: 0,
    },
  },
  {
    file: "oracle_numpy_author_h256x128_sigmoid_hinge.csv",
    cfg: {
      ...NUMPY_ORACLE,
      hidden: [256, 128],
      activation: "sigmoid",
      loss: "hinge",
      learningRate: 1e-4,
    },
  },
  {
    file: "oracle_numpy_author_relu_euclidean_b10_d50_lr001.csv",
    cfg: {
      ...NUMPY_ORACLE,
      activation: "relu",
      loss: "euclidean",
      learningRate: 0.01,
      batchSize: 10,
      dispFreq: 50,
    },
  },
];

const FIELDS = ["trainLoss", "trainAcc", "windowLoss", "windowAcc", "testLoss", "testAcc"] as const;

export async function checkOracle(c: OracleCase, backend: Backend, rel = 1e-8): Promise<number> {
  const expected = parseRunCsv(
    await Deno.readTextFile(new URL(`../testdata/${c.file}`, import.meta.url)),
    c.file,
  );
  const cfg = validateRunConfig(c.cfg);
  const data = await loadMnist({ trainLimit: cfg.trainLimit, testLimit: cfg.testLimit });
  const { rows, diverged } = await train(cfg, data, { backend });
  assertEquals(diverged, null);
  assertEquals(rows.length, expected.length);
  let worst = 0;
  rows.forEach((r, e) => {
    assertEquals(r.epoch, expected[e].epoch);
    for (const f of FIELDS) {
      assertClose(r[f], expected[e][f], rel, `${c.file} epoch ${e} ${f}:`);
      worst = Math.max(
        worst,
        Math.abs(r[f] - expected[e][f]) / Math.max(Math.abs(expected[e][f]), 1e-300),
      );
    }
  });
  return worst;
}

// The reference kernels on the study's oracle, the fast (bit-identical) wasm kernels on all.
const runs: [OracleCase, Backend][] = [
  [ORACLE_CASES[0], "reference"],
  ...ORACLE_CASES.map((c) => [c, "wasm"] as [OracleCase, Backend]),
];
for (const [c, backend] of runs) {
  Deno.test(`oracle: ${c.file} matches NumPy to 1e-8 (${backend} kernels)`, async () => {
    const worst = await checkOracle(c, backend);
    console.log(`  worst relative difference ${worst.toExponential(2)}`);
  });
}

// The native kernels (built at first use with the system C compiler) are bit-identical to wasm:
// the same tolerance, on every case; ignored only where no compiler builds them.
const nativeMissing = await buildNative().then(() => null, (e: Error) => e.message);
for (const c of ORACLE_CASES) {
  Deno.test({
    name: `oracle: ${c.file} matches NumPy to 1e-8 (native kernels)`,
    ignore: nativeMissing !== null,
    async fn() {
      await checkOracle(c, "native");
    },
  });
}
if (nativeMissing) console.warn(`oracle_test.ts: skipping the native runs: ${nativeMissing}`);

// The opt-in OpenBLAS backend (its own summation order, constant columns packed away) stays
// within rounding of NumPy too: 6e-10 at worst here, over whole training runs.
const openblasMissing = openblasUnavailable();
for (const c of ORACLE_CASES) {
  Deno.test({
    name: `oracle: ${c.file} matches NumPy to 1e-7 (openblas kernels)`,
    ignore: openblasMissing !== null,
    async fn() {
      const worst = await checkOracle(c, "openblas", 1e-7);
      console.log(`  worst relative difference ${worst.toExponential(2)}`);
    },
  });
}
if (openblasMissing) console.warn(`oracle_test.ts: skipping the openblas runs: ${openblasMissing}`);
