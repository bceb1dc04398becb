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
  /** The section of experiments/report_tables.csv with the run's published numbers, if any. */
  reportTable?: string;
}

/** One experiment: a section of the study, with how it is shown (experiments/schema.ts). */
export interface SectionSpec {
  id: string;
  file: string;
  title: string;
  kind: "grid" | "sweep";
  /** A grid's axis keys, or the swept key. */
  keys: (keyof RunConfig)[];
  /** The swept key's short label ("batch size"); a grid's is "". */
  label: string;
  reportTable?: string;
  comparesDepthWith?: string;
  /** The study it belongs to ("main" unless the file says otherwise). */
  study: string;
  runs: RunSpec[];
}

/** The expanded study: sections (experiments) in study order, and all their runs. */
export interface ExpandedStudy {
  sections: SectionSpec[];
  runs: RunSpec[];
  /** Every study the files declare ("main" first when present). */
  studies: string[];
}

/** The study of experiments that do not name one. */
export const MAIN_STUDY = "main";

const META_KEYS = ["title", "reportTable", "study"];
const GRID_KEYS = ["kind", "section", "name", "base", "axes", "overrides", ...META_KEYS];
const SWEEP_KEYS = ["kind", "section", "name", "base", "key", "values", "label", ...META_KEYS];
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

function configKey(where: string, what: string, key: unknown): keyof RunConfig {
  if (typeof key !== "string" || !(CONFIG_KEYS as readonly string[]).includes(key)) {
    fail(where, what, key, `a config key (${CONFIG_KEYS.join(", ")})`);
  }
  return key as keyof RunConfig;
}

function optText(where: string, exp: Record<string, unknown>, key: string): string | undefined {
  const v = exp[key];
  if (v !== undefined && (typeof v !== "string" || v.trim() === "")) {
    fail(where, key, v, "a non-empty string");
  }
  return v as string | undefined;
}

/** A grid's configs: the cross product of its axes over base, then its overrides in order. */
function gridVariants(
  where: string,
  exp: Record<string, unknown>,
  base: Record<string, unknown>,
): { keys: (keyof RunConfig)[]; variants: Record<string, unknown>[] } {
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
  const checked = overrides.map((o: unknown, i: number) => {
    const w = `${where}overrides[${i}]`;
    if (!isObject(o)) fail(where, `overrides[${i}]`, o, "an object { when, set }");
    checkKeys(w + ": ", o, ["when", "set"]);
    return { when: patch(w + ": ", "when", o.when), set: patch(w + ": ", "set", o.set) };
  });
  const variants = combos.map((combo) => {
    let cfg: Record<string, unknown> = { ...base, ...combo };
    for (const { when, set } of checked) {
      if (Object.entries(when).every(([k, v]) => sameValue(cfg[k], v))) cfg = { ...cfg, ...set };
    }
    return cfg;
  });
  return { keys: Object.keys(axes) as (keyof RunConfig)[], variants };
}

/** A sweep's configs: base with its key set to each value. */
function sweepVariants(
  where: string,
  exp: Record<string, unknown>,
  base: Record<string, unknown>,
): { keys: (keyof RunConfig)[]; variants: Record<string, unknown>[] } {
  const key = configKey(where, "key", exp.key);
  if (!Array.isArray(exp.values) || exp.values.length === 0) {
    fail(where, "values", exp.values, "a non-empty list of values");
  }
  return { keys: [key], variants: exp.values.map((v) => ({ ...base, [key]: v })) };
}

function studyName(where: string, v: unknown): string {
  if (v === undefined) return MAIN_STUDY;
  if (typeof v !== "string" || !SECTION_RE.test(v)) {
    fail(where, "study", v, "a name of lowercase letters, digits and _");
  }
  return v;
}

