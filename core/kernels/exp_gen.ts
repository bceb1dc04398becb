/**
 * Emits the WebAssembly text of the sigmoid forward kernel, whose exp is *correctly rounded*
 * whenever it answers: Math.exp is correctly rounded in V8 (core/activations_test.ts checks it
 * against 60-digit arithmetic), so any correctly rounded exp gives its bits. The kernel computes
 * exp(x) to about 2^-61 relative, and keeps a result only when the whole error interval rounds to
 * one double; otherwise (about 1.5% of inputs, and |x| outside [2^-54, 708]) it writes −1, a
 * value no sigmoid takes, and the caller computes that element with Math.exp itself.
 *
 *   sigmoid_fwd(z, a, lo, hi, tab) → c   a[lo:hi] = 1 / (1 + exp(−z)), except c elements
 *                                         marked −1 for the caller
 *   exp_table_init(tab)                   writes the 4 KiB table the kernel reads at tab
 *
 * Method: x = k·ln2/256 + r with |r| ≤ ln2/512 (r kept as a double-double), 2^(j/256) from a
 * table of double-doubles (j = k mod 256), exp(r) − 1 − r by a degree-5 polynomial, and the
 * power of two k div 256 added to the exponent (exact: results stay normal on that domain).
 */
import {
  hoistConstants,
  i64s,
  interleave,
  splat,
  vadd,
  type VecStep,
  vmul,
  vsub,
} from "./wat_vec.ts";

/** ln 2 to 70 digits (Python's decimal module) */
const LN2_DIGITS = "6931471805599453094172321214581765680755001343602552541206800094933936";
/** fixed-point fraction bits of the generator's own arithmetic */
const F = 256n;

