import assert from "node:assert/strict";
import {
  assertThrowsMessage,
  constantColumnX,
  fillTestValues,
  firstDifference,
} from "../test_util.ts";
import { Arena } from "./arena.ts";
import { type ColumnCompactor, createColumnCompactor } from "./openblas_columns.ts";
import { createWasmKernels } from "./wasm.ts";

/** A compactor on `arena`'s wasm module, as the openblas backend makes it. */
async function compactor(arena: Arena): Promise<ColumnCompactor> {
  const { instance } = await createWasmKernels(arena);
  return createColumnCompactor(instance.mem, instance.exports);
}

Deno.test("columns.pack/packRows/spread: exact packed copies and sums, rows spread back", async () => {
  for (const [n, k, m] of [[2, 64, 3], [100, 784, 128], [7, 129, 10], [10, 300, 257]]) {
    const x = constantColumnX(n, k, n + k);
    const w = fillTestValues(new Float64Array(k * m), 6);
    // expected: the varying columns and the first column of each constant bit pattern
    const bits = new BigInt64Array(x.buffer);
    const constant = (p: number) => {
      for (let i = 1; i < n; i++) if (bits[i * k + p] !== bits[p]) return false;
      return true;
    };
    const kept: number[] = [], twin = new Map<number, number>(); // column → kept representative
    for (let p = 0; p < k; p++) {
      const rep = constant(p) ? kept.find((q) => constant(q) && bits[q] === bits[p]) : undefined;
      if (rep === undefined) kept.push(p);
      else twin.set(p, rep);
    }
    const arena = new Arena(n * k + 2 * k * m + n * k + k * m + 16);
    const columns = await compactor(arena);
    const xa = arena.alloc(n * k), wa = arena.alloc(k * m), gw = arena.alloc(k * m);
    xa.set(x);
    wa.set(w);
    const packed = columns.pack(xa, n, k);
    assert.ok(packed, `${n}×${k}: ${k - kept.length} repeated columns, expected a packing`);
    assert.equal(packed.k, kept.length);
    const expectedX = new Float64Array(n * kept.length);
    for (let i = 0; i < n; i++) {
      kept.forEach((p, j) => (expectedX[i * kept.length + j] = x[i * k + p]));
    }
    assert.equal(firstDifference(packed.x, expectedX), -1, `${n}×${k}: packed x`);
    // a constant column's packed row of w: its own row plus its twins', in column order
    const expectedW = new Float64Array(kept.length * m);
    kept.forEach((p, j) => expectedW.set(w.subarray(p * m, p * m + m), j * m));
    for (const [p, rep] of twin) {
      const j = kept.indexOf(rep);
      for (let c = 0; c < m; c++) expectedW[j * m + c] += w[p * m + c];
    }
    const packedW = columns.packRows(wa, m);
    assert.ok(packedW);
    assert.equal(firstDifference(packedW, expectedW), -1, `${n}×${k}×${m}: packed rows of w`);
    // spread: packed row j → row kept[j]; a twin's row = its representative's
    gw.fill(NaN);
    for (let j = 0; j < kept.length; j++) gw.fill(j + 0.5, j * m, j * m + m);
    columns.spread(gw, m);
    for (let p = 0; p < k; p++) {
      const j = kept.indexOf(twin.get(p) ?? p);
      assert.ok(gw.subarray(p * m, p * m + m).every((v) => v === j + 0.5), `row ${p} of gw`);
    }
  }
  // scratch for the whole shape is claimed at once: batches packing more columns later still fit
  // an arena with room for one packed x[n×k] and w[k×m] (as Mlp.arenaCapacity reserves)
  {
    const n = 20, k = 100, m = 30;
    const arena = new Arena(n * k + k * m + n * k + k * m + 16);
    const columns = await compactor(arena);
    const xa = arena.alloc(n * k), wa = arena.alloc(k * m);
    for (const constantColumns of [60, 30, 20, 40]) {
      xa.set(fillTestValues(new Float64Array(n * k), constantColumns));
      for (let i = 0; i < n; i++) xa.fill(0.5, i * k, i * k + constantColumns);
      const packed = columns.pack(xa, n, k);
      assert.equal(packed?.k, k - constantColumns + 1, `${constantColumns} constant columns`);
      assert.ok(columns.packRows(wa, m), `${constantColumns} constant columns: rows of w`);
    }
  }
  // nothing worth packing (no constant column), or no arena room: null
  const n = 10, k = 100, x = fillTestValues(new Float64Array(n * k), 9);
  const roomy = new Arena(3 * n * k + 16), tight = new Arena(n * k + 16);
  for (const [arena, edit] of [[roomy, false], [tight, true]] as const) {
    const columns = await compactor(arena);
    const xa = arena.alloc(n * k);
    xa.set(x);
    if (edit) { for (let i = 0; i < n; i++) xa.fill(0.25, i * k, i * k + 50); }
    assert.equal(columns.pack(xa, n, k), null);
  }
  const columns = await compactor(new Arena(16));
  assertThrowsMessage(() => columns.spread(new Float64Array(1), 1), "needs a pack()");
});
