/**
 * Turns the declarative experiment files into a flat, validated list of named runs.
 * Every error names the file, the section or run, the key, the bad value and what was expected.
 */
import { CONFIG_KEYS, ConfigError, type RunConfig, validateRunConfig } from "../../core/config.ts";

export interface RunSpec {
  /** `<section>/<name>`, stable: results/<section>/<name>.csv. */
  name: string;
  section: string;
  /** Experiment file the run comes from. */
  file: string;
  config: RunConfig;
}

const GRID_KEYS = ["kind", "section", "name", "base", "axes", "overrides"];
const SWEEP_KEYS = ["kind", "section", "name", "base", "key", "values"];
const SECTION_RE = /^[a-z0-9_]+$/;
// Run names become file names: no path separators, spaces or shell-hostile characters.
const RUN_NAME_RE = /^[A-Za-z0-9_.=+-]+$/;

function fail(where: string, what: string, value: unknown, expected: string): never {
  throw new ConfigError(`${where}${what} = ${show(value)}: expected ${expected}`);
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function checkKeys(where: string, obj: Record<string, unknown>, allowed: readonly string[]) {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(where, "key " + key, obj[key], `one of ${allowed.join(", ")}`);
  }
}

function patch(where: string, what: string, v: unknown): Record<string, unknown> {
  if (!isObject(v)) fail(where, what, v, "an object of config keys");
  checkKeys(`${where}${what}: `, v, CONFIG_KEYS);
  return v;
}

/** A config value as it appears in a run name: JS shortest number form, lists joined by "-". */
export function formatNameValue(v: unknown): string {
  if (Array.isArray(v)) return v.map(formatNameValue).join("-");
  return String(v);
}

function fillName(where: string, template: string, cfg: Record<string, unknown>): string {
  const name = template.replace(/\{([^}]*)\}/g, (_, key: string) => {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      fail(where, "name placeholder", `{${key}}`, `a config key (${CONFIG_KEYS.join(", ")})`);
    }
    return formatNameValue(cfg[key]);
  });
  if (!RUN_NAME_RE.test(name)) fail(where, "run name", name, "letters, digits and _ . = + -");
  return name;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  return a === b;
}

/** One grid or sweep entry -> [name, raw config] pairs, before config validation. */
function expandOne(where: string, exp: unknown): { section: string; runs: [string, object][] } {
  if (!isObject(exp)) fail(where, "experiment", exp, "an object with kind grid|sweep");
  const kind = exp.kind;
  if (kind !== "grid" && kind !== "sweep") fail(where, "kind", kind, "grid|sweep");
  checkKeys(where, exp, kind === "grid" ? GRID_KEYS : SWEEP_KEYS);
  const section = exp.section;
  if (typeof section !== "string" || !SECTION_RE.test(section)) {
    fail(where, "section", section, "a name of lowercase letters, digits and _");
  }
  where = `${where.slice(0, -2)} section ${section}: `;
  if (typeof exp.name !== "string" || exp.name === "") {
    fail(where, "name", exp.name, 'a template string such as "{activation}-{loss}"');
  }
  const base = patch(where, "base", exp.base ?? {});
  const variants: Record<string, unknown>[] = [];
  if (kind === "grid") {
    const axes = patch(where, "axes", exp.axes);
    let combos: Record<string, unknown>[] = [{}];
    for (const [key, values] of Object.entries(axes)) {
      if (!Array.isArray(values) || values.length === 0) {
        fail(where, `axes.${key}`, values, "a non-empty list of values");
      }
      // First axis outermost: the expansion order follows the report's tables.
      combos = combos.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
    }
    const overrides = exp.overrides ?? [];
    if (!Array.isArray(overrides)) fail(where, "overrides", overrides, "a list of { when, set }");
    for (const combo of combos) {
      let cfg: Record<string, unknown> = { ...base, ...combo };
      overrides.forEach((o: unknown, i: number) => {
        const w = `${where}overrides[${i}]`;
        if (!isObject(o)) fail(where, `overrides[${i}]`, o, "an object { when, set }");
        checkKeys(w + ": ", o, ["when", "set"]);
        const when = patch(w + ": ", "when", o.when);
        const set = patch(w + ": ", "set", o.set);
        if (Object.entries(when).every(([k, v]) => sameValue(cfg[k], v))) cfg = { ...cfg, ...set };
      });
      variants.push(cfg);
    }
  } else {
    const key = exp.key;
    if (typeof key !== "string" || !(CONFIG_KEYS as readonly string[]).includes(key)) {
      fail(where, "key", key, `a config key (${CONFIG_KEYS.join(", ")})`);
    }
    if (!Array.isArray(exp.values) || exp.values.length === 0) {
      fail(where, "values", exp.values, "a non-empty list of values");
    }
    for (const v of exp.values) variants.push({ ...base, [key]: v });
  }
  const runs = variants.map((cfg): [string, object] => [
    fillName(where, exp.name as string, { ...cfg }),
    cfg,
  ]);
  return { section, runs };
}

/**
 * Expands every experiment file (path -> default export) into validated runs, in file order.
 * Names must be unique across the whole study.
 */
export function expandExperiments(files: Readonly<Record<string, unknown>>): RunSpec[] {
  const out: RunSpec[] = [];
  const seen = new Map<string, string>();
  for (const [file, list] of Object.entries(files)) {
    if (!Array.isArray(list)) fail(`${file}: `, "default export", list, "a list of experiments");
    list.forEach((exp, i) => {
      const { section, runs } = expandOne(`${file} experiment ${i}: `, exp);
      for (const [short, raw] of runs) {
        const name = `${section}/${short}`;
        const where = `${file} run ${name}: `;
        const config = validateRunConfig(raw, where);
        const previous = seen.get(name);
        if (previous !== undefined) {
          fail(where, "run name", name, `a name not already used (also in ${previous})`);
        }
        seen.set(name, file);
        out.push({ name, section, file, config });
      }
    });
  }
  return out;
}

/** The reduced problem of `--quick` (see quickConfig). */
export const QUICK = { trainLimit: 6000, testLimit: 2000, epochs: 2, dispFreq: 20 } as const;

/**
 * The `--quick` version of a run: the first 6,000 training and 2,000 test images, 2 epochs, a
 * training window of 20 steps — or fewer when an epoch has fewer steps, so every epoch logs at
 * least one full window (batch 200: 30 steps, window 20).
 */
export function quickConfig(config: RunConfig): RunConfig {
  const steps = Math.floor(QUICK.trainLimit / config.batchSize);
  return validateRunConfig({
    ...config,
    trainLimit: QUICK.trainLimit,
    testLimit: QUICK.testLimit,
    epochs: QUICK.epochs,
    dispFreq: Math.max(1, Math.min(QUICK.dispFreq, steps)),
  }, "quick: ");
}

/**
 * `--only`: comma-separated patterns; one with * or ? is a glob on the whole run name
 * (* matches any run of characters, "/" included), otherwise a substring.
 */
export function matchesOnly(name: string, patterns: string): boolean {
  return patterns.split(",").map((p) => p.trim()).filter((p) => p !== "").some((p) => {
    if (!/[*?]/.test(p)) return name.includes(p);
    const re = p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(name);
  });
}