function fixedLn2(): bigint {
  return (BigInt(LN2_DIGITS) << F) / 10n ** BigInt(LN2_DIGITS.length);
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << (BigInt(n.toString(2).length) / 2n + 1n);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** The double nearest to v / 2^F (Number(bigint) rounds to nearest). */
const toDouble = (v: bigint): number => Number(v) / 2 ** Number(F);

/** [th, tl] per j < 256: th + tl = 2^(j/256) to about 2^-106 (th the nearest double). */
export function exp2Table(): [number, number][] {
  // roots[i] = 2^(1/2^i) in fixed point, by repeated square roots of 2
  const roots = [2n << F];
  for (let i = 1; i <= 8; i++) roots.push(isqrt(roots[i - 1] << F));
  const table: [number, number][] = [];
  for (let j = 0; j < 256; j++) {
    let t = 1n << F;
    for (let b = 0; b < 8; b++) if (j & (1 << b)) t = (t * roots[8 - b]) >> F;
    const th = toDouble(t);
    const tl = toDouble(t - BigInt(th * 2 ** Number(F)));
    table.push([th, tl]);
  }
  return table;
}

/** ln2/256 as hi (32 significant bits, so k·hi is exact for |k| < 2^21) + lo. */
function ln2Over256(): [number, number] {
  const l = fixedLn2() >> 8n;
  const drop = BigInt(l.toString(2).length - 32);
  const hi = (l >> drop) << drop;
  return [toDouble(hi), toDouble(l - hi)];
}

const get = (name: string) => `(local.get $${name})`;

/** Bytes of a little-endian f64 as a WAT string literal. */
function dataString(values: number[]): string {
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  return [...bytes].map((b) => "\\" + b.toString(16).padStart(2, "0")).join("");
}

const [LN_HI, LN_LO] = ln2Over256();

/**
 * The exp's constants, shared with the native sigmoid (native/elementwise_body.h takes them in
 * this key order): ln2/256 as hi + lo, 256/ln2, the rounding shift 1.5·2^52 (adding it rounds to
 * an integer kept in the low bits) and the error bound's scale 2^-59.5 (see expSteps).
 */
export const EXP_CONSTANTS = Object.freeze({
  lnHi: LN_HI,
  lnLo: LN_LO,
  invL: toDouble((1n << (2n * F + 8n)) / fixedLn2()),
  shift: 1.5 * 2 ** 52,
  errScale: 2 ** -59.5,
});

/**
 * exp(−z) for both lanes of the pair at `zAt` into (y, k): exp = y·2^(k div 256) when both ends
 * ylo, yhi of the error interval are equal (error budget in the comments: E is 3.7 times the
 * bound derived there). `L(name)` reads a local of this chain.
 */
function expSteps(zAt: string, L: (name: string) => string): VecStep[] {
  const { lnHi, lnLo, invL, shift, errScale } = EXP_CONSTANTS;
  return [
    ["x", `(f64x2.neg (v128.load ${zAt}))`],
    ["kd", vadd(vmul(L("x"), splat(invL)), splat(shift))],
    ["kf", vsub(L("kd"), splat(shift))],
    ["k", `(i64x2.sub ${L("kd")} ${i64s("0x4338000000000000")})`],
    // r = x − k·ln2/256: the first difference is exact (k·hi exact, both multiples of ulp(x)),
    // then a two-sum keeps r_hi − k·lo exactly as rr + rl
    ["rh", vsub(L("x"), vmul(L("kf"), splat(lnHi)))],
    ["t", `(f64x2.neg ${vmul(L("kf"), splat(lnLo))})`],
    ["rr", vadd(L("rh"), L("t"))],
    ["bp", vsub(L("rr"), L("rh"))],
    ["rl", vadd(vsub(L("rh"), vsub(L("rr"), L("bp"))), vsub(L("t"), L("bp")))],
    // s = exp(rr) − 1 − rr = rr²·(1/2 + rr/6 + rr²/24 + rr³/120): |s| < 2^-20, error < 2^-66
    [
      "s",
      vmul(
        vmul(L("rr"), L("rr")),
        vadd(
          splat(1 / 2),
          vmul(
            L("rr"),
            vadd(
              splat(1 / 6),
              vmul(L("rr"), vadd(splat(1 / 24), vmul(L("rr"), splat(1 / 120)))),
            ),
          ),
        ),
      ),
    ],
    // 2^(j/256) = th + tl, two table rows (th, tl) gathered into lanes
    [
      "p0",
      `(v128.load (i32.add ${get("tab")} (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 0 ${
        L("k")
      })) (i32.const 255)) (i32.const 4))))`,
    ],
    [
      "p1",
      `(v128.load (i32.add ${get("tab")} (i32.shl (i32.and (i32.wrap_i64 (i64x2.extract_lane 1 ${
        L("k")
      })) (i32.const 255)) (i32.const 4))))`,
    ],
    ["th", `(i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${L("p0")} ${L("p1")})`],
    [
      "tl",
      `(i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 ${L("p0")} ${L("p1")})`,
    ],
    // (th + tl)(1 + rr + rl + s) = th + corr; |corr| < 2^-9.5·th. Rounding errors: th·rr and
    // the last sum of corr 2^-62.5·th each, the rest (polynomial, tl, rl terms) < 2^-65.5·th
    [
      "corr",
      vadd(
        vmul(L("th"), L("rr")),
        vadd(
          vadd(L("tl"), vmul(L("tl"), L("rr"))),
          vmul(L("th"), vadd(L("s"), L("rl"))),
        ),
      ),
    ],
    // th + corr exactly as y + d (fast two-sum: |th| > |corr|)
    ["y", vadd(L("th"), L("corr"))],
    ["d", vsub(L("corr"), vsub(L("y"), L("th")))],
    // the true value lies within y + d ± E, E = 2^-59.5·th (the errors above total < 2^-61.4·th,
    // and d ± E rounds by ~2^-106·th): y is its correct rounding when both ends round to y
    ["err", vmul(L("th"), splat(errScale))],
    ["ylo", vadd(L("y"), vsub(L("d"), L("err")))],
    ["yhi", vadd(L("y"), vadd(L("d"), L("err")))],
  ];
}

/** Locals (v128) that expChainSteps assigns, without suffix. */
export const EXP_LOCALS = [
  "x",
  "ab",
  "ok",
  "kd",
  "kf",
  "k",
  "rh",
  "t",
  "rr",
  "bp",
  "rl",
  "s",
  "p0",
  "p1",
  "th",
  "tl",
  "corr",
  "y",
  "d",
  "err",
  "ylo",
  "yhi",
];

/**
 * Every step of one chain: exp(−z) of the pair at `zAt`, and `ok`, the lanes whose result
 * (expValue) is the correctly rounded exp: 2^-54 ≤ |z| ≤ 708 (no NaN) and the error interval
 * rounds to one double.
 */
export function expChainSteps(zAt: string, L: (name: string) => string): VecStep[] {
  const e = expSteps(zAt, L);
  const inDomain = `(v128.and (i64x2.ge_s ${L("ab")} ${i64s("0x3c90000000000000")}) (i64x2.le_s ${
    L("ab")
  } ${i64s("0x4086200000000000")}))`;
  return [
    e[0],
    ["ab", `(v128.and ${L("x")} ${i64s("0x7fffffffffffffff")})`],
    ...e.slice(1),
    ["ok", `(v128.and ${inDomain} (i64x2.eq ${L("ylo")} ${L("yhi")}))`],
  ];
}

/** exp = y·2^(k div 256), an exponent add (results stay normal on the domain). */
export const expValue = (L: (name: string) => string): string =>
  `(i64x2.add ${L("y")} (i64x2.shl (i64x2.shr_s ${L("k")} (i32.const 8)) (i32.const 52)))`;

/** The kernel: two interleaved chains over groups of 4, then a pair, then a marked odd one. */
function sigmoidFwd(): string {
  const local = (name: string, j: number) => `$${name}_${j}`;
  const L = (j: number) => (name: string) => `(local.get ${local(name, j)})`;
  const zAt = (j: number) => `(i32.add ${get("z")} (i32.add ${get("o")} (i32.const ${16 * j})))`;
  const aAt = (j: number) => `(i32.add ${get("a")} (i32.add ${get("o")} (i32.const ${16 * j})))`;
  const steps = (j: number) => expChainSteps(zAt(j), L(j));
  // a = 1 / (1 + exp), or the mark −1
  const store = (j: number) => [
    `(v128.store ${aAt(j)} (v128.bitselect (f64x2.div ${splat(1)} ${
      vadd(splat(1), expValue(L(j)))
    }) ${splat(-1)} ${L(j)("ok")}))`,
    `(local.set $marked (i32.add (local.get $marked) (i32.popcnt (i32.xor (i64x2.bitmask ${
      L(j)("ok")
    }) (i32.const 3)))))`,
  ];
  const lines = [
    `(local.set $o (i32.shl (local.get $lo) (i32.const 3)))`,
    `(local.set $end (i32.add (local.get $o) (i32.shl (i32.and (i32.sub (local.get $hi) (local.get $lo)) (i32.const -4)) (i32.const 3))))`,
    `(block $groups_done (loop $groups`,
    `  (br_if $groups_done (i32.ge_u (local.get $o) (local.get $end)))`,
    ...interleave([steps(0), steps(1)], local).map((l) => "  " + l),
    ...[0, 1].flatMap(store).map((l) => "  " + l),
    `  (local.set $o (i32.add (local.get $o) (i32.const 32)))`,
    `  (br $groups)))`,
    // a last pair
    `(if (i32.le_u (i32.add (i32.shr_u (local.get $o) (i32.const 3)) (i32.const 2)) (local.get $hi)) (then`,
    ...interleave([steps(0)], local).map((l) => "  " + l),
    ...store(0).map((l) => "  " + l),
    `  (local.set $o (i32.add (local.get $o) (i32.const 16)))))`,
    // an odd last element is left to the caller
    `(if (i32.lt_u (i32.shr_u (local.get $o) (i32.const 3)) (local.get $hi)) (then`,
    `  (f64.store (i32.add ${get("a")} ${get("o")}) (f64.const -1))`,
    `  (local.set $marked (i32.add (local.get $marked) (i32.const 1)))))`,
    `(local.get $marked)`,
  ];
  const hoisted = hoistConstants(lines);
  return [
    `(func $sigmoid_fwd (export "sigmoid_fwd") (param $z i32) (param $a i32) (param $lo i32) (param $hi i32) (param $tab i32) (result i32)`,
    `  (local $o i32) (local $end i32) (local $marked i32)`,
    `  ${[0, 1].flatMap((j) => EXP_LOCALS.map((n) => `(local ${local(n, j)} v128)`)).join(" ")}`,
    `  ${hoisted.locals.join(" ")}`,
    ...hoisted.init.map((l) => "  " + l),
    ...hoisted.body.map((l) => "  " + l),
    ")",
  ].join("\n");
}

/** The 256 (th, tl) rows as a passive data segment, copied to `tab` by exp_table_init. */
function table(): string[] {
  return [
    `(data $exp_table "${dataString(exp2Table().flat())}")`,
    `(func $exp_table_init (export "exp_table_init") (param $tab i32)`,
    `  (memory.init $exp_table (local.get $tab) (i32.const 0) (i32.const 4096)))`,
  ];
}

/** Bytes the table occupies (16-byte aligned). */
export const EXP_TABLE_BYTES = 4096;

/** The kernel's and the table's text, to be placed inside the module. */
export function generateExpWat(): string[] {
  return [...table(), sigmoidFwd()];
}
