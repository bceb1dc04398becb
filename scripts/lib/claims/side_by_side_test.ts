/** Side-by-side curves: only with textbook runs, the largest changes first. */
import assert from "node:assert/strict";
import { largestChanges, sideBySideBlock } from "./side_by_side.ts";
import { data, rowsOf, run } from "./test_data.ts";
import type { ConclusionsInput } from "./inputs.ts";

const author = data({
  "s/a": run(rowsOf([0.9])),
  "s/b": run(rowsOf([0.8])),
  "s/c": run(rowsOf([0.5])),
});
const input = (textbook: ConclusionsInput["textbook"]) => ({
  author,
  textbook,
  envelope: [],
  label: "results/",
});

Deno.test("largestChanges: by |textbook − author|, runs in both only", () => {
  const tb = data({ "s/a": run(rowsOf([0.95])), "s/b": run(rowsOf([0.6])) });
  assert.deepEqual(largestChanges(input(tb)).map((r) => r.name), ["s/b", "s/a"]);
  assert.deepEqual(largestChanges(input(null)), []);
});

Deno.test("sideBySideBlock: nothing without textbook runs; author left, textbook right", () => {
  assert.deepEqual(sideBySideBlock(input(null), "results/"), []);
  const out = sideBySideBlock(input(data({ "s/b": run(rowsOf([0.6])) })), "results/");
  assert.ok(out[0].startsWith("The 1 runs whose final test accuracy changes most"));
  assert.equal(
    out[1],
    '<img src="charts/s/acc-b.png" alt="acc, s/b, author" width="400">\n' +
      '<img src="textbook/charts/s/acc-b.png" alt="acc, s/b, textbook" width="400">',
  );
});