/** One grid or sweep entry -> its section and [name, raw config] pairs, before validation. */
function expandOne(
  where: string,
  file: string,
  exp: unknown,
): { section: Omit<SectionSpec, "runs">; runs: [string, object][] } {
  if (!isObject(exp)) fail(where, "experiment", exp, "an object with kind grid|sweep");
  const kind = exp.kind;
  if (kind !== "grid" && kind !== "sweep") fail(where, "kind", kind, "grid|sweep");
  checkKeys(where, exp, kind === "grid" ? [...GRID_KEYS, "comparesDepthWith"] : SWEEP_KEYS);
  const id = exp.section;
  if (typeof id !== "string" || !SECTION_RE.test(id)) {
    fail(where, "section", id, "a name of lowercase letters, digits and _");
  }
  where = `${where.slice(0, -2)} section ${id}: `;
  if (typeof exp.name !== "string" || exp.name === "") {
    fail(where, "name", exp.name, 'a template string such as "{activation}-{loss}"');
  }
  const base = patch(where, "base", exp.base ?? {});
  const { keys, variants } = kind === "grid"
    ? gridVariants(where, exp, base)
    : sweepVariants(where, exp, base);
  const runs = variants.map((cfg): [string, object] => [
    fillName(where, exp.name as string, { ...cfg }),
    cfg,
  ]);
  const section = {
    id,
    file,
    title: optText(where, exp, "title") ?? id,
    kind,
    keys,
    label: kind === "sweep" ? optText(where, exp, "label") ?? keys[0] : "",
    reportTable: optText(where, exp, "reportTable"),
    comparesDepthWith: optText(where, exp, "comparesDepthWith"),
    study: studyName(where, exp.study),
  } as const;
  return { section, runs };
}

/** Checks what sections say about each other: unique ids, depth comparisons with a grid. */
function checkSections(sections: readonly SectionSpec[]): void {
  sections.forEach((s, i) => {
    const first = sections.findIndex((x) => x.id === s.id);
    if (first !== i) {
      fail(
        `${s.file}: `,
        "section",
        s.id,
        `a section not already used (also in ${sections[first].file})`,
      );
    }
    const other = s.comparesDepthWith;
    if (other !== undefined && !sections.some((x) => x.id === other && x.kind === "grid")) {
      fail(`${s.file} section ${s.id}: `, "comparesDepthWith", other, "the id of a grid section");
    }
  });
}

/**
 * Expands every experiment file (path -> default export) into validated sections and runs, in
 * file order, and keeps those of `study` (default: the main study). Section ids and run names
 * must be unique across all studies.
 */
export function expandStudy(
  files: Readonly<Record<string, unknown>>,
  study = MAIN_STUDY,
): ExpandedStudy {
  const sections: SectionSpec[] = [];
  const seen = new Map<string, string>();
  for (const [file, list] of Object.entries(files)) {
    if (!Array.isArray(list)) fail(`${file}: `, "default export", list, "a list of experiments");
    list.forEach((exp, i) => {
      const { section, runs } = expandOne(`${file} experiment ${i}: `, file, exp);
      const specs = runs.map(([short, raw]): RunSpec => {
        const name = `${section.id}/${short}`;
        const where = `${file} run ${name}: `;
        const config = validateRunConfig(raw, where);
        const previous = seen.get(name);
        if (previous !== undefined) {
          fail(where, "run name", name, `a name not already used (also in ${previous})`);
        }
        seen.set(name, file);
        const spec: RunSpec = { name, section: section.id, file, config };
        if (section.reportTable !== undefined) spec.reportTable = section.reportTable;
        return spec;
      });
      sections.push({ ...section, runs: specs });
    });
  }
  checkSections(sections);
  const mine = sections.filter((s) => s.study === study);
  const studies = [...new Set([MAIN_STUDY, ...sections.map((s) => s.study)])]
    .filter((name) => sections.some((s) => s.study === name));
  return { sections: mine, runs: mine.flatMap((s) => s.runs), studies };
}

/** The runs of expandStudy (of `study`, default the main one), in study order. */
export function expandExperiments(
  files: Readonly<Record<string, unknown>>,
  study = MAIN_STUDY,
): RunSpec[] {
  return expandStudy(files, study).runs;
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
