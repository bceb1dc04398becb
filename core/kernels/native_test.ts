import assert from "node:assert/strict";
import { referenceKernels } from "./reference.ts";
import { buildNative } from "./native_build.ts";
import { addressOf, NATIVE_WIDTHS, openNative } from "./native.ts";

const at = (a: Float64Array) => addressOf(a.buffer) + a.byteOffset;

const lib = await buildNative().catch(() => undefined);
const ignore = lib === undefined;

/** Deterministic values with signed zeros, tiny and large magnitudes: rounding shows. */
function values(len: number, seed: number): Float64Array {
  const a = new Float64Array(len);
  let s = seed >>> 0;
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32 - 0.5;
    a[i] = i % 17 === 0 ? -0 : i % 13 === 0 ? 0 : u * (i % 7 === 0 ? 1e6 : 1) / (1 + (i % 5));
  }
  return a;
}

function sameBits(a: Float64Array, b: Float64Array, what: string) {
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) {
    if (x[i] !== y[i]) assert.fail(`${what}: element ${i}: ${a[i]} != reference ${b[i]}`);
  }
}

const SHAPES: [number, number, number][] = [
  [100, 784, 128], // the study's first layer
  [100, 128, 10],
  [7, 13, 9], // odd everything: tails in rows and columns
  [1, 3, 1],
  [33, 256, 128],
  [13, 5, 17],
];

Deno.test({
  name: "native products equal the reference bit for bit at every width the CPU runs",
  ignore,
  fn() {
    for (const width of NATIVE_WIDTHS) {
      let k8: ReturnType<typeof openNative>;
      try {
        k8 = openNative(lib!, width);
      } catch (e) {
        if (e instanceof RangeError) continue; // not on this CPU
        throw e;
      }
      for (const [n, k, m] of SHAPES) {
        const x = values(n * k, 1), w = values(k * m, 2), b = values(m, 3), g = values(n * m, 4);
        const ref = new Float64Array(n * m), out = new Float64Array(n * m);
        referenceKernels.xw(x, w, b, ref, n, k, m);
        k8.xw(at(x), at(w), at(b), at(out), n, k, m, 0, n, 0, m, 0, 0);
        sameBits(out, ref, `w${width} xw ${n}x${k}x${m}`);
        const gwRef = new Float64Array(k * m), gw = new Float64Array(k * m);
        referenceKernels.xtg(x, g, gwRef, n, k, m);
        k8.xtg(at(x), at(g), at(gw), n, k, m, 0, k, 0, m);
        sameBits(gw, gwRef, `w${width} xtg ${n}x${k}x${m}`);
        const gxRef = new Float64Array(n * k), gx = new Float64Array(n * k);
        const wt = new Float64Array(k * m);
        referenceKernels.gwt(g, w, gxRef, n, k, m);
        k8.transpose(at(w), at(wt), k, m);
        k8.gwt(at(g), at(wt), at(gx), n, k, m, 0, n, 0, k);
        sameBits(gx, gxRef, `w${width} gwt ${n}x${k}x${m}`);
      }
      k8.close();
    }
  },
});

Deno.test({
  name: "native blocks: any split of rows or columns gives the whole product's bits",
  ignore,
  fn() {
    const [n, k, m] = [37, 50, 29];
    const x = values(n * k, 5), w = values(k * m, 6), b = values(m, 7);
    const whole = new Float64Array(n * m);
    referenceKernels.xw(x, w, b, whole, n, k, m);
    const p = openNative(lib!);
    for (const [r, c] of [[17, 0], [0, 13], [1, 28], [36, 1]]) {
      const out = new Float64Array(n * m);
      if (r > 0) {
        p.xw(at(x), at(w), at(b), at(out), n, k, m, 0, r, 0, m, 0, 0);
        p.xw(at(x), at(w), at(b), at(out), n, k, m, r, n, 0, m, 0, 0);
      } else {
        p.xw(at(x), at(w), at(b), at(out), n, k, m, 0, n, 0, c, 0, 0);
        p.xw(at(x), at(w), at(b), at(out), n, k, m, 0, n, c, m, 0, 0);
      }
      sameBits(out, whole, `split ${r}/${c}`);
    }
    // A view at a byte offset (arena tensors are views): C gets the view's first element.
    const buf = new Float64Array(3 + n * m);
    const view = buf.subarray(3);
    p.xw(at(x), at(w), at(b), at(view), n, k, m, 0, n, 0, m, 0, 0);
    sameBits(view, whole, "offset view");
    assert.equal(buf[0], 0);
    p.close();
  },
});

Deno.test({
  name: "native xw continues from the running sums of batch-constant leading columns (k0, pre)",
  ignore,
  fn() {
    const [n, k, m, k0] = [9, 40, 21, 11];
    const x = values(n * k, 8), w = values(k * m, 9), b = values(m, 10);
    for (let i = 1; i < n; i++) for (let p = 0; p < k0; p++) x[i * k + p] = x[p];
    const whole = new Float64Array(n * m);
    referenceKernels.xw(x, w, b, whole, n, k, m);
    const pre = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      let acc = 0;
      for (let p = 0; p < k0; p++) acc += x[p] * w[p * m + j];
      pre[j] = acc;
    }
    for (const width of openNative(lib!).widths) {
      const p = openNative(lib!, width);
      const out = new Float64Array(n * m);
      p.xw(at(x), at(w), at(b), at(out), n, k, m, 0, n, 0, m, k0, at(pre));
      sameBits(out, whole, `w${width} prefix`);
      p.close();
    }
  },
});
