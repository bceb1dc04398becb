/**
 * Promotion of a work folder's runs into the committed reference (`--update-results`): the one
 * way results/ changes. Each run's CSV and manifest entry are copied over; the reference's
 * summary.csv is rebuilt from everything it then holds. Returns what it replaced.
 */
import { writeTextAtomic } from "./atomic.ts";
import { buildManifest, type ManifestRun, writeManifest } from "./manifest.ts";
import { checkAll, csvPath, loadEntries, readCsv, type Study, writeSummary } from "./study.ts";
import type { RunVerdict } from "./verify.ts";

export interface Promoted {
  run: string;
  /** "added" (not in the reference before), "replaced" (numbers changed), "unchanged". */
  change: "added" | "replaced" | "unchanged";
}

/**
 * Copies `verdicts`' runs from `work` into `reference`. `workEntries` are the work folder's
 * manifest entries; `workStudy` its study block, taken over when every run of the study moves.
 */
export async function promote(
  work: string,
  reference: string,
  study: Study,
  verdicts: readonly RunVerdict[],
  workEntries: ReadonlyMap<string, ManifestRun>,
  workStudy: { wallSeconds: number; jobs: number },
  log: (line: string) => void,
): Promise<Promoted[]> {
  const { entries, old } = await loadEntries(reference, study, "wasm", log);
  const out: Promoted[] = [];
  for (const v of verdicts) {
    const text = (await readCsv(work, v.run))!;
    await writeTextAtomic(csvPath(reference, v.run), text);
    const e = workEntries.get(v.run)!;
    entries.set(v.run, e);
    const change = v.kind === "no reference"
      ? "added"
      : v.kind === "different"
      ? "replaced"
      : "unchanged";
    out.push({ run: v.run, change });
  }
  const whole = study.runs.every((r) => verdicts.some((v) => v.run === r.name));
  const block = whole || old === undefined ? workStudy : old.study;
  await writeManifest(
    reference,
    buildManifest(entries, study.runs.map((r) => r.name), {
      quick: study.quick,
      studyHash: study.studyHash,
      study: { wallSeconds: block.wallSeconds, jobs: block.jobs, denoVersion: Deno.version.deno },
    }),
  );
  await writeSummary(reference, study, await checkAll(reference, study, entries), entries);
  return out;
}
