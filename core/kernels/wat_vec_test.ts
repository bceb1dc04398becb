import assert from "node:assert/strict";
import { formatF64 } from "./wat_vec.ts";

Deno.test("formatF64 writes exact hex floats", () => {
  assert.equal(formatF64(1), "0x1.0000000000000p0");
  assert.equal(formatF64(-0.5), "-0x1.0000000000000p-1");
  assert.equal(formatF64(-0), "-0x0p+0");
  assert.equal(formatF64(5e-324), "0x0.0000000000001p-1022");
  assert.throws(() => formatF64(NaN), /formatF64/);
});
