/**
 * Whether a stored run is done: its CSV is whole (parses, ends in a line break, epochs 0..k-1),
 * holds exactly `epochs` rows or ends in a divergence, and its manifest entry matches the config
 * hash and engine version of today. Anything else is recomputed, with the reason in one line.
 * Pure: texts in, a verdict out.
 */
import { CsvError, type EpochRow, parseRunCsv } from "../../core/csv.ts";
import { ENGINE_VERSION } from "../../core/version.ts";
import type { RunSpec } from "./experiments.ts";
import { type ManifestRun, round3 } from "./manifest.ts";

/** What a run CSV says on its own: its rows and whether it ends in a divergence. */
export type CsvCheck =
  | { ok: true; rows: EpochRow[]; diverged: boolean }
  | { ok: false; why: string };

export type RunCheck =
  | { done: true; rows: EpochRow[]; diverged: boolean }
  | { done: false; why: string };

/** A row where training or testing blew up: what core/train.ts writes last when a run diverges. */
export function isDivergedRow(r: EpochRow): boolean {
  return !Number.isFinite(r.windowLoss) || !Number.isFinite(r.testLoss) ||
    !Number.isFinite(r.trainLoss);
}

/** Checks a run CSV against the run's epoch count. */
export function checkRunCsv(text: string, epochs: number, name: string): CsvCheck {
  if (!text.endsWith("\n")) return { ok: false, why: "CSV cut mid-line (no final line break)" };
  let rows: EpochRow[];
  try {
    rows = parseRunCsv(text, name);
  } catch (err) {
    if (err instanceof CsvError) return { ok: false, why: `CSV unreadable: ${err.message}` };
    throw err;
  }
  const last = rows.at(-1);
  const diverged = last !== undefined && isDivergedRow(last);
  if (rows.some((r, i) => i < rows.length - 1 && isDivergedRow(r))) {
    return { ok: false, why: "CSV has a diverged row before its last" };
  }
  if (rows.length > epochs) {
    return { ok: false, why: `CSV has ${rows.length} epoch rows, expected ${epochs}` };
  }
  if (rows.length < epochs && !diverged) {
    return { ok: false, why: `CSV has ${rows.length} of ${epochs} epoch rows` };
  }
  return { ok: true, rows, diverged };
}

/**
 * The verdict for one run. `csv` is the CSV text (undefined: no file); `entry` its manifest
 * entry (undefined: none); `hash` the config hash of today's experiment files.
 */
export function checkRun(
  run: RunSpec,
  hash: string,
  entry: ManifestRun | undefined,
  csv: string | undefined,
): RunCheck {
  if (entry === undefined && csv === undefined) return { done: false, why: "not computed yet" };
  if (entry === undefined) return { done: false, why: "CSV without a manifest entry" };
  if (entry.status === "failed") {
    return { done: false, why: `failed last time (${entry.error ?? "no message"})` };
  }
  if (entry.engineVersion !== ENGINE_VERSION) {
    return {
      done: false,
      why: `computed by engine version ${entry.engineVersion}, now ${ENGINE_VERSION}`,
    };
  }
  if (entry.configHash !== hash) {
    return { done: false, why: "config changed since it was computed" };
  }
  if (csv === undefined) return { done: false, why: "CSV missing" };
  const c = checkRunCsv(csv, run.config.epochs, run.name);
  if (!c.ok) return { done: false, why: c.why };
  if (c.diverged !== (entry.status === "diverged")) {
    return {
      done: false,
      why: `manifest says ${entry.status} but the CSV ${
        c.diverged ? "ends in a divergence" : "does not"
      }`,
    };
  }
  return { done: true, rows: c.rows, diverged: c.diverged };
}

/**
 * A manifest entry rebuilt from a whole CSV, after the manifest was lost or damaged: the CSV is
 * taken to come from today's config and engine (the comparison with results/ still checks every
 * number). Its machine time is the sum of the CSV's epoch times. Undefined when the CSV is not whole.
 */
export function rebuildEntry(
  run: RunSpec,
  hash: string,
  csv: string,
  backend: ManifestRun["backend"],
): ManifestRun | undefined {
  const c = checkRunCsv(csv, run.config.epochs, run.name);
  if (!c.ok) return undefined;
  const seconds = c.rows.reduce((s, r) => s + r.seconds, 0);
  return {
    config: run.config,
    configHash: hash,
    engineVersion: ENGINE_VERSION,
    denoVersion: Deno.version.deno,
    backend,
    wallSeconds: round3(seconds),
    status: c.diverged ? "diverged" : "ok",
    ...(c.diverged ? { divergedEpoch: c.rows.at(-1)!.epoch } : {}),
    csv: run.name + ".csv",
    rebuilt: true,
  };
}
