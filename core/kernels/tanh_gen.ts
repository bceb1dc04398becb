/**
 * Emits WebAssembly text for `$tanh`, an operation-for-operation transcription of the C
 * library tanh that `Math.tanh` calls on the reference platform (glibc 2.36, x86-64): fdlibm's
 * s_tanh.c over glibc's s_expm1.c, whose x86-64 FMA build fuses six multiply-adds. Those
 * fusions are written as `f64x2.relaxed_madd`/`relaxed_nmadd` on lane 0. V8 emits a fused
 * instruction for them exactly when the CPU has FMA, and glibc picks its FMA build on the same
 * condition (FMA and AVX2), so on x86-64 the result is glibc's tanh with or without FMA, on any
 * OS (core/tanh_test.ts compares it with Math.tanh on a million inputs where that is glibc's).
 *
 * Why not call Math.tanh: it is whatever the platform's C library computes (macOS and Windows
 * round differently), and one call from a JS loop costs about 17 ns here; GELU needs two per
 * hidden unit per example (forward, and the forward-difference derivative). The two-lane
 * version (tanhSteps) runs at about 10 ns per element.
 */

import {
  f64Const,
  i64s,
  pick,
  splat,
  vadd,
  type VecStep,
  vmadd,
  vmul,
  vnmadd,
  vsub,
} from "./wat_vec.ts";

const f = f64Const;
const get = (name: string) => `(local.get $${name})`;

/** a·b + c, fused where the CPU has FMA (lane 0 of a relaxed SIMD multiply-add). */
const fma = (a: string, b: string, c: string) =>
  `(f64x2.extract_lane 0 (f64x2.relaxed_madd (f64x2.splat ${a}) (f64x2.splat ${b}) (f64x2.splat ${c})))`;
/** c − a·b, fused where the CPU has FMA. */
const fnma = (a: string, b: string, c: string) =>
  `(f64x2.extract_lane 0 (f64x2.relaxed_nmadd (f64x2.splat ${a}) (f64x2.splat ${b}) (f64x2.splat ${c})))`;

const highWord = (x: string) =>
  `(i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 ${x}) (i64.const 32)))`;
/** y · 2^k by adding k to the exponent field (fdlibm's SET_HIGH_WORD(y, high + (k << 20))). */
const addExponent = (y: string, k: string) =>
  `(f64.reinterpret_i64 (i64.add (i64.reinterpret_f64 ${y}) (i64.shl (i64.extend_i32_s ${k}) (i64.const 52))))`;

// fdlibm's constants (bit-exact, as found in libm's read-only data).
const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e+00, O_THRESHOLD = 7.09782712893383973096e+02;
const Q1 = -3.33333333333331316428e-02, Q2 = 1.58730158725481460165e-03;
const Q3 = -7.93650757867487942473e-05, Q4 = 4.00821782732936239552e-06;
const Q5 = -2.01099218183624371326e-07;
const HUGE = 1e300, TINY = 1e-300;

