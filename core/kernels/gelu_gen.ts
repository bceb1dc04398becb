/**
 * Emits the WebAssembly text of the GELU kernels, appended to the matrix-product module. Each
 * performs the IEEE operations of its JavaScript twin in core/activations.ts in the same order
 * per element, with tanh from tanh_gen.ts (Math.tanh's bits), so results are bit-identical:
 *
 *   gelu_fwd(z, a, lo, hi)                a = (0.5·z)·(1 + tanh(u(z)))
 *   gelu_bwd_author(z, a, g, lo, hi)      g = (g·(gelu(z + δ) − a)) / δ      (quirk 2)
 *   gelu_bwd_textbook(z, g, lo, hi)       g = g·gelu'(z), the analytic derivative
 *
 * with u(z) = C·(z + 0.044715·((z·z)·z)), C = √(2/π). Four elements per loop step as two
 * interleaved two-lane chains (one chain's tanh is a long dependency path); a group with an
 * argument outside the vector tanh's domain, and the last < 4 elements, take the scalar $tanh.
 */
import { GELU_C, GELU_CUBIC, GELU_DELTA } from "../gelu_constants.ts";
import { TANH_LOCALS, tanhInDomain, tanhScalarPair, tanhSteps } from "./tanh_gen.ts";
import { f64Const, hoistConstants, interleave, splat, vadd, vmul, vsub } from "./wat_vec.ts";

const CUBIC = GELU_CUBIC, CUBIC3 = 3 * GELU_CUBIC;
const CHAINS = 2;

/** Scalar or two-lane arithmetic, so one formula serves the loop body and the tail. */
interface Arith {
  k(x: number): string;
  add(a: string, b: string): string;
  sub(a: string, b: string): string;
  mul(a: string, b: string): string;
  div(a: string, b: string): string;
}
const scalar: Arith = {
  k: f64Const,
  add: (a, b) => `(f64.add ${a} ${b})`,
  sub: (a, b) => `(f64.sub ${a} ${b})`,
  mul: (a, b) => `(f64.mul ${a} ${b})`,
  div: (a, b) => `(f64.div ${a} ${b})`,
};
const vector: Arith = {
  k: splat,
  add: vadd,
  sub: vsub,
  mul: vmul,
  div: (a, b) => `(f64x2.div ${a} ${b})`,
};

/** u(z) = C·(z + 0.044715·((z·z)·z)), the tanh argument */
const tanhArg = (m: Arith, z: string) =>
  m.mul(m.k(GELU_C), m.add(z, m.mul(m.k(CUBIC), m.mul(m.mul(z, z), z))));
/** (0.5·z)·(1 + t) */
const geluOf = (m: Arith, z: string, t: string) => m.mul(m.mul(m.k(0.5), z), m.add(m.k(1), t));
/** 0.5·(1 + t) + (((0.5·z)·(1 − t·t))·C)·(1 + ((3·0.044715)·z)·z) */
const geluSlope = (m: Arith, z: string, t: string) =>
  m.add(
    m.mul(m.k(0.5), m.add(m.k(1), t)),
    m.mul(
      m.mul(m.mul(m.mul(m.k(0.5), z), m.sub(m.k(1), m.mul(t, t))), m.k(GELU_C)),
      m.add(m.k(1), m.mul(m.mul(m.k(CUBIC3), z), z)),
    ),
  );

/**
 * One kernel: for each element (byte offset o), `input` gives the value whose tanh argument is
 * taken (z, or z + δ), and `output(m, load, x, t)` the value stored to `out` given x and
 * t = tanh(u(x)); `load(p)` reads tensor p at the element.
 */
interface GeluKernel {
  name: string;
  tensors: string[];
  out: string;
  input(m: Arith, load: (p: string) => string): string;
  output(m: Arith, load: (p: string) => string, x: string, t: string): string;
}

