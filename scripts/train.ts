/**
 * `deno task train`: one training run of the study from the command line.
 *   deno task train --activation relu --loss hinge --lr 1e-4 --out relu_hinge.csv
 */
import { parseArgs } from "node:util";
import { ConfigError, DEFAULT_CONFIG, type RunConfig, validateRunConfig } from "../core/config.ts";
import { formatRunCsv } from "../core/csv.ts";
import { DataError, loadMnist } from "../core/data/mnist.ts";
import { type Backend, BACKENDS } from "../core/kernels/select.ts";
import { train } from "../core/train.ts";
import { writeTextAtomic } from "./lib/atomic.ts";
import { formatDuration } from "./lib/progress.ts";

const USAGE = `usage: deno task train [options]
  --hidden 128 | 256,128    hidden widths (default ${DEFAULT_CONFIG.hidden})
  --activation sigmoid|relu|gelu      (default ${DEFAULT_CONFIG.activation})
  --loss euclidean|softmax_ce|hinge   (default ${DEFAULT_CONFIG.loss})
  --lr N  --weight-decay N  --momentum N  --batch-size N  --epochs N
  --seed N  --init-std N  --margin N  --disp-freq N
  --profile author|textbook           (default author: the submitted code's three quirks)
  --train-limit N  --test-limit N     keep the first N samples
  --data-dir DIR                      folder with the four MNIST IDX files
  --backend reference|wasm|openblas   (default wasm; openblas is not bit-reproducible)
  --threads 1|2                       (wasm only)
  --out FILE.csv                      per-epoch results
  --quiet                             no progress lines`;

const NUMERIC: Record<string, keyof RunConfig> = {
  "lr": "learningRate",
  "weight-decay": "weightDecay",
  "momentum": "momentum",
  "batch-size": "batchSize",
  "epochs": "epochs",
  "seed": "seed",
  "init-std": "initStd",
  "margin": "margin",
  "disp-freq": "dispFreq",
  "train-limit": "trainLimit",
  "test-limit": "testLimit",
};

/** Turns argv into a validated configuration and run options; throws ConfigError naming the flag. */
export function parseTrainArgs(argv: string[]) {
  const options = {
    hidden: { type: "string" },
    activation: { type: "string" },
    loss: { type: "string" },
    profile: { type: "string" },
    "data-dir": { type: "string" },
    out: { type: "string" },
    backend: { type: "string", default: "wasm" },
    threads: { type: "string", default: "1" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
    ...Object.fromEntries(Object.keys(NUMERIC).map((k) => [k, { type: "string" as const }])),
  } as const;
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n${USAGE}`);
  }
  const raw: Record<string, unknown> = {};
  if (values.hidden !== undefined) {
    const text = String(values.hidden);
    const parts = text.split(",").map((s) => s.trim());
    if (parts.some((p) => !/^\d+$/.test(p))) {
      throw new ConfigError(
        `--hidden = "${text}": expected comma-separated positive integers, e.g. 256,128`,
      );
    }
    raw.hidden = parts.map(Number);
  }
  for (const k of ["activation", "loss", "profile"] as const) {
    if (values[k] !== undefined) raw[k] = values[k];
  }
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const v = values[flag];
    if (v === undefined) continue;
    const x = Number(v);
    if (String(v).trim() === "" || Number.isNaN(x)) {
      throw new ConfigError(`--${flag} = "${v}": expected a number`);
    }
    raw[key] = x;
  }
  const flagOf = Object.fromEntries(Object.entries(NUMERIC).map(([flag, key]) => [key, flag]));
  const cfg = validateRunConfig(raw, "", (key) => `--${flagOf[key] ?? key}`);
  const backend = String(values.backend);
  if (!(BACKENDS as readonly string[]).includes(backend)) {
    throw new ConfigError(`--backend = "${backend}": expected one of ${BACKENDS.join("|")}`);
  }
  const threads = Number(values.threads);
  if (threads !== 1 && threads !== 2) {
    throw new ConfigError(`--threads = "${values.threads}": expected 1 or 2`);
  }
  return {
    cfg,
    backend: backend as Backend,
    threads: threads as 1 | 2,
    dataDir: values["data-dir"] as string | undefined,
    out: values.out as string | undefined,
    quiet: Boolean(values.quiet),
    help: Boolean(values.help),
  };
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseTrainArgs(Deno.args);
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const { cfg } = args;
  try {
    const data = await loadMnist({
      dataDir: args.dataDir,
      trainLimit: cfg.trainLimit,
      testLimit: cfg.testLimit,
    });
    const log = (s: string) => args.quiet || console.log(s);
    log(
      `mlpbench train: ${[784, ...cfg.hidden, 10].join("-")} ${cfg.activation} + ${cfg.loss}, ` +
        `lr ${cfg.learningRate}, momentum ${cfg.momentum}, weight decay ${cfg.weightDecay}, ` +
        `batch ${cfg.batchSize}, ${cfg.epochs} epochs, profile ${cfg.profile}, ` +
        `${data.trainCount}/${data.testCount} samples, backend ${args.backend}` +
        (args.threads > 1 ? ` ×${args.threads} threads` : ""),
    );
    let trained = 0;
    const result = await train(cfg, data, {
      backend: args.backend,
      threads: args.threads,
      onEpoch: (r) => {
        trained += r.seconds;
        const eta = (trained / (r.epoch + 1)) * (cfg.epochs - r.epoch - 1);
        log(
          `epoch ${String(r.epoch).padStart(3)}/${cfg.epochs}  ` +
            `train window loss ${r.windowLoss.toFixed(4)} acc ${r.windowAcc.toFixed(4)}  ` +
            `test loss ${r.testLoss.toFixed(5)} acc ${r.testAcc.toFixed(5)}  ` +
            `${r.seconds.toFixed(2)} s  ETA ${formatDuration(eta)}`,
        );
      },
    });
    if (args.out) {
      await writeTextAtomic(args.out, formatRunCsv(result.rows));
      log(`wrote ${args.out}`);
    }
    if (result.diverged) {
      const d = result.diverged;
      console.error(
        `error: run diverged at epoch ${d.epoch}, step ${d.step}: ${d.reason} ` +
          `(lower --lr; the partial curve was kept${args.out ? ` in ${args.out}` : ""})`,
      );
      return 3;
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof DataError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (import.meta.main) Deno.exit(await main());