/** expm1(x), glibc's s_expm1.c as its x86-64 FMA build evaluates it. */
function expm1(): string {
  return [
    `(func $expm1 (param $x f64) (result f64)`,
    `  (local $hx i32) (local $neg i32) (local $k i32) (local $hi f64) (local $lo f64) (local $c f64)`,
    `  (local $t f64) (local $hfx f64) (local $hxs f64) (local $h2 f64) (local $r1 f64) (local $e f64) (local $y f64)`,
    `  (local.set $hx ${highWord(get("x"))})`,
    `  (local.set $neg (i32.shr_u (local.get $hx) (i32.const 31)))`,
    `  (local.set $hx (i32.and (local.get $hx) (i32.const 0x7fffffff)))`,
    // |x| ≥ 56·ln2: huge, infinite or NaN arguments
    `  (if (i32.gt_u (local.get $hx) (i32.const 0x40436879)) (then`,
    `    (if (i32.gt_u (local.get $hx) (i32.const 0x40862e41)) (then`,
    `      (if (i32.gt_u (local.get $hx) (i32.const 0x7fefffff)) (then`,
    // NaN: x + x; ±inf: -1 or +inf
    `        (if (f64.ne ${get("x")} ${get("x")}) (then (return (f64.add ${get("x")} ${
      get("x")
    }))))`,
    `        (return (select ${f(-1)} ${get("x")} (local.get $neg)))))`,
    `      (if (f64.gt ${get("x")} ${f(O_THRESHOLD)}) (then (return (f64.mul ${f(HUGE)} ${
      f(HUGE)
    }))))))`,
    `    (if (local.get $neg) (then (return (f64.sub ${f(TINY)} ${f(1)}))))`,
    `    (local.set $k (i32.trunc_f64_s (f64.add ${f(0.5)} (f64.mul ${get("x")} ${f(INV_LN2)}))))`,
    `    (local.set $t (f64.convert_i32_s (local.get $k)))`,
    `    (local.set $hi ${fnma(get("t"), f(LN2_HI), get("x"))})`,
    `    (local.set $lo (f64.mul ${get("t")} ${f(LN2_LO)})))`,
    // 0.5·ln2 < |x| < 56·ln2: reduce to x − k·ln2, with c the rounding error of the reduction
    `  (else (if (i32.gt_u (local.get $hx) (i32.const 0x3fd62e42)) (then`,
    `    (if (i32.gt_u (local.get $hx) (i32.const 0x3ff0a2b1)) (then`,
    `      (local.set $k (i32.trunc_f64_s (f64.add (select ${f(-0.5)} ${
      f(0.5)
    } (local.get $neg)) (f64.mul ${get("x")} ${f(INV_LN2)}))))`,
    `      (local.set $t (f64.convert_i32_s (local.get $k)))`,
    `      (local.set $hi ${fnma(get("t"), f(LN2_HI), get("x"))})`,
    `      (local.set $lo (f64.mul ${get("t")} ${f(LN2_LO)})))`,
    `    (else (if (local.get $neg) (then`,
    `      (local.set $hi (f64.add ${get("x")} ${f(LN2_HI)}))`,
    `      (local.set $lo ${f(-LN2_LO)})`,
    `      (local.set $k (i32.const -1)))`,
    `    (else`,
    `      (local.set $hi (f64.sub ${get("x")} ${f(LN2_HI)}))`,
    `      (local.set $lo ${f(LN2_LO)})`,
    `      (local.set $k (i32.const 1)))))))`,
    // |x| < 2^-54: x itself
    `  (else (if (i32.le_u (local.get $hx) (i32.const 0x3c8fffff)) (then (return ${get("x")})))`,
    `    (local.set $k (i32.const 0))))))`,
    `  (if (local.get $k) (then`,
    `    (local.set $x (f64.sub ${get("hi")} ${get("lo")}))`,
    `    (local.set $c (f64.sub (f64.sub ${get("hi")} ${get("x")}) ${get("lo")}))))`,
    // x in the primary range; glibc's polynomial in Estrin form: r1 = R1 + h2·R2 + h4·R3
    `  (local.set $hfx (f64.mul ${get("x")} ${f(0.5)}))`,
    `  (local.set $hxs (f64.mul ${get("x")} ${get("hfx")}))`,
    `  (local.set $h2 (f64.mul ${get("hxs")} ${get("hxs")}))`,
    `  (local.set $r1 ${
      fma(
        `(f64.mul ${get("h2")} ${get("h2")})`,
        fma(get("hxs"), f(Q5), f(Q4)),
        fma(get("h2"), fma(get("hxs"), f(Q3), f(Q2)), fma(get("hxs"), f(Q1), f(1))),
      )
    })`,
    `  (local.set $t ${fnma(get("r1"), get("hfx"), f(3))})`,
    `  (local.set $e (f64.mul (f64.div (f64.sub ${get("r1")} ${get("t")}) ${
      fnma(get("x"), get("t"), f(6))
    }) ${get("hxs")}))`,
    `  (if (i32.eqz (local.get $k)) (then`,
    `    (return (f64.sub ${get("x")} ${fma(get("e"), get("x"), `(f64.neg ${get("hxs")})`)}))))`,
    `  (local.set $e (f64.sub ${
      fma(`(f64.sub ${get("e")} ${get("c")})`, get("x"), `(f64.neg ${get("c")})`)
    } ${get("hxs")}))`,
    `  (if (i32.eq (local.get $k) (i32.const -1)) (then`,
    `    (return ${fma(`(f64.sub ${get("x")} ${get("e")})`, f(0.5), f(-0.5))})))`,
    `  (if (i32.eq (local.get $k) (i32.const 1)) (then`,
    `    (if (f64.lt ${get("x")} ${f(-0.25)}) (then`,
    `      (return (f64.mul (f64.sub ${get("e")} (f64.add ${get("x")} ${f(0.5)})) ${f(-2)}))))`,
    `    (return ${fma(`(f64.sub ${get("x")} ${get("e")})`, f(2), f(1))})))`,
    // k ≤ -2 or k > 56: exp(x) − 1 ≈ 2^k·(1 − (e − x)) − 1
    `  (if (i32.gt_u (i32.add (local.get $k) (i32.const 1)) (i32.const 57)) (then`,
    `    (local.set $y (f64.sub ${f(1)} (f64.sub ${get("e")} ${get("x")})))`,
    `    (return (f64.sub ${addExponent(get("y"), get("k"))} ${f(1)}))))`,
    `  (if (i32.lt_s (local.get $k) (i32.const 20)) (then`,
    // t = 1 − 2^-k
    `    (local.set $t (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (i32.sub (i32.const 0x3ff00000) (i32.shr_s (i32.const 0x200000) (local.get $k)))) (i64.const 32))))`,
    `    (local.set $y (f64.sub ${get("t")} (f64.sub ${get("e")} ${get("x")}))))`,
    `  (else`,
    // t = 2^-k
    `    (local.set $t (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (i32.shl (i32.sub (i32.const 0x3ff) (local.get $k)) (i32.const 20))) (i64.const 32))))`,
    `    (local.set $y (f64.add (f64.sub ${get("x")} (f64.add ${get("e")} ${get("t")})) ${
      f(1)
    }))))`,
    `  ${addExponent(get("y"), get("k"))})`,
  ].join("\n");
}

