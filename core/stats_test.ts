import { assertEquals } from "./test_util.ts";
import assert from "node:assert/strict";
import { median, npMean, npSum } from "./stats.ts";

// a[i] = ((i * 7919) % 1000 - 500) / 7: exact inputs; expected values printed by numpy 2.4.
const a = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000 - 500) / 7);
const seq = (n: number) => a.slice(0, n).reduce((s, x) => s + x, 0);

Deno.test("stats: npSum matches numpy's pairwise float64 sums to the bit", () => {
  assertEquals(npSum(a, 0, 5), 98.57142857142856);
  assertEquals(npSum(a, 0, 37), -63.71428571428571);
  assertEquals(npSum(a, 0, 100), -135.71428571428567);
  assertEquals(npSum(a, 0, 1000), -71.42857142857159);
  // and a plain left-to-right sum would not:
  assertEquals(seq(100), -135.7142857142856);
  assertEquals(seq(1000), -71.42857142857147);
});

Deno.test("stats: npMean divides the pairwise sum once", () => {
  assertEquals(npMean([1, 2, 3, 4]), 2.5);
  assertEquals(npMean(a.slice(0, 100)), -1.3571428571428568);
});

Deno.test("median: odd, even, unsorted input, and empty is refused", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([0.7]), 0.7);
  const input = [5, 1, 4];
  median(input);
  assert.deepEqual(input, [5, 1, 4]); // not sorted in place
  assert.throws(() => median([]), /empty/);
});
