/**
 * Author against textbook curves, side by side, for the runs whose final test accuracy moves
 * most when the three quirks are fixed. Only when textbook runs exist; pure.
 */
import type { ConclusionsInput } from "./inputs.ts";

/** How many runs get side-by-side curves. */
export const SIDE_BY_SIDE_RUNS = 3;

/** Runs in both profiles, by |textbook − author| final test accuracy, largest first. */
export function largestChanges(input: ConclusionsInput): { name: string; a: number; t: number }[] {
  if (input.textbook === null) return [];
  const out: { name: string; a: number; t: number }[] = [];
  for (const [name, run] of input.author.runs) {
    const a = run.rows.at(-1)?.testAcc, t = input.textbook.runs.get(name)?.rows.at(-1)?.testAcc;
    if (a !== undefined && t !== undefined && Number.isFinite(a) && Number.isFinite(t)) {
      out.push({ name, a, t });
    }
  }
  return out.sort((x, y) =>
    Math.abs(y.t - y.a) - Math.abs(x.t - x.a) || (x.name < y.name ? -1 : 1)
  );
}

function chart(src: string, alt: string): string {
  return `<img src="${src}" alt="${alt}" width="400">`;
}

/** Sentences and figures; [] without textbook runs. */
export function sideBySideBlock(input: ConclusionsInput, R: string): string[] {
  const top = largestChanges(input).slice(0, SIDE_BY_SIDE_RUNS);
  if (top.length === 0) return [];
  const d = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(5);
  const out = [
    `The ${top.length} runs whose final test accuracy changes most when the quirks are fixed: ` +
    top.map((r) =>
      `${r.name} (author ${r.a.toFixed(5)}, textbook ${r.t.toFixed(5)}, ${d(r.t - r.a)})`
    )
      .join("; ") +
    `. Left: author profile (${R}charts/); right: textbook (${R}textbook/charts/, rendered by ` +
    "`deno task charts --results results/textbook`).",
  ];
  for (const r of top) {
    const [section, name] = [
      r.name.slice(0, r.name.indexOf("/")),
      r.name.slice(r.name.indexOf("/") + 1),
    ];
    for (const metric of ["acc", "loss"]) {
      const id = `${section}/${metric}-${name}`;
      out.push(
        chart(`charts/${id}.png`, `${metric}, ${r.name}, author`) + "\n" +
          chart(`textbook/charts/${id}.png`, `${metric}, ${r.name}, textbook`),
      );
    }
  }
  return out;
}
