import assert from "node:assert/strict";
import { firstDifference } from "../test_util.ts";
import { assembleWat } from "./wasm_gen.ts";
import {
  generateTanhWat,
  TANH_LOCALS,
  tanhInDomain,
  tanhScalarPair,
  tanhSteps,
} from "./tanh_gen.ts";
import { interleave } from "./wat_vec.ts";

/**
 * A test module: `scalar(src, dst, n)` runs $tanh per element; `vector(src, dst, n)` runs the
 * two-lane steps on pairs (two interleaved chains, as the GELU kernels do), with the scalar
 * fallback for pairs outside the domain. n is a multiple of 4.
 */
async function tanhModule(pages: number) {
  const local = (name: string, j: number) => `$${name}_${j}`;
  const get = (name: string, j: number) => `(local.get ${local(name, j)})`;
  const addr = (base: string, j: number) =>
    `(i32.add (local.get $${base}) (i32.add (i32.shl (local.get $i) (i32.const 3)) (i32.const ${
      16 * j
    })))`;
  const chains = [0, 1];
  const wat = `(module (import "env" "memory" (memory 1 65536))
${generateTanhWat().join("\n")}
(func (export "scalar") (param $s i32) (param $d i32) (param $n i32) (local $i i32)
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    (f64.store ${addr("d", 0)} (call $tanh (f64.load ${addr("s", 0)})))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $l))))
(func (export "vector") (param $s i32) (param $d i32) (param $n i32) (local $i i32)
  ${
    chains.flatMap((j) => [...TANH_LOCALS, "x"].map((n) => `(local ${local(n, j)} v128)`)).join(" ")
  }
  (block $done (loop $l
    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
    ${chains.map((j) => `(local.set ${local("x", j)} (v128.load ${addr("s", j)}))`).join("\n")}
    (if (i32.and ${tanhInDomain(get("x", 0))} ${tanhInDomain(get("x", 1))}) (then
      ${interleave(chains.map((j) => tanhSteps(get("x", j), (n) => get(n, j))), local).join("\n")}
    ) (else
      ${
    chains.map((j) => `(local.set ${local("th", j)} ${tanhScalarPair(get("x", j))})`).join("\n")
  }))
    ${chains.map((j) => `(v128.store ${addr("d", j)} ${get("th", j)})`).join("\n")}
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $l)))))`;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const module = await WebAssembly.compile((await assembleWat(wat)) as Uint8Array<ArrayBuffer>);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  type Run = (src: number, dst: number, n: number) => void;
  return {
    memory,
    scalar: instance.exports.scalar as Run,
    vector: instance.exports.vector as Run,
  };
}

/** Inputs around every branch point of tanh and expm1, plus a spread of ordinary values. */
function tanhInputs(): Float64Array {
  const xs: number[] = [];
  const ln2 = Math.LN2;
  const step = new DataView(new ArrayBuffer(8));
  const fromBits = (b: bigint) => (step.setBigInt64(0, b), step.getFloat64(0));
  const edges = [
    // tanh's |x| thresholds: 2^-55, 1, 22
    2 ** -55,
    1,
    22,
    // expm1 at 2|x|: high-word thresholds of k = 0 and k = ±1
    fromBits(0x3fc62e4300000000n),
    fromBits(0x3fe0a2b200000000n),
    // where trunc(2|x|/ln2 ± 0.5) steps: k = −2/−3 (negative argument), 19/20, 55/56, 56/57
    1.25 * ln2,
    9.75 * ln2,
    27.75 * ln2,
    28.25 * ln2,
  ];
  for (const e of edges) {
    step.setFloat64(0, e);
    const b = step.getBigInt64(0);
    for (let d = -40n; d <= 40n; d++) {
      step.setBigInt64(0, b + d * 1024n);
      xs.push(step.getFloat64(0), -step.getFloat64(0));
      step.setBigInt64(0, b + d);
      xs.push(step.getFloat64(0), -step.getFloat64(0));
    }
  }
  xs.push(0, -0, Infinity, -Infinity, NaN, 5e-324, -5e-324, 1e-300, 30, -30, 710, -710);
  // ordinary values: uniform over (-3, 3) and (-24, 24), and log-uniform down to 2^-60 (32-bit LCG)
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < 1_000_000; i++) xs.push(6 * next() - 3); // GELU's usual range
  for (let i = 0; i < 200_000; i++) xs.push(48 * next() - 24);
  for (let i = 0; i < 100_000; i++) xs.push((next() < 0.5 ? -1 : 1) * 2 ** (-60 + 66 * next()));
  while (xs.length % 4) xs.push(0.5);
  return Float64Array.from(xs);
}

Deno.test("vector tanh (both lanes, interleaved chains) equals the scalar $tanh bit for bit", async () => {
  const xs = tanhInputs();
  const n = xs.length;
  const { memory, scalar, vector } = await tanhModule(Math.ceil((3 * 8 * n) / 65536));
  const f64 = new Float64Array(memory.buffer);
  f64.set(xs);
  scalar(0, 8 * n, n);
  vector(0, 16 * n, n);
  const want = f64.slice(n, 2 * n), got = f64.slice(2 * n, 3 * n);
  const i = firstDifference(got, want);
  assert.equal(i, -1, `tanh(${xs[i]}): vector ${got[i]}, scalar ${want[i]}`);
  // and the values are tanh: within 1 ulp-ish of Math.tanh everywhere (whatever the libm)
  for (let j = 0; j < n; j++) {
    const e = Math.tanh(xs[j]);
    if (Number.isNaN(e)) assert.ok(Number.isNaN(want[j]));
    else assert.ok(Math.abs(want[j] - e) <= 2.3e-16 * Math.max(Math.abs(e), 1e-300), `${xs[j]}`);
  }
});