/** tanh(x), fdlibm's s_tanh.c (no fused operations of its own) over $expm1. */
function tanh(): string {
  return [
    `(func $tanh (export "tanh") (param $x f64) (result f64)`,
    `  (local $bits i64) (local $ix i32) (local $a f64) (local $t f64) (local $z f64)`,
    `  (local.set $bits (i64.reinterpret_f64 ${get("x")}))`,
    `  (local.set $ix (i32.and (i32.wrap_i64 (i64.shr_u (local.get $bits) (i64.const 32))) (i32.const 0x7fffffff)))`,
    // ±inf → ±1, NaN → NaN
    `  (if (i32.gt_u (local.get $ix) (i32.const 0x7fefffff)) (then`,
    `    (local.set $t (f64.div ${f(1)} ${get("x")}))`,
    `    (return (select (f64.sub ${get("t")} ${f(1)}) (f64.add ${get("t")} ${
      f(1)
    }) (i64.lt_s (local.get $bits) (i64.const 0))))))`,
    `  (if (i32.gt_u (local.get $ix) (i32.const 0x4035ffff)) (then`,
    // |x| ≥ 22: ±(1 − tiny)
    `    (local.set $z (f64.sub ${f(1)} ${f(TINY)})))`,
    `  (else`,
    // ±0 and |x| < 2^-55 (x·(1 + x))
    `    (if (i32.eqz (i32.or (local.get $ix) (i32.wrap_i64 (local.get $bits)))) (then (return ${
      get("x")
    })))`,
    `    (if (i32.le_u (local.get $ix) (i32.const 0x3c7fffff)) (then`,
    `      (return (f64.mul (f64.add ${f(1)} ${get("x")}) ${get("x")}))))`,
    `    (local.set $a (f64.abs ${get("x")}))`,
    `    (if (i32.le_u (local.get $ix) (i32.const 0x3fefffff)) (then`,
    `      (local.set $t (call $expm1 (f64.mul ${get("a")} ${f(-2)})))`,
    `      (local.set $z (f64.div (f64.neg ${get("t")}) (f64.add ${get("t")} ${f(2)}))))`,
    `    (else`,
    `      (local.set $t (call $expm1 (f64.add ${get("a")} ${get("a")})))`,
    `      (local.set $z (f64.sub ${f(1)} (f64.div ${f(2)} (f64.add ${get("t")} ${f(2)}))))))))`,
    `  (select (f64.neg ${get("z")}) ${get("z")} (i64.lt_s (local.get $bits) (i64.const 0))))`,
  ].join("\n");
}

