/**
 * One training run's hyperparameters, validated where they enter: every error names the key,
 * the bad value and what was expected.
 */

/** The hidden layers' activations. */
export const ACTIVATIONS = ["sigmoid", "relu", "gelu"] as const;
/** The losses over the 10 logits. */
export const LOSSES = ["euclidean", "softmax_ce", "hinge"] as const;
/** `author`: the original code's three quirks; `textbook`: fixed (see README). */
export const PROFILES = ["author", "textbook"] as const;

/** One of ACTIVATIONS. */
export type Activation = typeof ACTIVATIONS[number];
/** One of LOSSES. */
export type LossName = typeof LOSSES[number];
/** One of PROFILES. */
export type Profile = typeof PROFILES[number];

/** One run's hyperparameters (validateRunConfig fills the defaults and checks them). */
export interface RunConfig {
  /** Hidden layer widths, input side first: [128] or [256, 128]. */
  hidden: number[];
  /** Activation of every hidden layer. */
  activation: Activation;
  /** Loss over the logits. */
  loss: LossName;
  /** SGD step η. */
  learningRate: number;
  /** L2 weight decay λ, added to the gradient. */
  weightDecay: number;
  /** Momentum μ. */
  momentum: number;
  /** Samples per step (the last batch of an epoch may be shorter). */
  batchSize: number;
  /** Passes over the training set. */
  epochs: number;
  /** NumPy legacy seed of the weights and the shuffles. */
  seed: number;
  /** Standard deviation of the initial weights: randn(in, out) · initStd. */
  initStd: number;
  /** Hinge margin Δ. */
  margin: number;
  /** Steps per logged training window. */
  dispFreq: number;
  /** Quirks of the original code (author) or none (textbook). */
  profile: Profile;
  /** Keep the first N training samples (undefined: all 60,000). */
  trainLimit?: number;
  /** Keep the first N test samples (undefined: all 10,000). */
  testLimit?: number;
  /**
   * Noise-envelope perturbation k: every initial weight scaled by (1 + k·2⁻⁵²) after the draw
   * (core/perturb.ts). 0 is stored as undefined, so the run and its config hash are the
   * unperturbed reference's.
   */
  perturb?: number;
}

/** The study's defaults: GELU + softmax cross-entropy, one hidden layer of 128. */
export const DEFAULT_CONFIG: Readonly<RunConfig> = Object.freeze({
  hidden: [128],
  activation: "gelu",
  loss: "softmax_ce",
  learningRate: 0.1,
  weightDecay: 2e-4,
  momentum: 0.9,
  batchSize: 100,
  epochs: 100,
  seed: 42,
  initStd: 0.01,
  margin: 5,
  dispFreq: 100,
  profile: "author",
});

/** Every key of RunConfig, in the order of its documentation. */
export const CONFIG_KEYS: readonly (keyof RunConfig)[] = [
  "hidden",
  "activation",
  "loss",
  "learningRate",
  "weightDecay",
  "momentum",
  "batchSize",
  "epochs",
  "seed",
  "initStd",
  "margin",
  "dispFreq",
  "profile",
  "trainLimit",
  "testLimit",
  "perturb",
];

/** A bad hyperparameter: the message names the key, the value and what was expected. */
export class ConfigError extends Error {
  /** Always "ConfigError". */
  override name = "ConfigError";
}

function fail(where: string, key: string, value: unknown, expected: string): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  // A command-line flag reads as typed ("--lr -1"); an experiment key as an assignment.
  const sep = key.startsWith("-") ? " " : " = ";
  throw new ConfigError(`${where}${key}${sep}${shown}: expected ${expected}`);
}

function num(where: string, key: string, v: unknown, expected: string, ok: (x: number) => boolean) {
  if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) fail(where, key, v, expected);
  return v;
}

/**
 * Checks a partial configuration merged over the defaults and returns a complete one.
 * `where` prefixes messages (e.g. "experiments/sweeps.ts run sweep_lr/lr=0.1: "); `keyName`
 * names keys as the caller's user wrote them (the CLI passes its flag names).
 */
export function validateRunConfig(
  raw: unknown,
  where = "",
  keyName: (key: keyof RunConfig) => string = (key) => key,
): RunConfig {
  const K = (key: string) => keyName(key as keyof RunConfig);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    fail(where, "config", raw, "an object");
  }
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      fail(where, "key " + key, r[key], `a known key (${CONFIG_KEYS.join(", ")})`);
    }
  }
  const c = { ...DEFAULT_CONFIG, ...r } as Record<string, unknown>;
  const hidden = c.hidden;
  if (
    !Array.isArray(hidden) || hidden.length < 1 ||
    !hidden.every((h) => Number.isInteger(h) && h >= 1)
  ) {
    fail(where, K("hidden"), JSON.stringify(hidden), "a non-empty list of positive integers");
  }
  const oneOf = (key: string, allowed: readonly string[]) => {
    const v = c[key];
    if (typeof v !== "string" || !allowed.includes(v)) {
      fail(where, K(key), v, `one of ${allowed.join("|")}`);
    }
    return v;
  };
  const int = (key: string, min: number) =>
    num(where, K(key), c[key], `an integer >= ${min}`, (x) => Number.isInteger(x) && x >= min);
  const optInt = (key: string) => (c[key] === undefined ? undefined : int(key, 1));
  return {
    hidden: [...(hidden as number[])],
    activation: oneOf("activation", ACTIVATIONS) as Activation,
    loss: oneOf("loss", LOSSES) as LossName,
    learningRate: num(where, K("learningRate"), c.learningRate, "a number > 0", (x) => x > 0),
    weightDecay: num(where, K("weightDecay"), c.weightDecay, "a number >= 0", (x) => x >= 0),
    momentum: num(where, K("momentum"), c.momentum, "a number in [0, 1)", (x) => x >= 0 && x < 1),
    batchSize: int("batchSize", 1),
    epochs: int("epochs", 1),
    seed: num(
      where,
      K("seed"),
      c.seed,
      "an integer in [0, 2^32)",
      (x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32,
    ),
    initStd: num(where, K("initStd"), c.initStd, "a number > 0", (x) => x > 0),
    margin: num(where, K("margin"), c.margin, "a number > 0", (x) => x > 0),
    dispFreq: int("dispFreq", 1),
    profile: oneOf("profile", PROFILES) as Profile,
    trainLimit: optInt("trainLimit"),
    testLimit: optInt("testLimit"),
    perturb: c.perturb === undefined || c.perturb === 0 ? undefined : int("perturb", 0),
  };
}
