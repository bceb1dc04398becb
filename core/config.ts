/**
 * One training run's hyperparameters, validated where they enter: every error names the key,
 * the bad value and what was expected.
 */

export const ACTIVATIONS = ["sigmoid", "relu", "gelu"] as const;
export const LOSSES = ["euclidean", "softmax_ce", "hinge"] as const;
export const PROFILES = ["author", "textbook"] as const;

export type Activation = typeof ACTIVATIONS[number];
export type LossName = typeof LOSSES[number];
export type Profile = typeof PROFILES[number];

export interface RunConfig {
  /** Hidden layer widths, input side first: [128] or [256, 128]. */
  hidden: number[];
  activation: Activation;
  loss: LossName;
  learningRate: number;
  weightDecay: number;
  momentum: number;
  batchSize: number;
  epochs: number;
  seed: number;
  initStd: number;
  /** Hinge margin Δ. */
  margin: number;
  /** Steps per logged training window. */
  dispFreq: number;
  profile: Profile;
  /** Keep the first N training samples (undefined: all 60,000). */
  trainLimit?: number;
  /** Keep the first N test samples (undefined: all 10,000). */
  testLimit?: number;
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
];

export class ConfigError extends Error {
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
  };
}
