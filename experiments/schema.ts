/**
 * Shape of the experiment files: literal data only, expanded into runs by scripts/lib/experiments.ts.
 *
 * A `grid` takes the cross product of its axes (first axis outermost) over `base`, then applies
 * every matching override in order. A `sweep` varies one key of `base` over `values`.
 * `name` is a template: `{key}` is replaced by that config value in JS shortest form
 * (`hidden` joined with "-"), and the run is called `<section>/<name>`.
 * Keys left out take the defaults of core/config.ts (DEFAULT_CONFIG).
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

export interface GridExperiment {
  kind: "grid";
  section: string;
  name: string;
  base: ConfigPatch;
  axes: ConfigAxes;
  overrides?: readonly Override[];
}

/** One variant per config key, so `values` is typed by `key`. */
export type SweepExperiment = {
  [K in keyof RunConfig]-?: {
    kind: "sweep";
    section: string;
    name: string;
    base: ConfigPatch;
    key: K;
    values: readonly ConfigValue<K>[];
  };
}[keyof RunConfig];

export type Experiment = GridExperiment | SweepExperiment;

/** What one experiment file exports by default. */
export type ExperimentFile = readonly Experiment[];
