/** The project's one table printer: Markdown tables (REPORT.md, README) and plain-text ones. */

/** Markdown alignment markers, one per column: ":--" left, "--:" right. */
export type MarkdownAlign = ":--" | "--:";

/**
 * A Markdown table. With `pad`, every column is padded to its widest cell as `deno fmt` lays
 * tables out (so a README stays fmt-clean after a task rewrites a table in it).
 */
export function markdownTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly MarkdownAlign[],
  pad = false,
): string {
  const line = (r: readonly string[]) => `| ${r.join(" | ")} |`;
  if (!pad) return [head, align, ...rows].map(line).join("\n");
  const width = (s: string) => [...s].length;
  const widths = head.map((h, c) => Math.max(3, width(h), ...rows.map((r) => width(r[c] ?? ""))));
  const right = align.map((a) => a === "--:");
  const cell = (s: string, c: number) => {
    const fill = " ".repeat(widths[c] - width(s));
    return right[c] ? fill + s : s + fill;
  };
  const sep = widths.map((w, c) => (right[c] ? "-".repeat(w - 1) + ":" : ":" + "-".repeat(w - 1)));
  return [head.map(cell), sep, ...rows.map((r) => r.map(cell))].map(line).join("\n");
}

export interface TextTableOptions {
  /** Per column; default: every column left-aligned. */
  align?: readonly ("left" | "right")[];
  /** Between columns (default two spaces). */
  gap?: string;
  /** A line of dashes under the first row (the gap's spaces become dashes there too). */
  rule?: boolean;
}

/** A fixed-width plain-text table, one line per row, trailing spaces trimmed. */
export function textTable(rows: readonly (readonly string[])[], opts: TextTableOptions = {}) {
  const gap = opts.gap ?? "  ";
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => (r[j] ?? "").length)));
  const line = (r: readonly string[]) =>
    widths.map((w, j) => {
      const cell = r[j] ?? "";
      return opts.align?.[j] === "right" ? cell.padStart(w) : cell.padEnd(w);
    }).join(gap).trimEnd();
  const lines = rows.map(line);
  if (opts.rule) {
    lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join(gap.replaceAll(" ", "-")));
  }
  return lines.join("\n");
}
