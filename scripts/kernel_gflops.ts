/**
 * Prints achieved GFLOP/s of each matrix product at the study's shapes for the reference,
 * wasm, wasm-2t, native and native-2t kernels, in one run, next to estimates of this CPU's peak
 * at each vector width.
 *
 *   deno run -A scripts/kernel_gflops.ts [--ms 150] [--json]
 *
 * A product of n×k·k×m costs 2·n·k·m flops (one multiply and one add per term).
 */
import { type CommandDef, parseCommand, parseNumber, runMain, UsageError } from "./lib/cli.ts";
import { Arena } from "../core/kernels/arena.ts";
import type { Kernels } from "../core/kernels/kernels.ts";
import { referenceKernels } from "../core/kernels/reference.ts";
import { createWasmKernels } from "../core/kernels/wasm.ts";
import { resolveBackend } from "../core/kernels/select.ts";
import { nativeWidths } from "../core/kernels/native.ts";

export type Product = "xw" | "xtg" | "gwt";

export interface KernelShape {
  product: Product;
  n: number;
  k: number;
  m: number;
  /** which layer of which network uses it */
  use: string;
}

/** The products of one SGD step at batch 100 (one and two hidden layers). */
export const STUDY_SHAPES: KernelShape[] = [
  { product: "xw", n: 100, k: 784, m: 128, use: "784-128 forward" },
  { product: "xtg", n: 100, k: 784, m: 128, use: "784-128 weight grad" },
  { product: "xw", n: 100, k: 128, m: 10, use: "128-10 forward" },
  { product: "xtg", n: 100, k: 128, m: 10, use: "128-10 weight grad" },
  { product: "gwt", n: 100, k: 128, m: 10, use: "128-10 input grad" },
  { product: "xw", n: 100, k: 784, m: 256, use: "784-256 forward" },
  { product: "xtg", n: 100, k: 784, m: 256, use: "784-256 weight grad" },
  { product: "xw", n: 100, k: 256, m: 128, use: "256-128 forward" },
  { product: "xtg", n: 100, k: 256, m: 128, use: "256-128 weight grad" },
  { product: "gwt", n: 100, k: 256, m: 128, use: "256-128 input grad" },
];

/** Operands for one shape, filled deterministically (sin-based), all on the arena. */
export function shapeOperands(arena: Arena, s: KernelShape) {
  const fill = (a: Float64Array, seed: number) => {
    for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.7 + seed) * 0.1;
    return a;
  };
  const { n, k, m } = s;
  return {
    x: fill(arena.alloc(n * k), 1), // x[n×k]
    w: fill(arena.alloc(k * m), 2), // w[k×m]
    b: fill(arena.alloc(m), 3), // b[m]
    g: fill(arena.alloc(n * m), 4), // g[n×m]
    out: arena.alloc(Math.max(n * m, k * m, n * k)),
  };
}

/** Runs the shape's product once. */
export function runShape(
  kern: Kernels,
  s: KernelShape,
  o: ReturnType<typeof shapeOperands>,
): void {
  const { n, k, m } = s;
  if (s.product === "xw") kern.xw(o.x, o.w, o.b, o.out, n, k, m); // out[n×m]
  else if (s.product === "xtg") kern.xtg(o.x, o.g, o.out, n, k, m); // gw[k×m]
  else kern.gwt(o.g, o.w, o.out, n, k, m); // gx[n×k]
}

/**
 * Peak of code with separate multiply and add on one Zen 4 core, at `lanes` float64 per
 * vector: Zen 4 has two FP multiply/FMA pipes and two FP add pipes, each 256 bits wide (a
 * 512-bit op is split in two halves). With multiplies and adds in equal numbers (as in a dot
 * product) a core does 2 mul + 2 add ops of min(lanes, 4) float64 per cycle: 8 flops per cycle
 * for wasm's f64x2, 16 for AVX2 and AVX-512, times the clock from /proc/cpuinfo (its nominal
 * clock: boost can exceed it). FMA would double it; the contract forbids FMA.
 */
export function peakEstimate(lanes = 2): { ghz: number; cores: number; perCore: number } {
  let ghz = NaN;
  let cores = navigator.hardwareConcurrency;
  try {
    const info = Deno.readTextFileSync("/proc/cpuinfo");
    const mhz = info.match(/^cpu MHz\s*:\s*([\d.]+)/m);
    if (mhz) ghz = Number(mhz[1]) / 1000;
    cores = (info.match(/^processor\s*:/gm) ?? []).length || cores;
  } catch {
    // no /proc (not Linux): leave the clock unknown
  }
  return { ghz, cores, perCore: 4 * Math.min(lanes, 4) * ghz };
}