function kernel(k: GeluKernel): string {
  const at = (p: string, o: string) => `(i32.add (local.get $${p}) ${o})`;
  const local = (name: string, j: number) => `$${name}_${j}`;
  const get = (name: string, j: number) => `(local.get ${local(name, j)})`;
  const chainOffset = (j: number) => `(i32.add (local.get $o) (i32.const ${16 * j}))`;
  const chains = [...Array(CHAINS).keys()];
  const vload = (j: number) => (p: string) => `(v128.load ${at(p, chainOffset(j))})`;

  const body = [
    // groups of 4 elements
    `(local.set $o (i32.shl (local.get $lo) (i32.const 3)))`,
    `(local.set $end (i32.add (local.get $o) (i32.shl (i32.and (i32.sub (local.get $hi) (local.get $lo)) (i32.const -4)) (i32.const 3))))`,
    `(block $groups_done (loop $groups`,
    `  (br_if $groups_done (i32.ge_u (local.get $o) (local.get $end)))`,
    ...chains.map((j) => `  (local.set ${local("x", j)} ${k.input(vector, vload(j))})`),
    ...chains.map((j) => `  (local.set ${local("u", j)} ${tanhArg(vector, get("x", j))})`),
    `  (if ${
      chains.map((j) => tanhInDomain(get("u", j))).reduce((a, b) => `(i32.and ${a} ${b})`)
    } (then`,
    ...interleave(
      chains.map((j) => tanhSteps(get("u", j), (n) => get(n, j))),
      local,
    ).map((l) => "    " + l),
    `  ) (else`,
    ...chains.map((j) => `    (local.set ${local("th", j)} ${tanhScalarPair(get("u", j))})`),
    `  ))`,
    ...chains.map((j) =>
      `  (v128.store ${at(k.out, chainOffset(j))} ${
        k.output(vector, vload(j), get("x", j), get("th", j))
      })`
    ),
    `  (local.set $o (i32.add (local.get $o) (i32.const ${16 * CHAINS})))`,
    `  (br $groups)))`,
    // the last 0–3 elements
    `(local.set $end (i32.shl (local.get $hi) (i32.const 3)))`,
    `(block $tail_done (loop $tail`,
    `  (br_if $tail_done (i32.ge_u (local.get $o) (local.get $end)))`,
    `  (local.set $xs ${k.input(scalar, (p) => `(f64.load ${at(p, "(local.get $o)")})`)})`,
    `  (local.set $ts (call $tanh ${tanhArg(scalar, "(local.get $xs)")}))`,
    `  (f64.store ${at(k.out, "(local.get $o)")} ${
      k.output(
        scalar,
        (p) => `(f64.load ${at(p, "(local.get $o)")})`,
        "(local.get $xs)",
        "(local.get $ts)",
      )
    })`,
    `  (local.set $o (i32.add (local.get $o) (i32.const 8)))`,
    `  (br $tail)))`,
  ];
  const hoisted = hoistConstants(body);
  const vectorLocals = chains.flatMap((j) =>
    [...TANH_LOCALS, "x", "u"].map((n) => `(local ${local(n, j)} v128)`)
  );
  return [
    `(func $${k.name} (export "${k.name}") ${
      [...k.tensors, "lo", "hi"].map((p) => `(param $${p} i32)`).join(" ")
    }`,
    `  (local $o i32) (local $end i32) (local $xs f64) (local $ts f64)`,
    `  ${vectorLocals.join(" ")}`,
    `  ${hoisted.locals.join(" ")}`,
    ...hoisted.init.map((l) => "  " + l),
    ...hoisted.body.map((l) => "  " + l),
    ")",
  ].join("\n");
}

const KERNELS: GeluKernel[] = [
  {
    name: "gelu_fwd",
    tensors: ["z", "a"],
    out: "a",
    input: (_m, load) => load("z"),
    output: (m, _load, x, t) => geluOf(m, x, t),
  },
  {
    // (g·(gelu(z + δ) − a)) / δ
    name: "gelu_bwd_author",
    tensors: ["z", "a", "g"],
    out: "g",
    input: (m, load) => m.add(load("z"), m.k(GELU_DELTA)),
    output: (m, load, x, t) =>
      m.div(m.mul(load("g"), m.sub(geluOf(m, x, t), load("a"))), m.k(GELU_DELTA)),
  },
  {
    name: "gelu_bwd_textbook",
    tensors: ["z", "g"],
    out: "g",
    input: (_m, load) => load("z"),
    output: (m, load, x, t) => m.mul(load("g"), geluSlope(m, x, t)),
  },
];

/** The kernels' text, to be placed inside the module (which must also hold tanh_gen's). */
export function generateGeluWat(): string[] {
  return KERNELS.map(kernel);
}
