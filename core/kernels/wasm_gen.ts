/**
 * Emits the WebAssembly text (matmul.wat) of the SIMD matrix-product kernels.
 *
 * Every output element keeps its own accumulator, starts at +0 and receives its products in
 * increasing contraction index, one plain `f64x2.mul` then one `f64x2.add` each (no fma), so the
 * result is bit-identical to core/kernels/reference.ts. SIMD lanes are always two *different*
 * output elements; tiling and unrolling only change which elements are computed together,
 * never the order of any single sum.
 *
 * Exports (all arguments i32; pointers are byte offsets into the imported memory; each call
 * computes the output block rows [r0, r1) × columns [c0, c1), so two threads can split a product):
 *   xw (x, w, b, out, n, k, m, r0, r1, c0, c1, k0, pre)
 *                                               out[n×m] = x[n×k]·w[k×m] + b[m]; when k0 > 0 the
 *                                               sums start from pre[m] (xw_prefix) at column k0
 *   xw_prefix(x, w, pre, k0, m)                 pre[m] = x[0, :k0]·w[:k0, ·], for x whose first
 *                                               k0 columns are constant over the batch
 *   xtg(x, g, gw, n, k, m, r0, r1, c0, c1)      gw[k×m] = x[n×k]ᵀ·g[n×m]   (rows of gw = k)
 *   gwt(g, w, gx, n, k, m, r0, r1, c0, c1)      gx[n×k] = g[n×m]·w[k×m]ᵀ
 * The same module also carries the step's elementwise kernels (elementwise_gen.ts), GELU
 * (gelu_gen.ts, over tanh_gen.ts: the only relaxed-SIMD operations, which reproduce the C
 * library's tanh) and the sigmoid with a correctly rounded exp (exp_gen.ts).
 */

import { generateElementwiseWat } from "./elementwise_gen.ts";
import { generateExpWat } from "./exp_gen.ts";
import { generateGeluWat } from "./gelu_gen.ts";
import { generateTanhWat } from "./tanh_gen.ts";

/** Register-tile shape of one product: `rows` output rows × `pairs` output column pairs. */
export interface TileShape {
  rows: number;
  pairs: number;
  /** walk output column groups in the outer loop (keeps a strip of w in cache for xw) */
  colsOuter: boolean;
}

/**
 * Per-product tiles. Accumulators = rows × pairs f64x2, and x86-64 has 16 xmm registers; gwt
 * also holds 2 × pairs vectors of interleaved w.
 */
export interface WatOptions {
  xw: TileShape;
  xtg: TileShape;
  gwt: TileShape;
  /** Contraction steps per unrolled loop iteration (a multiple of 2). */
  unroll: number;
}