// Two lanes at once: vector helpers.
/** Locals (v128) that tanhSteps assigns, without suffix. */
export const TANH_LOCALS = [
  "bits",
  "small",
  "arg",
  "kf",
  "hi",
  "lo",
  "r",
  "c",
  "hfx",
  "hxs",
  "h2",
  "r1",
  "t",
  "e",
  "em",
  "d",
  "k",
  "p2k",
  "big",
  "y",
  "q",
  "th",
];

/**
 * tanh of both lanes of `x` into local `th`, the same operations as $tanh lane by lane, for
 * lanes with 2^-55 ≤ |x| < 22 (see tanhInDomain). Branches become selections among candidate
 * results; the expm1 argument reduction is shared: for |x| ≤ 1.5·ln2 fdlibm subtracts ±ln2_hi
 * directly, which equals the general x − k·ln2_hi at k = ±1 (the product is exact), and k = 0
 * leaves x unchanged. `L(name)` reads a local of this chain (callers interleave two chains so
 * that the CPU overlaps their long dependency paths).
 *
 * Identities used (each exact, so the bits are fdlibm's): 2|x| = |x| + |x|; the thresholds on
 * the high word of 2|x| are those on |x| one exponent lower; r − e = −(e − r), so
 * 0.5·(r − e) − 0.5 = −(0.5·(e − r)) + (−0.5); an integer-valued k plus 1.5·2^52 holds k in
 * its low bits.
 */
