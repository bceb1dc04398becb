/**
 * REPORT.md's section "Do the report's conclusions hold?": every claim of experiments/claims/
 * with its verdict on our author-profile runs and on the textbook runs, the noise envelope's
 * table, and author-against-textbook curves of the runs the quirks change most. Pure: every
 * sentence follows from the inputs; what is not computed yet says so, with its command.
 */
import type { Claim } from "../../../experiments/claims/schema.ts";
import { markdownTable } from "../text_table.ts";
import { type ClaimResult, evaluateClaim, type Verdict } from "./checks.ts";
import { describeCheck, formatItem } from "./describe.ts";
import type { ConclusionsInput } from "./inputs.ts";
import { envelopeBlock } from "./envelope_block.ts";
import { sideBySideBlock } from "./side_by_side.ts";

/** The commands that compute what the section may still lack. */
export const TEXTBOOK_COMMAND = "deno task reproduce --profile textbook --update-results";
export const ENVELOPE_COMMAND = "deno task reproduce --study envelope --update-results";

const VERDICTS: Verdict[] = ["holds", "mixed", "does not hold", "not computed"];

/** "(1) …; (2) …" when there are several, else the one text. */
function numbered(parts: string[]): string {
  return parts.length === 1 ? parts[0] : parts.map((p, i) => `(${i + 1}) ${p}`).join(" ");
}

/** A verdict and its numbers, as one table cell. */
export function resultCell(r: ClaimResult): string {
  const nums = r.checks.map((c) => c.items.map(formatItem).join("; "));
  return `**${r.verdict}**: ${numbered(nums)}`;
}

/** "13 hold, 12 mixed, 5 do not hold" over some results. */
export function verdictCounts(results: readonly ClaimResult[]): string {
  const word: Record<Verdict, string> = {
    "holds": "hold",
    "mixed": "mixed",
    "does not hold": "do not hold",
    "not computed": "not computed",
  };
  return VERDICTS.map((v) => [v, results.filter((r) => r.verdict === v).length] as const)
    .filter(([, n]) => n > 0).map(([v, n]) => `${n} ${word[v]}`).join(", ");
}

function claimsTable(claims: readonly Claim[], author: ClaimResult[], tb: ClaimResult[] | null) {
  const rows = claims.map((c, i) => [
    String(i + 1),
    `${c.zh}<br>*${c.en}*`,
    c.section,
    numbered(c.checks.map(describeCheck)),
    resultCell(author[i]),
    tb ? resultCell(tb[i]) : `not computed yet: \`${TEXTBOOK_COMMAND}\``,
  ]);
  return markdownTable(
    ["#", "The report's words", "Section", "Check", "Our author-profile runs", "Textbook runs"],
    rows,
    ["--:", ":--", ":--", ":--", ":--", ":--"],
  );
}

/** The section, numbered `n`. */
export function conclusionsSection(
  n: number,
  claims: readonly Claim[],
  input: ConclusionsInput,
): string[] {
  const author = claims.map((c) => evaluateClaim(c, input.author));
  const tb = input.textbook ? claims.map((c) => evaluateClaim(c, input.textbook!)) : null;
  const R = input.label;
  const out = [`## ${n}. Do the report's conclusions hold?`];
  out.push(
    `${claims.length} claims of the original report (experiments/claims/claims.ts: its words, ` +
      "their section, and checks over the results), each checked on our author-profile runs " +
      `under ${R} and on the textbook-profile runs (the three quirks fixed) under ${R}textbook/. ` +
      "A check's items are groups of runs compared with each other, or single runs; a claim " +
      "**holds** when every item holds, **does not hold** when none does, and is **mixed** " +
      "otherwise; ✓ and ✗ mark each item.",
  );
  out.push(
    `With our author-profile runs: ${verdictCounts(author)}. ` +
      (tb
        ? `With the textbook runs: ${verdictCounts(tb)}.`
        : `The textbook study is not computed yet (\`${TEXTBOOK_COMMAND}\`, then ` +
          "`deno task report`)."),
  );
  out.push(claimsTable(claims, author, tb));
  out.push(`### ${n}.1 Noise envelope`, ...envelopeBlock(input.envelope, R, ENVELOPE_COMMAND));
  const sides = sideBySideBlock(input, R);
  if (sides.length > 0) out.push(`### ${n}.2 Author against textbook curves`, ...sides);
  return out;
}
