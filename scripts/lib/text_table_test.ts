import assert from "node:assert/strict";
import { markdownTable, textTable } from "./text_table.ts";

Deno.test("markdownTable: plain, or padded as deno fmt pads", () => {
  const rows = [["gelu", "0.5"], ["relu-long", "12.25"]];
  assert.equal(
    markdownTable(["Run", "x"], rows, [":--", "--:"]),
    "| Run | x |\n| :-- | --: |\n| gelu | 0.5 |\n| relu-long | 12.25 |",
  );
  assert.equal(
    markdownTable(["Run", "x"], rows, [":--", "--:"], true),
    "| Run       |     x |\n| :-------- | ----: |\n| gelu      |   0.5 |\n| relu-long | 12.25 |",
  );
});

Deno.test("textTable: aligned columns, optional rule, trailing spaces trimmed", () => {
  const rows = [["pair", "s"], ["gelu-hinge", "1.5"], ["a", "10.25"]];
  assert.equal(
    textTable(rows, { align: ["left", "right"] }),
    "pair            s\ngelu-hinge    1.5\na           10.25",
  );
  assert.equal(
    textTable([["a", "bb", "c"], ["xyz", "", ""]], { gap: " | ", rule: true }),
    "a   | bb | c\n----|----|--\nxyz |    |",
  );
});
