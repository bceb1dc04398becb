/**
 * Shape of the experiment files: literal data only, expanded into runs by scripts/lib/experiments.ts.
 *
 * A `grid` takes the cross product of its axes (first axis outermost) over `base`, then applies
 * every matching override in order. A `sweep` varies one key of `base` over `values`.
 * `name` is a template: `{key}` is replaced by that config value in JS shortest form
 * (`hidden` joined with "-"), and the run is called `<section>/<name>`.
 * Keys left out take the defaults of core/config.ts (DEFAULT_CONFIG).
 *
 * An experiment is one section of the study (results/<section>/, a section of REPORT.md, its
 * figures under charts/<section>/); its metadata says how it is shown: `title`, a sweep's
 * `label`, `reportTable` and `comparesDepthWith`. Charts, report and summary are derived from
 * these files alone.
 */
import type { RunConfig } from "../core/config.ts";

/** A config value as it may be written in a file (`as const` makes lists readonly). */
export type ConfigValue<K extends keyof RunConfig> = NonNullable<RunConfig[K]> extends number[]
  ? readonly number[]
  : NonNullable<RunConfig[K]>;
export type ConfigPatch = { [K in keyof RunConfig]?: ConfigValue<K> };
export type ConfigAxes = { [K in keyof RunConfig]?: readonly ConfigValue<K>[] };

export interface Override {
  /** Applies when every listed key equals the run's value. */
  when: ConfigPatch;
  set: ConfigPatch;
}

/** How a section is shown; every key is optional. */
export interface SectionMeta {
  /** The section's heading in REPORT.md and its figures' titles (default: the section id). */
  title?: string;
  /**
   * The section of experiments/report_tables.csv holding the published numbers of these runs;
   * without it the section has no comparison with the original report.
   */
  reportTable?: string;
  /**
   * The study the experiment belongs to (default "main"): `deno task reproduce` computes the main
   * study, `--study NAME` another one (e.g. "envelope", the noise envelope) into its own folders.
   * REPORT.md's sections are the main study's.
   */
  study?: string;
}

export interface GridExperiment extends SectionMeta {
  kind: "grid";
  section: string;
  name: string;
  base: ConfigPatch;
  axes: ConfigAxes;
  overrides?: readonly Override[];
  /**
   * Another grid section whose runs have the same names and one hidden layer fewer: one-vs-two
   * hidden-layer figures (charts/depth/) and table (in this section of the report).
   */
  comparesDepthWith?: string;
}

/** One variant per config key, so `values` is typed by `key`. */
export type SweepExperiment = {
  [K in keyof RunConfig]-?: SectionMeta & {
    kind: "sweep";
    section: string;
    name: string;
    base: ConfigPatch;
    key: K;
    values: readonly ConfigValue<K>[];
    /** The swept key's short label in tables and figures, e.g. "batch size" (default: key). */
    label?: string;
  };
}[keyof RunConfig];

export type Experiment = GridExperiment | SweepExperiment;

/** What one experiment file exports by default. */
export type ExperimentFile = readonly Experiment[];
