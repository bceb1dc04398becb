/**
 * Builds the native product kernels (core/kernels/native/*.c) at first use with the system C
 * compiler, into a cache outside the repository keyed by the sources, the compiler, its version
 * and the flags. A later use with the same key loads the cached library without compiling.
 *
 * The flags are part of the contract: -ffp-contract=off keeps every product rounded before its
 * add (no fused multiply-add), and no -ffast-math keeps the order of the adds.
 */
import { join } from "node:path";

/** Sources of the library, relative to core/kernels/native/. */
export const NATIVE_SOURCES = ["products.c", "gemm_body.h", "elementwise_body.h"] as const;

/** Compiler flags: optimized, position-independent, and exact (see the module doc). */
export const NATIVE_FLAGS = [
  "-O3",
  "-fPIC",
  "-shared",
  "-std=c11",
  "-ffp-contract=off",
  "-fno-fast-math",
] as const;

/** Compilers tried in order when $CC is not set. */
export const COMPILERS = ["cc", "gcc", "clang"] as const;

/** No compiler, or the compiler failed: the message is one line. */
export class NativeBuildError extends Error {
  override name = "NativeBuildError";
}

/** A built (or cached) library. */
export interface NativeLibrary {
  path: string;
  compiler: string;
  /** The compiler's first `--version` line. */
  version: string;
  /** Whether it came from the cache (no compile). */
  cached: boolean;
}

export interface BuildOptions {
  /** Cache folder (default: $MLPBENCH_CACHE_DIR, $XDG_CACHE_HOME/mlpbench, ~/.cache/mlpbench). */
  cacheDir?: string;
  /** Compilers to try (default: $CC, else cc, gcc, clang). */
  compilers?: readonly string[];
}

/** The cache folder: outside the repository, per user. */
export function defaultCacheDir(): string {
  const env = (k: string) => Deno.env.get(k);
  const explicit = env("MLPBENCH_CACHE_DIR");
  if (explicit) return explicit;
  const xdg = env("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "mlpbench");
  const home = env("HOME");
  return home ? join(home, ".cache", "mlpbench") : join(Deno.makeTempDirSync(), "mlpbench");
}

async function readSource(name: string): Promise<string> {
  const url = new URL(`native/${name}`, import.meta.url);
  if (url.protocol === "file:") return await Deno.readTextFile(url);
  const res = await fetch(url);
  if (!res.ok) throw new NativeBuildError(`native kernels: ${url}: HTTP ${res.status}`);
  return await res.text();
}

/** The first compiler that answers `--version`, with that line; undefined when none does. */
export async function findCompiler(
  candidates: readonly string[],
): Promise<{ compiler: string; version: string } | undefined> {
  for (const compiler of candidates) {
    try {
      const out = await new Deno.Command(compiler, {
        args: ["--version"],
        stdout: "piped",
        stderr: "null",
      })
        .output();
      if (out.success) {
        const version = new TextDecoder().decode(out.stdout).split("\n")[0].trim();
        return { compiler, version };
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.NotFound)) throw err;
    }
  }
  return undefined;
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, "0")).join("");
}

function libName(key: string): string {
  const ext = Deno.build.os === "darwin" ? "dylib" : Deno.build.os === "windows" ? "dll" : "so";
  return `mlpbench-native-${key}.${ext}`;
}

/**
 * The native library: from the cache when its key is there, else compiled now (atomically: a
 * temp file renamed into place, so concurrent builds never see a torn library).
 */
export async function buildNative(opts: BuildOptions = {}): Promise<NativeLibrary> {
  const cc = opts.compilers ? undefined : Deno.env.get("CC");
  const candidates = opts.compilers ?? (cc ? [cc] : COMPILERS);
  const found = await findCompiler(candidates);
  if (found === undefined) {
    const tried = cc ? `${cc} ($CC)` : candidates.join(", ");
    throw new NativeBuildError(
      `native kernels: no C compiler found (tried ${tried}): ` +
        `install one (Debian: apt-get install gcc) or set CC`,
    );
  }
  const sources = await Promise.all(NATIVE_SOURCES.map(readSource));
  const key = (await sha256Hex(
    JSON.stringify({ sources, compiler: found.compiler, version: found.version, NATIVE_FLAGS }),
  )).slice(0, 16);
  const dir = opts.cacheDir ?? defaultCacheDir();
  const path = join(dir, libName(key));
  try {
    if ((await Deno.stat(path)).isFile) return { path, ...found, cached: true };
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  await Deno.mkdir(dir, { recursive: true });
  const work = await Deno.makeTempDir({ dir, prefix: ".build-" });
  try {
    for (const [i, name] of NATIVE_SOURCES.entries()) {
      await Deno.writeTextFile(join(work, name), sources[i]);
    }
    const tmp = join(work, libName(key));
    const out = await new Deno.Command(found.compiler, {
      args: [...NATIVE_FLAGS, "-o", tmp, join(work, "products.c")],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      const err = new TextDecoder().decode(out.stderr).split("\n").find((l) => /error/.test(l));
      throw new NativeBuildError(
        `native kernels: ${found.compiler} failed (exit ${out.code}): ${
          err?.trim() ?? "no message"
        }`,
      );
    }
    await Deno.rename(tmp, path);
  } finally {
    await Deno.remove(work, { recursive: true }).catch(() => {});
  }
  return { path, ...found, cached: false };
}
