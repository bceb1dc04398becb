/**
 * Which study `deno task reproduce` (and golden, merge) works on: the experiments of one `study`
 * (experiments/schema.ts; "main" by default), run in one profile (`--profile textbook` sets
 * `profile: "textbook"` on every run: the study with the three quirks fixed). Each selection has
 * its own work folder and committed reference, so one code path computes and verifies them all.
 */
import { fileURLToPath } from "node:url";
import { type Profile, PROFILES, validateRunConfig } from "../../core/config.ts";
import { MAIN_STUDY, type RunSpec } from "./experiments.ts";

/** A study and the profile its runs use. */
export interface StudySelection {
  study: string;
  profile: Profile;
}

/** The committed study: main experiments, author profile. */
export const DEFAULT_SELECTION: Readonly<StudySelection> = Object.freeze({
  study: MAIN_STUDY,
  profile: "author",
});

/** The folder-name parts of a selection: [] for the default, else "textbook" and/or the study. */
export function selectionParts(sel: StudySelection): string[] {
  return [
    ...(sel.profile === "author" ? [] : [sel.profile]),
    ...(sel.study === MAIN_STUDY ? [] : [sel.study]),
  ];
}

/**
 * The default work folder: out/full and out/quick for the default selection, otherwise
 * out/<parts joined by "-">[-quick] (out/textbook, out/textbook-quick, out/envelope, …).
 */
export function defaultWorkFolder(sel: StudySelection, quick: boolean): string {
  const parts = selectionParts(sel);
  if (parts.length === 0) return quick ? "out/quick" : "out/full";
  return `out/${parts.join("-")}${quick ? "-quick" : ""}`;
}

/**
 * The default committed reference (absolute): results/[<parts>/][quick/], e.g. results/,
 * results/quick/, results/textbook/, results/textbook/quick/, results/envelope/.
 */
export function defaultReferenceFolder(sel: StudySelection, quick: boolean): string {
  const rel = [...selectionParts(sel), ...(quick ? ["quick"] : [])].join("/");
  return fileURLToPath(new URL(`../../results/${rel}`, import.meta.url)).replace(/\/$/, "");
}

/** The runs with the selection's profile applied (the author profile leaves them as they are). */
export function applyProfile(runs: readonly RunSpec[], profile: Profile): RunSpec[] {
  if (profile === "author") return [...runs];
  return runs.map((r) => ({ ...r, config: validateRunConfig({ ...r.config, profile }) }));
}

/** Whether a `--profile` value names a profile. */
export function isProfile(name: string): name is Profile {
  return (PROFILES as readonly string[]).includes(name);
}

/** The reproduce flags that select `sel` ("" for the default), each followed by a space. */
export function selectionFlags(sel: StudySelection): string {
  return (sel.profile === "author" ? "" : `--profile ${sel.profile} `) +
    (sel.study === MAIN_STUDY ? "" : `--study ${sel.study} `);
}
