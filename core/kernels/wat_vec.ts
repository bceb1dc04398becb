/**
 * Small builders of WebAssembly text shared by the generated kernels (tanh_gen.ts, gelu_gen.ts,
 * exp_gen.ts): exact float literals, two-lane f64 operations, and vector statements that can be
 * interleaved across independent chains and have their constants hoisted out of loops.
 */

/** Exact text of a double (hex float, so no decimal round trip is involved). */
export function formatF64(v: number): string {
  if (Number.isNaN(v) || !Number.isFinite(v)) throw new RangeError(`formatF64: ${v}`);
  if (v === 0) return Object.is(v, -0) ? "-0x0p+0" : "0x0p+0";
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, v);
  const hi = bits.getUint32(0), lo = bits.getUint32(4);
  const sign = hi >>> 31 ? "-" : "";
  const biased = (hi >>> 20) & 0x7ff;
  const mant = (hi & 0xfffff).toString(16).padStart(5, "0") + lo.toString(16).padStart(8, "0");
  // Subnormals: 0x0.mmm p-1022; normals: 0x1.mmm p(e-1023).
  return biased === 0 ? `${sign}0x0.${mant}p-1022` : `${sign}0x1.${mant}p${biased - 1023}`;
}

/** A double as an f64 literal. */
export const f64Const = (v: number) => `(f64.const ${formatF64(v)})`;
export const splat = (x: number) => `(v128.const f64x2 ${formatF64(x)} ${formatF64(x)})`;
export const i64s = (x: string) => `(v128.const i64x2 ${x} ${x})`;
export const vmadd = (a: string, b: string, c: string) => `(f64x2.relaxed_madd ${a} ${b} ${c})`;
export const vnmadd = (a: string, b: string, c: string) => `(f64x2.relaxed_nmadd ${a} ${b} ${c})`;
export const vadd = (a: string, b: string) => `(f64x2.add ${a} ${b})`;
export const vsub = (a: string, b: string) => `(f64x2.sub ${a} ${b})`;
export const vmul = (a: string, b: string) => `(f64x2.mul ${a} ${b})`;
/** where mask is all ones: a, else b */
export const pick = (a: string, b: string, mask: string) => `(v128.bitselect ${a} ${b} ${mask})`;

/** A vector statement: `local.set $<name><suffix> <expression>`. */
export type VecStep = [name: string, expr: string];

/** Interleaves the steps of several chains, statement by statement. */
export function interleave(
  chains: VecStep[][],
  local: (name: string, chain: number) => string,
): string[] {
  const out: string[] = [];
  for (let i = 0; i < chains[0].length; i++) {
    chains.forEach((steps, j) => out.push(`(local.set ${local(steps[i][0], j)} ${steps[i][1]})`));
  }
  return out;
}

/** Replaces repeated v128 constants by locals set once before the loop (fewer instructions). */
export function hoistConstants(
  lines: string[],
): { locals: string[]; init: string[]; body: string[] } {
  const names = new Map<string, string>();
  const body = lines.map((l) =>
    l.replace(/\(v128\.const (?:f64x2|i64x2) [^()]*\)/g, (c) => {
      if (!names.has(c)) names.set(c, `$k${names.size}`);
      return `(local.get ${names.get(c)})`;
    })
  );
  return {
    locals: [...names.values()].map((n) => `(local ${n} v128)`),
    init: [...names].map(([c, n]) => `(local.set ${n} ${c})`),
    body,
  };
}