/** Tile shapes chosen by measurement on the target machine (see scripts/kernel_gflops.ts). */
export const DEFAULT_WAT_OPTIONS: WatOptions = {
  // 4×3 tiles (12 accumulators) spill on x64 and ran ~30% slower; 5×2, 4×2 and 3×3 were within
  // noise of each other. xw walks column strips outermost so a strip of w stays in cache.
  xw: { rows: 5, pairs: 2, colsOuter: true },
  xtg: { rows: 4, pairs: 2, colsOuter: false },
  gwt: { rows: 4, pairs: 2, colsOuter: false },
  unroll: 8,
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const get = (name: string): string => `(local.get $${name})`;
const set = (name: string, value: string): string => `(local.set $${name} ${value})`;
const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;
const mul = (a: string, b: string): string => `(i32.mul ${a} ${b})`;
const i32 = (v: number): string => `(i32.const ${v})`;
const off = (bytes: number): string => (bytes === 0 ? "" : ` offset=${bytes}`);
const vload = (ptr: string, bytes: number): string => `(v128.load${off(bytes)} ${ptr})`;
const fload = (ptr: string, bytes: number): string => `(f64.load${off(bytes)} ${ptr})`;
/** One f64 broadcast to both lanes, loaded straight into a vector (a single movddup on x64). */
const splat = (ptr: string, bytes: number): string => `(v128.load64_splat${off(bytes)} ${ptr})`;
/** acc = acc + (s * v), rounded twice, as the contract demands. */
const vmac = (acc: string, s: string, v: string): string =>
  set(acc, `(f64x2.add ${get(acc)} (f64x2.mul ${s} ${v}))`);
const smac = (acc: string, s: string, v: string): string =>
  set(acc, `(f64.add ${get(acc)} (f64.mul ${s} ${v}))`);

/**
 * A counted contraction loop: `body(u)` emits step u of an unrolled iteration of `unroll` steps,
 * `advance(steps)` moves the pointers; the remainder runs one step at a time, in the same order.
 */
function contractionLoop(
  unroll: number,
  body: (u: number) => string[],
  advance: (steps: number) => string[],
): string[] {
  return [
    `(block $main_done (loop $main`,
    `  (br_if $main_done (i32.lt_u ${get("t")} ${i32(unroll)}))`,
    ...range(unroll).flatMap((u) => body(u)).map((l) => "  " + l),
    ...advance(unroll).map((l) => "  " + l),
    `  ${set("t", `(i32.sub ${get("t")} ${i32(unroll)})`)}`,
    `  (br $main)))`,
    `(block $rest_done (loop $rest`,
    `  (br_if $rest_done (i32.eqz ${get("t")}))`,
    ...body(0).map((l) => "  " + l),
    ...advance(1).map((l) => "  " + l),
    `  ${set("t", `(i32.sub ${get("t")} ${i32(1)})`)}`,
    `  (br $rest)))`,
  ];
}

function func(name: string, params: string[], locals: string[], body: string[]): string {
  const head = `(func $${name} ${params.map((p) => `(param $${p} i32)`).join(" ")}`;
  return [head, ...locals.map((l) => `  ${l}`), ...body.map((l) => `  ${l}`), ")"].join("\n");
}

const vlocals = (names: string[]): string[] => names.map((n) => `(local $${n} v128)`);
const flocals = (names: string[]): string[] => names.map((n) => `(local $${n} f64)`);
const ilocals = (names: string[]): string[] => names.map((n) => `(local $${n} i32)`);
const accNames = (rows: number, pairs: number): string[] =>
  range(rows).flatMap((r) => range(pairs).map((c) => `acc${r}_${c}`));

/**
 * xw tile: out[i+r, j+2c .. j+2c+1] for r < rows, c < pairs (pairs = 0: the single column j).
 * x rows are contiguous along the contraction (immediate offsets); w steps by one row (m*8).
 */
function xwTile(rows: number, pairs: number, unroll: number): string {
  const scalar = pairs === 0;
  const accs = scalar ? range(rows).map((r) => `acc${r}`) : accNames(rows, pairs);
  const a = range(rows).map((r) => `a${r}`);
  const bv = range(pairs).map((c) => `b${c}`);
  const body = (u: number): string[] => {
    const lines: string[] = [];
    // one contraction step p: out[i+r, j..] += x[i+r, p] · w[p, j..]
    if (scalar) {
      lines.push(set("s", fload(get("bp"), 0)));
      for (const r of range(rows)) lines.push(smac(`acc${r}`, fload(get(a[r]), u * 8), get("s")));
    } else {
      for (const c of range(pairs)) lines.push(set(bv[c], vload(get("bp"), c * 16)));
      for (const r of range(rows)) {
        lines.push(set("sv", splat(get(a[r]), u * 8)));
        for (const c of range(pairs)) lines.push(vmac(`acc${r}_${c}`, get("sv"), get(bv[c])));
      }
    }
    lines.push(set("bp", add(get("bp"), get("bstep"))));
    return lines;
  };
  const advance = (steps: number) => a.map((p) => set(p, add(get(p), i32(steps * 8))));
  const store: string[] = [];
  for (const r of range(rows)) {
    const o = r === 0 ? get("op") : add(get("op"), mul(get("orow"), i32(r)));
    if (scalar) {
      store.push(`(f64.store ${o} (f64.add ${get(`acc${r}`)} (f64.load ${get("biasp")})))`);
    } else {
      for (const c of range(pairs)) {
        // bias added after the whole sum
        const v = `(f64x2.add ${get(`acc${r}_${c}`)} ${vload(get("biasp"), c * 16)})`;
        store.push(`(v128.store${off(c * 16)} ${o} ${v})`);
      }
    }
  }
  // accumulators start at +0, or (init) at the prefix sums of the constant leading columns
  const start = accs.map((acc) =>
    set(acc, scalar ? fload(get("prep"), 0) : vload(get("prep"), Number(acc.split("_")[1]) * 16))
  );
  return func(
    `xw_${rows}_${pairs}`,
    ["x", "arow", "bp", "bstep", "op", "orow", "biasp", "prep", "init", "t"],
    [
      ...ilocals(a),
      ...(scalar ? flocals([...accs, "s"]) : vlocals([...accs, ...bv, "sv"])),
    ],
    [
      ...a.map((p, r) => set(p, r === 0 ? get("x") : add(get("x"), mul(get("arow"), i32(r))))),
      `(if ${get("init")} (then`,
      ...start.map((l) => "  " + l),
      `))`,
      ...contractionLoop(unroll, body, advance),
      ...store,
    ],
  );
}

/**
 * xw_prefix(x, w, pre, k0, m): pre[j] = Σ_{p<k0} x[p]·w[p, j] for j < m, from +0 in increasing
 * p: the running sums of one x row over its first k0 columns, which xw continues from when
 * those columns are constant over the batch (every row would compute these very sums).
 */
function xwPrefix(): string {
  const body = [
    set("j", i32(0)),
    `(block $pairs_done (loop $pairs`,
    `  (br_if $pairs_done (i32.ge_s (i32.add ${get("j")} ${i32(1)}) ${get("m")}))`,
    `  ${set("acc", "(v128.const i64x2 0 0)")}`,
    `  ${set("wp", add(get("w"), mul(get("j"), i32(8))))}`,
    `  ${set("p", i32(0))}`,
    `  (block $terms_done (loop $terms`,
    `    (br_if $terms_done (i32.ge_s ${get("p")} ${get("k0")}))`,
    `    ${vmac("acc", splat(add(get("x"), mul(get("p"), i32(8))), 0), vload(get("wp"), 0))}`,
    `    ${set("wp", add(get("wp"), mul(get("m"), i32(8))))}`,
    `    ${set("p", add(get("p"), i32(1)))}`,
    `    (br $terms)))`,
    `  (v128.store ${add(get("pre"), mul(get("j"), i32(8)))} ${get("acc")})`,
    `  ${set("j", add(get("j"), i32(2)))}`,
    `  (br $pairs)))`,
    // an odd last column
    `(if (i32.lt_s ${get("j")} ${get("m")}) (then`,
    `  ${set("accLast", "(f64.const 0)")}`,
    `  ${set("wp", add(get("w"), mul(get("j"), i32(8))))}`,
    `  ${set("p", i32(0))}`,
    `  (block $last_done (loop $last`,
    `    (br_if $last_done (i32.ge_s ${get("p")} ${get("k0")}))`,
    `    ${smac("accLast", fload(add(get("x"), mul(get("p"), i32(8))), 0), fload(get("wp"), 0))}`,
    `    ${set("wp", add(get("wp"), mul(get("m"), i32(8))))}`,
    `    ${set("p", add(get("p"), i32(1)))}`,
    `    (br $last)))`,
    `  (f64.store ${add(get("pre"), mul(get("j"), i32(8)))} ${get("accLast")})))`,
  ];
  return func(
    "xw_prefix",
    ["x", "w", "pre", "k0", "m"],
    [...ilocals(["j", "p", "wp"]), ...vlocals(["acc"]), ...flocals(["accLast"])],
    body,
  ).replace("(func $xw_prefix ", '(func $xw_prefix (export "xw_prefix") ');
}

/**
 * xtg tile: gw[p+r, j+2c ..] for r < rows, c < pairs (pairs = 0: the single column j).
 * The contraction runs over batch rows i: x[i, p+r] sit side by side (immediate offsets),
 * both pointers step by one batch row per contraction step.
 */
function xtgTile(rows: number, pairs: number, unroll: number): string {
  const scalar = pairs === 0;
  const accs = scalar ? range(rows).map((r) => `acc${r}`) : accNames(rows, pairs);
  const bv = range(pairs).map((c) => `b${c}`);
  const body = (_u: number): string[] => {
    const lines: string[] = [];
    // one contraction step i: gw[p+r, j..] += x[i, p+r] · g[i, j..]
    if (scalar) {
      lines.push(set("s", fload(get("bp"), 0)));
      for (const r of range(rows)) lines.push(smac(`acc${r}`, fload(get("ap"), r * 8), get("s")));
    } else {
      for (const c of range(pairs)) lines.push(set(bv[c], vload(get("bp"), c * 16)));
      for (const r of range(rows)) {
        lines.push(set("sv", splat(get("ap"), r * 8)));
        for (const c of range(pairs)) lines.push(vmac(`acc${r}_${c}`, get("sv"), get(bv[c])));
      }
    }
    lines.push(set("ap", add(get("ap"), get("astep"))));
    lines.push(set("bp", add(get("bp"), get("bstep"))));
    return lines;
  };
  const store: string[] = [];
  for (const r of range(rows)) {
    const o = r === 0 ? get("op") : add(get("op"), mul(get("orow"), i32(r)));
    if (scalar) store.push(`(f64.store ${o} ${get(`acc${r}`)})`);
    else {
      for (const c of range(pairs)) {
        store.push(`(v128.store${off(c * 16)} ${o} ${get(`acc${r}_${c}`)})`);
      }
    }
  }
  return func(
    `xtg_${rows}_${pairs}`,
    ["ap", "astep", "bp", "bstep", "op", "orow", "t"],
    scalar ? flocals([...accs, "s"]) : vlocals([...accs, ...bv, "sv"]),
    [...contractionLoop(unroll, body, () => []), ...store],
  );
}

/**
 * gwt tile: gx[i+r, p+2c ..] for r < rows, c < pairs (pairs = 0: the single column p).
 * The contraction runs along rows of both g and w, so w rows p+2c and p+2c+1 are read two
 * elements at a time and interleaved by shuffles into (w[p+2c, j], w[p+2c+1, j]) lanes.
 * One loop step is a pair of contraction indices j, j+1; an odd last j runs on its own.
 */
function gwtTile(rows: number, pairs: number, unroll: number): string {
  const scalar = pairs === 0;
  const accs = scalar ? range(rows).map((r) => `acc${r}`) : accNames(rows, pairs);
  const a = range(rows).map((r) => `a${r}`);
  const wr = scalar ? ["w0"] : range(2 * pairs).map((q) => `w${q}`);
  const lo = range(pairs).map((c) => `lo${c}`);
  const hi = range(pairs).map((c) => `hi${c}`);
  const pairBody = (u: number): string[] => {
    const lines: string[] = [];
    const o = u * 16;
    if (scalar) {
      // gx[i+r, p] += g[i+r, j] · w[p, j], then the same for j+1
      for (const h of [0, 8]) {
        lines.push(set("s", fload(get("w0"), o + h)));
        for (const r of range(rows)) lines.push(smac(`acc${r}`, fload(get(a[r]), o + h), get("s")));
      }
      return lines;
    }
    for (const c of range(pairs)) {
      const v0 = vload(get(wr[2 * c]), o);
      const v1 = vload(get(wr[2 * c + 1]), o);
      lines.push(set("t0", v0), set("t1", v1));
      // lo = (w[p+2c, j], w[p+2c+1, j]); hi = the same at j+1
      lines.push(set(lo[c], `(i8x16.shuffle ${shuffleLanes(0)} ${get("t0")} ${get("t1")})`));
      lines.push(set(hi[c], `(i8x16.shuffle ${shuffleLanes(1)} ${get("t0")} ${get("t1")})`));
    }
    // every accumulator receives its j product before its j+1 product
    for (const r of range(rows)) {
      lines.push(set("sv", splat(get(a[r]), o)));
      for (const c of range(pairs)) lines.push(vmac(`acc${r}_${c}`, get("sv"), get(lo[c])));
    }
    for (const r of range(rows)) {
      lines.push(set("sv", splat(get(a[r]), o + 8)));
      for (const c of range(pairs)) lines.push(vmac(`acc${r}_${c}`, get("sv"), get(hi[c])));
    }
    return lines;
  };
  const advance = (pairSteps: number) =>
    [...a, ...wr].map((p) => set(p, add(get(p), i32(pairSteps * 16))));
  // the odd last contraction index (m odd)
  const oddStep: string[] = [];
  if (scalar) {
    oddStep.push(set("s", fload(get("w0"), 0)));
    for (const r of range(rows)) oddStep.push(smac(`acc${r}`, fload(get(a[r]), 0), get("s")));
  } else {
    for (const c of range(pairs)) {
      const v = `(f64x2.replace_lane 1 ${splat(get(wr[2 * c]), 0)} ${
        fload(get(wr[2 * c + 1]), 0)
      })`;
      oddStep.push(set(lo[c], v));
    }
    for (const r of range(rows)) {
      oddStep.push(set("sv", splat(get(a[r]), 0)));
      for (const c of range(pairs)) oddStep.push(vmac(`acc${r}_${c}`, get("sv"), get(lo[c])));
    }
  }
  const store: string[] = [];
  for (const r of range(rows)) {
    const o = r === 0 ? get("op") : add(get("op"), mul(get("orow"), i32(r)));
    if (scalar) store.push(`(f64.store ${o} ${get(`acc${r}`)})`);
    else {
      for (const c of range(pairs)) {
        store.push(`(v128.store${off(c * 16)} ${o} ${get(`acc${r}_${c}`)})`);
      }
    }
  }
  return func(
    `gwt_${rows}_${pairs}`,
    ["g", "grow", "w", "wrow", "op", "orow", "m"],
    [
      ...ilocals([...a, ...wr, "t"]),
      ...(scalar ? flocals([...accs, "s"]) : vlocals([...accs, ...lo, ...hi, "t0", "t1", "sv"])),
    ],
    [
      ...a.map((p, r) => set(p, r === 0 ? get("g") : add(get("g"), mul(get("grow"), i32(r))))),
      ...wr.map((p, q) => set(p, q === 0 ? get("w") : add(get("w"), mul(get("wrow"), i32(q))))),
      set("t", `(i32.shr_u ${get("m")} ${i32(1)})`),
      ...contractionLoop(unroll / 2, pairBody, advance),
      `(if (i32.and ${get("m")} ${i32(1)}) (then`,
      ...oddStep.map((l) => "  " + l),
      `))`,
      ...store,
    ],
  );
}

/** i8x16.shuffle immediates taking 64-bit lane `lane` of each operand. */
function shuffleLanes(lane: number): string {
  const bytes = (base: number) => range(8).map((b) => base + b);
  return [...bytes(lane * 8), ...bytes(16 + lane * 8)].join(" ");
}

/**
 * The exported driver: walks the output block [r0,r1)×[c0,c1) in tiles of `shape`, with
 * smaller tiles at the edges and a single-column tile for an odd last column.
 * `call(rows, pairs)` emits the tile call for the tile at output (i, j).
 */
function driver(
  name: string,
  params: string[],
  shape: TileShape,
  call: (rows: number, pairs: number) => string,
): string {
  const dispatch = (pairsOf: (rows: number) => number[]): string[] => {
    const lines = [`(block $dispatched`];
    for (const rows of range(shape.rows).map((r) => r + 1)) {
      for (const pairs of pairsOf(rows)) {
        lines.push(
          `  (if (i32.eq ${get("sel")} ${i32(rows * 16 + pairs)}) (then ${
            call(rows, pairs)
          } (br $dispatched)))`,
        );
      }
    }
    lines.push(`  (unreachable))`);
    return lines;
  };
  const min = (v: string, cap: number) => `(select ${i32(cap)} ${v} (i32.ge_s ${v} ${i32(cap)}))`;
  // rr: rows of this tile; cp: column pairs of this tile, 0 for a single last column
  const rowLoop = (inner: string[]) => [
    set("i", get("r0")),
    `(block $rows_done (loop $rows`,
    `  (br_if $rows_done (i32.ge_s ${get("i")} ${get("r1")}))`,
    `  ${set("rr", min(`(i32.sub ${get("r1")} ${get("i")})`, shape.rows))}`,
    ...inner.map((l) => "  " + l),
    `  ${set("i", add(get("i"), get("rr")))}`,
    `  (br $rows)))`,
  ];
  const colLoop = (inner: string[]) => [
    set("j", get("c0")),
    `(block $cols_done (loop $cols`,
    `  (br_if $cols_done (i32.ge_s ${get("j")} ${get("c1")}))`,
    `  ${set("cp", min(`(i32.shr_s (i32.sub ${get("c1")} ${get("j")}) ${i32(1)})`, shape.pairs))}`,
    ...inner.map((l) => "  " + l),
    `  ${
      set("j", add(get("j"), `(select (i32.shl ${get("cp")} ${i32(1)}) ${i32(1)} ${get("cp")})`))
    }`,
    `  (br $cols)))`,
  ];
  const tile = [
    set("sel", add(mul(get("rr"), i32(16)), get("cp"))),
    ...dispatch(() => range(shape.pairs + 1)),
  ];
  const body = shape.colsOuter ? colLoop(rowLoop(tile)) : rowLoop(colLoop(tile));
  return func(name, params, ilocals(["i", "j", "rr", "cp", "sel"]), body).replace(
    `(func $${name} `,
    `(func $${name} (export "${name}") `,
  );
}

/** The complete module text. */
export function generateMatmulWat(options: WatOptions = DEFAULT_WAT_OPTIONS): string {
  const { unroll } = options;
  if (unroll < 2 || unroll % 2 !== 0) {
    throw new RangeError(`unroll must be an even number >= 2, got ${unroll}`);
  }
  for (const what of ["xw", "xtg", "gwt"] as const) {
    const s = options[what];
    if (!(s.rows >= 1 && s.rows <= 8 && s.pairs >= 1 && s.pairs <= 8)) {
      throw new RangeError(`${what} tile must be 1..8 rows × 1..8 pairs, got ${JSON.stringify(s)}`);
    }
  }
  const tiles = (shape: TileShape, make: (r: number, p: number) => string): string[] =>
    range(shape.rows).flatMap((r) => range(shape.pairs + 1).map((p) => make(r + 1, p)));
  const byte = (base: string, index: string) => add(get(base), mul(index, i32(8)));
  const params = (a: string, b: string, c: string, d: string) => [
    a,
    b,
    c,
    ...(d ? [d] : []),
    "n",
    "k",
    "m",
    "r0",
    "r1",
    "c0",
    "c1",
  ];
  const m8 = mul(get("m"), i32(8));
  const k8 = mul(get("k"), i32(8));
  const xwCall = (rows: number, pairs: number) =>
    // out[i.., j..] from x rows i.. (row stride k) and w columns j.. (row stride m), the
    // contraction from column k0 on (prefix sums at pre[j..] when k0 > 0)
    `(call $xw_${rows}_${pairs} ${byte("x", add(mul(get("i"), get("k")), get("k0")))} ${k8} ${
      byte("w", add(mul(get("k0"), get("m")), get("j")))
    } ${m8} ${byte("out", add(mul(get("i"), get("m")), get("j")))} ${m8} ${byte("b", get("j"))} ${
      byte("pre", get("j"))
    } ${get("k0")} (i32.sub ${get("k")} ${get("k0")}))`;
  const xtgCall = (rows: number, pairs: number) =>
    // gw[p.., j..] (p = i here) from x columns p.. and g columns j.., over n batch rows
    `(call $xtg_${rows}_${pairs} ${byte("x", get("i"))} ${k8} ${byte("g", get("j"))} ${m8} ${
      byte("gw", add(mul(get("i"), get("m")), get("j")))
    } ${m8} ${get("n")})`;
  const gwtCall = (rows: number, pairs: number) =>
    // gx[i.., p..] (p = j here) from g rows i.. and w rows p.., both of length m
    `(call $gwt_${rows}_${pairs} ${byte("g", mul(get("i"), get("m")))} ${m8} ${
      byte("w", mul(get("j"), get("m")))
    } ${m8} ${byte("gx", add(mul(get("i"), get("k")), get("j")))} ${k8} ${get("m")})`;
  const parts = [
    ";; Generated by core/kernels/wasm_gen.ts (deno run -A scripts/build_wasm.ts); do not edit.",
    `;; options: ${JSON.stringify(options)}`,
    "(module",
    // Declared unshared; wasm_module.ts flips the limits flag to "shared" for a shared arena.
    '(import "env" "memory" (memory 1 65536))',
    ...tiles(options.xw, (r, p) => xwTile(r, p, unroll)),
    ...tiles(options.xtg, (r, p) => xtgTile(r, p, unroll)),
    ...tiles(options.gwt, (r, p) => gwtTile(r, p, unroll)),
    driver("xw", [...params("x", "w", "b", "out"), "k0", "pre"], options.xw, xwCall),
    xwPrefix(),
    // xtg output rows are the k columns of x
    driver("xtg", params("x", "g", "gw", ""), options.xtg, xtgCall),
    driver("gwt", params("g", "w", "gx", ""), options.gwt, gwtCall),
    ...generateElementwiseWat(),
    ...generateTanhWat(),
    ...generateGeluWat(),
    ...generateExpWat(),
    ")",
    "",
  ];
  return parts.join("\n");
}

/** Assembles module text to binary with wabt (build time and tests only; loading needs no wabt). */
export async function assembleWat(wat: string): Promise<Uint8Array> {
  const wabt = await (await import("wabt")).default();
  const module = wabt.parseWat("matmul.wat", wat, {
    simd: true,
    relaxed_simd: true,
    bulk_memory: true,
  });
  try {
    module.validate();
    return new Uint8Array(module.toBinary({ log: false, write_debug_names: false }).buffer);
  } finally {
    module.destroy();
  }
}