function timeShape(kern: Kernels, s: KernelShape, o: ReturnType<typeof shapeOperands>, ms: number) {
  // warm up (tier-up to optimised code), then time short batches and keep the best one: on a
  // shared machine the best batch is the one least disturbed by other processes
  for (let i = 0; i < 20; i++) runShape(kern, s, o);
  let best = Infinity;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    const reps = 3;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) runShape(kern, s, o);
    best = Math.min(best, (performance.now() - t0) / reps);
  }
  return best; // ms per call
}

/** `deno task gflops`'s flags, defaults and examples (its --help). */
export const GFLOPS_COMMAND: CommandDef = {
  name: "deno task gflops",
  summary: "Prints the GFLOP/s of each matrix product at the study's shapes for the reference, " +
    "wasm, wasm-2t, native and native-2t kernels, next to estimates of this CPU's peak at each " +
    "vector width.",
  flags: {
    ms: {
      type: "string",
      help: "time budget per product and backend, > 0",
      default: "150",
      placeholder: "MS",
    },
    json: { type: "boolean", help: "also print the rows as one JSON line" },
  },
  examples: ["deno task gflops", "deno task gflops --ms 500 --json"],
};

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(GFLOPS_COMMAND, argv);
  const ms = parseNumber("--ms", values.ms as string)!;
  if (!(ms > 0)) throw new UsageError(`--ms ${values.ms}: expected a number > 0`);
  // One arena per 2-thread kernel set (a memory has at most one worker).
  const arenas = [new Arena(4_000_000, { shared: true }), new Arena(4_000_000, { shared: true })];
  const groups: { arena: Arena; kernels: Kernels[] }[] = [{
    arena: arenas[0],
    kernels: [
      referenceKernels,
      await createWasmKernels(arenas[0], { threads: 1 }),
      await createWasmKernels(arenas[0], { threads: 2 }),
    ],
  }];
  const native = await resolveBackend("native").catch((e: Error) => {
    console.error(`gflops: no native kernels: ${e.message}`);
    return undefined;
  });
  const lanes = native?.library ? nativeWidths(native.library.path)[0] : 2;
  if (native?.library) {
    const choice = { path: native.library.path, width: lanes };
    groups.push({
      arena: arenas[1],
      kernels: [
        await createWasmKernels(arenas[1], { threads: 1, native: choice }),
        await createWasmKernels(arenas[1], { threads: 2, native: choice }),
      ],
    });
  }
  printPeaks(lanes);
  const rows = [];
  for (const s of STUDY_SHAPES) {
    const flops = 2 * s.n * s.k * s.m;
    const gf: Record<string, number> = {};
    for (const { arena, kernels } of groups) {
      const o = shapeOperands(arena, s);
      for (const kern of kernels) {
        const t = timeShape(kern, s, o, kern === referenceKernels ? ms / 2 : ms);
        gf[kern.name] = flops / (t * 1e6);
      }
    }
    rows.push({ ...s, ...gf });
    console.log(formatRow(s, gf));
  }
  if (values.json) console.log(JSON.stringify({ peak: peakEstimate(2), lanes, rows }));
  for (const { kernels } of groups) for (const kern of kernels) kern.dispose?.();
  return 0;
}

function printPeaks(lanes: number) {
  const wasm = peakEstimate(2), nat = peakEstimate(lanes);
  console.log(
    `peak estimate (separate mul+add, ${wasm.ghz.toFixed(2)} GHz nominal): ` +
      `f64x2 ${wasm.perCore.toFixed(1)} GFLOP/s per core; ` +
      `native ${lanes} lanes ${nat.perCore.toFixed(1)} per core, ${
        (2 * nat.perCore).toFixed(1)
      } on 2`,
  );
}

/** One shape's line: every backend's GFLOP/s, then the ratios that matter. */
function formatRow(s: KernelShape, gf: Record<string, number>): string {
  const cells = Object.entries(gf).map(([name, g]) => `${name} ${g.toFixed(1)}`);
  const ratio = (a: string, b: string) =>
    gf[a] && gf[b] ? `${a}/${b} ${(gf[a] / gf[b]).toFixed(2)}x` : "";
  return `${s.product.padEnd(3)} n=${s.n} k=${s.k} m=${s.m}`.padEnd(24) + cells.join("  ") +
    `  | ${
      [ratio("native", "wasm"), ratio("native-2t", "native"), ratio("wasm-2t", "wasm")]
        .filter((x) => x).join(", ")
    }  (${s.use})`;
}

if (import.meta.main) await runMain(() => main(Deno.args));