export function tanhSteps(x: string, L: (name: string) => string): VecStep[] {
  const below = (v: string, bound: string) => `(i64x2.lt_s ${v} ${i64s(bound)})`;
  return [
    ["bits", `(v128.and ${x} ${i64s("0x7fffffffffffffff")})`],
    // |x| < 1: expm1(−2|x|), else expm1(2|x|); the argument is negative exactly when small
    ["small", below(L("bits"), "0x3ff0000000000000")],
    ["arg", vmul(L("bits"), pick(splat(-2), splat(2), L("small")))],
    // k: 0 when hx(2|x|) ≤ 0x3fd62e42, ±1 when ≤ 0x3ff0a2b1, else trunc(arg/ln2 ± 0.5)
    [
      "kf",
      `(f64x2.trunc ${
        vadd(pick(splat(-0.5), splat(0.5), L("small")), vmul(L("arg"), splat(INV_LN2)))
      })`,
    ],
    [
      "kf",
      pick(
        splat(0),
        pick(
          pick(splat(-1), splat(1), L("small")),
          L("kf"),
          below(L("bits"), "0x3fe0a2b200000000"),
        ),
        below(L("bits"), "0x3fc62e4300000000"),
      ),
    ],
    ["hi", vnmadd(L("kf"), splat(LN2_HI), L("arg"))],
    ["lo", vmul(L("kf"), splat(LN2_LO))],
    ["r", vsub(L("hi"), L("lo"))],
    ["c", vsub(vsub(L("hi"), L("r")), L("lo"))],
    ["hfx", vmul(L("r"), splat(0.5))],
    ["hxs", vmul(L("r"), L("hfx"))],
    ["h2", vmul(L("hxs"), L("hxs"))],
    [
      "r1",
      vmadd(
        vmul(L("h2"), L("h2")),
        vmadd(L("hxs"), splat(Q5), splat(Q4)),
        vmadd(L("h2"), vmadd(L("hxs"), splat(Q3), splat(Q2)), vmadd(L("hxs"), splat(Q1), splat(1))),
      ),
    ],
    ["t", vnmadd(L("r1"), L("hfx"), splat(3))],
    [
      "e",
      vmul(`(f64x2.div ${vsub(L("r1"), L("t"))} ${vnmadd(L("r"), L("t"), splat(6))})`, L("hxs")),
    ],
    ["em", vsub(vmadd(vsub(L("e"), L("c")), L("r"), `(f64x2.neg ${L("c")})`), L("hxs"))],
    ["d", vsub(L("em"), L("r"))],
    // k as i64 lanes
    ["k", `(i64x2.sub ${vadd(L("kf"), splat(1.5 * 2 ** 52))} ${i64s("0x4338000000000000")})`],
    // 2^-k
    ["p2k", `(i64x2.shl (i64x2.sub ${i64s("1023")} ${L("k")}) (i32.const 52))`],
    ["big", `(v128.or ${below(L("k"), "-1")} (i64x2.gt_s ${L("k")} ${i64s("56")}))`],
    // before scaling by 2^k: k ≤ −2 or k > 56: 1 − (e − x); k < 20: (1 − 2^-k) − (e − x);
    // else (x − (e + 2^-k)) + 1
    [
      "y",
      pick(
        vsub(splat(1), L("d")),
        pick(
          vsub(vsub(splat(1), L("p2k")), L("d")),
          vadd(vsub(L("r"), vadd(L("em"), L("p2k"))), splat(1)),
          below(L("k"), "20"),
        ),
        L("big"),
      ),
    ],
    ["y", `(i64x2.add ${L("y")} (i64x2.shl ${L("k")} (i32.const 52)))`],
    ["y", pick(vsub(L("y"), splat(1)), L("y"), L("big"))],
    // k = −1 (k = 1 cannot occur: positive arguments are ≥ 2)
    [
      "y",
      pick(
        vnmadd(L("d"), splat(0.5), splat(-0.5)),
        L("y"),
        `(i64x2.eq ${L("k")} ${i64s("-1")})`,
      ),
    ],
    // k = 0
    [
      "y",
      pick(
        vsub(L("r"), vmadd(L("e"), L("r"), `(f64x2.neg ${L("hxs")})`)),
        L("y"),
        `(i64x2.eq ${L("k")} ${i64s("0")})`,
      ),
    ],
    // small: −t/(t + 2); else 1 − 2/(t + 2); then the sign of x
    [
      "q",
      `(f64x2.div ${pick(`(f64x2.neg ${L("y")})`, splat(2), L("small"))} ${
        vadd(L("y"), splat(2))
      })`,
    ],
    [
      "th",
      `(v128.xor ${pick(L("q"), vsub(splat(1), L("q")), L("small"))} (v128.and ${x} ${
        i64s("0x8000000000000000")
      }))`,
    ],
  ];
}

/** i32: 1 when both lanes of x are in tanhSteps' domain 2^-55 ≤ |x| < 22 (no NaN). */
export function tanhInDomain(x: string): string {
  const bits = `(v128.and ${x} ${i64s("0x7fffffffffffffff")})`;
  return `(i64x2.all_true (v128.and (i64x2.ge_s ${bits} ${
    i64s("0x3c80000000000000")
  }) (i64x2.lt_s ${bits} ${i64s("0x4036000000000000")})))`;
}

/** Both lanes through the scalar $tanh. */
export function tanhScalarPair(x: string): string {
  return `(f64x2.replace_lane 1 (f64x2.splat (call $tanh (f64x2.extract_lane 0 ${x}))) (call $tanh (f64x2.extract_lane 1 ${x})))`;
}

/** `$expm1` and `$tanh` (exported as "tanh": core/tanh.ts serves it to JS). */
export function generateTanhWat(): string[] {
  return [expm1(), tanh()];
}
