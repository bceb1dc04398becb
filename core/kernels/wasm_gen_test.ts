import assert from "node:assert/strict";
import { assertThrowsMessage } from "../test_util.ts";
import { Arena } from "./arena.ts";
import { referenceKernels } from "./reference.ts";
import {
  assembleWat,
  DEFAULT_WAT_OPTIONS,
  generateMatmulWat,
  type WatOptions,
} from "./wasm_gen.ts";

const here = (name: string) => new URL(name, import.meta.url);

/** Deterministic values with both signs, signed zeros and exponents 2^-20..2^20 (no Math.random). */
function fillValues(a: Float64Array, seed: number): Float64Array {
  for (let i = 0; i < a.length; i++) {
    const t = Math.sin(i * 12.9898 + seed * 78.233) * 43758.5453;
    const f = t - Math.floor(t); // in [0, 1)
    a[i] = i % 11 === 0 ? (i % 2 ? -0 : 0) : (f - 0.5) * 2 ** ((i * 7 + seed) % 41 - 20);
  }
  return a;
}

Deno.test("committed matmul.wat is exactly the generator's output", async () => {
  const committed = await Deno.readTextFile(here("./matmul.wat"));
  assert.ok(
    committed === generateMatmulWat(),
    "matmul.wat is stale: run deno run -A scripts/build_wasm.ts",
  );
});

Deno.test("committed matmul.wasm is exactly what the generator's text assembles to", async () => {
  const committed = await Deno.readFile(here("./matmul.wasm"));
  const built = await assembleWat(generateMatmulWat());
  assert.equal(committed.length, built.length, "matmul.wasm size differs: rebuild it");
  assert.ok(committed.every((v, i) => v === built[i]), "matmul.wasm bytes differ: rebuild it");
});

Deno.test("the module uses plain f64x2 mul then add: relaxed SIMD only in tanh's fused steps", () => {
  const wat = generateMatmulWat();
  // tanh_gen's functions reproduce the C library's fused multiply-adds; nothing before them may
  const tanhStart = wat.indexOf("(func $expm1 ");
  assert.ok(tanhStart > 0);
  assert.ok(!/relaxed|fma|madd|qfma/i.test(wat.slice(0, tanhStart)));
  assert.ok(/relaxed_madd/.test(wat.slice(tanhStart)));
  // in the products (the elementwise kernels follow them), every f64 multiply feeds an add
  // whose first operand is an accumulator
  const products = wat.slice(0, wat.indexOf("(func $sgd "));
  assert.ok(products.length > 1000 && products.length < wat.length);
  const muls = products.match(/f64(x2)?\.mul/g)?.length ?? 0;
  const macs = products.match(/\((f64x2|f64)\.add \(local\.get \$acc\w*\) \(\1\.mul /g)
    ?.length;
  assert.ok(muls > 100);
  assert.equal(macs, muls);
  assert.match(wat, /\(import "env" "memory" \(memory 1 65536\)\)/);
  for (const name of ["xw", "xtg", "gwt"]) assert.ok(wat.includes(`(export "${name}")`));
});

Deno.test("generator rejects bad options, naming them", () => {
  assertThrowsMessage(
    () => generateMatmulWat({ ...DEFAULT_WAT_OPTIONS, unroll: 3 }),
    "unroll must be an even number >= 2, got 3",
  );
  assertThrowsMessage(
    () =>
      generateMatmulWat({ ...DEFAULT_WAT_OPTIONS, gwt: { rows: 0, pairs: 2, colsOuter: true } }),
    "gwt tile must be 1..8 rows × 1..8 pairs",
  );
});

Deno.test("other tile shapes, loop orders and unrolls give the same bits (order is per element)", async () => {
  const variants: WatOptions[] = [
    {
      xw: { rows: 1, pairs: 1, colsOuter: false },
      xtg: { rows: 3, pairs: 3, colsOuter: true },
      gwt: { rows: 2, pairs: 3, colsOuter: true },
      unroll: 2,
    },
    {
      xw: { rows: 3, pairs: 4, colsOuter: false },
      xtg: { rows: 1, pairs: 2, colsOuter: false },
      gwt: { rows: 5, pairs: 1, colsOuter: false },
      unroll: 6,
    },
  ];
  const [n, k, m] = [13, 37, 21];
  const arena = new Arena(4 * 1024);
  const x = fillValues(arena.alloc(n * k), 11); // x[n×k]
  const w = fillValues(arena.alloc(k * m), 12); // w[k×m]
  const b = fillValues(arena.alloc(m), 13);
  const g = fillValues(arena.alloc(n * m), 14); // g[n×m]
  const out = arena.alloc(k * m);
  const ref = new Float64Array(k * m);
  for (const options of variants) {
    const bytes = await assembleWat(generateMatmulWat(options));
    const module = await WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>);
    const e = (await WebAssembly.instantiate(module, { env: { memory: arena.memory } })).exports;
    const [xw, xtg, gwt] = ["xw", "xtg", "gwt"].map((f) => e[f] as (...a: number[]) => void);
    const bits = (len: number) =>
      Array.from(out.subarray(0, len), (v) => Object.is(v, -0) ? "-0" : v);
    const expected = (len: number) =>
      Array.from(ref.subarray(0, len), (v) => Object.is(v, -0) ? "-0" : v);
    referenceKernels.xw(x, w, b, ref, n, k, m); // out[n×m]
    xw(x.byteOffset, w.byteOffset, b.byteOffset, out.byteOffset, n, k, m, 0, n, 0, m);
    assert.deepEqual(bits(n * m), expected(n * m), `xw ${JSON.stringify(options.xw)}`);
    referenceKernels.xtg(x, g, ref, n, k, m); // gw[k×m]
    xtg(x.byteOffset, g.byteOffset, out.byteOffset, n, k, m, 0, k, 0, m);
    assert.deepEqual(bits(k * m), expected(k * m), `xtg ${JSON.stringify(options.xtg)}`);
    referenceKernels.gwt(g, w, ref, n, k, m); // gx[n×k]
    gwt(g.byteOffset, w.byteOffset, out.byteOffset, n, k, m, 0, n, 0, k);
    assert.deepEqual(bits(n * k), expected(n * k), `gwt ${JSON.stringify(options.gwt)}`);
    // a sub-block call writes only its block: rows [2,5) × columns [3,8) of out[n×m]
    out.fill(NaN);
    xw(x.byteOffset, w.byteOffset, b.byteOffset, out.byteOffset, n, k, m, 2, 5, 3, 8);
    referenceKernels.xw(x, w, b, ref, n, k, m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const inside = i >= 2 && i < 5 && j >= 3 && j < 8;
        const v = out[i * m + j];
        assert.ok(inside ? Object.is(v, ref[i * m + j]) : Number.isNaN(v), `block (${i}, ${j})`);
      }
    }
  }
});
