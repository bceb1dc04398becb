import assert from "node:assert/strict";
import { smoothSeries } from "./smooth.js";

Deno.test("smoothSeries: weight 0 is the identity, a constant stays constant (debiased)", () => {
  assert.deepEqual(smoothSeries([1, 2, 3], 0), [1, 2, 3]);
  const flat = smoothSeries([5, 5, 5, 5], 0.9);
  for (const v of flat) assert.ok(Math.abs(v! - 5) < 1e-12);
});

Deno.test("smoothSeries: averages towards the past, gaps stay gaps", () => {
  const s = smoothSeries([0, 10, null, 10], 0.5);
  assert.equal(s[0], 0);
  assert.ok(Math.abs(s[1]! - 20 / 3) < 1e-12); // (0.5·0.5·0 + 0.5·10) / (1 − 0.25)
  assert.equal(s[2], null);
  assert.ok(s[3]! > s[1]! && s[3]! < 10);
  assert.deepEqual(smoothSeries([NaN, 1], 0.5), [null, 1]);
});
