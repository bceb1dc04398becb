/**
 * Vega-Lite spec → SVG with the vega-lite CLI (vl2svg, one child process per spec, a few at a
 * time) → PNG with resvg and the DejaVu Sans font files loaded explicitly, so output does not
 * depend on which system fonts exist.
 */
import { Resvg } from "@resvg/resvg-js";
import { writeFileAtomic, writeTextAtomic } from "./atomic.ts";

/** Same version as the "vega-lite" import in deno.json (checked by render_test.ts). */
export const VL2SVG = "npm:vega-lite@6.5.0/vl2svg";

/** Debian/Ubuntu package fonts-dejavu-core. */
export const FONT_DIR = "/usr/share/fonts/truetype/dejavu";
export const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
export const FONT_FAMILY = "DejaVu Sans";

/** PNG pixels per SVG unit: 2 keeps text crisp when a page scales the image down. */
export const PNG_SCALE = 2;

export class RenderError extends Error {
  override name = "RenderError";
}

/** Renders one Vega-Lite spec to SVG text by piping it through vl2svg. */
export async function renderSvg(
  spec: unknown,
  label = "spec",
  signal?: AbortSignal,
): Promise<string> {
  const child = new Deno.Command(Deno.execPath(), {
    signal, // aborting stops the vl2svg process
    // Inline data only: the CLI needs to read its own modules and nothing else.
    args: ["run", "--quiet", "--allow-read", "--allow-env", VL2SVG],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(spec)));
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  const err = new TextDecoder().decode(stderr).trim();
  const svg = new TextDecoder().decode(stdout);
  if (code !== 0 || !svg.startsWith("<svg")) {
    throw new RenderError(`${label}: vl2svg exited with ${code}, expected an SVG; stderr: ${err}`);
  }
  if (err !== "") console.error(`${label}: vl2svg: ${err}`);
  return svg;
}

let fontPaths: string[] | undefined;

/** Absolute font paths; throws naming the missing file and the package that provides it. */
export function fontFiles(): string[] {
  if (fontPaths) return fontPaths;
  const paths = FONT_FILES.map((f) => `${FONT_DIR}/${f}`);
  for (const p of paths) {
    try {
      Deno.statSync(p);
    } catch {
      throw new RenderError(`font file ${p} not found: install the fonts-dejavu-core package`);
    }
  }
  return (fontPaths = paths);
}

/** Rasterises SVG text to PNG bytes at PNG_SCALE with DejaVu Sans only (no system fonts). */
export function svgToPng(svg: string): Uint8Array {
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: PNG_SCALE },
    background: "white",
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || !sig.every((b, i) => png[i] === b)) {
    throw new RenderError("not a PNG: signature missing");
  }
  const chunk = new TextDecoder().decode(png.subarray(12, 16));
  if (chunk !== "IHDR") throw new RenderError(`PNG first chunk is "${chunk}", expected "IHDR"`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Width and height attributes of the root <svg> element. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
  if (!m) throw new RenderError("SVG root has no width/height attributes");
  return { width: Number(m[1]), height: Number(m[2]) };
}

export interface RenderJob {
  id: string;
  spec: unknown;
}

/**
 * Renders every job to `<outDir>/<id>.svg` and `.png`, `concurrency` vl2svg processes at a time
 * (results are written atomically as each finishes; file contents do not depend on the order).
 * Aborting `signal` stops the vl2svg processes and starts no more; finished figures stay.
 */
export async function renderAll(
  jobs: RenderJob[],
  outDir: string,
  concurrency = 2,
  onDone?: (id: string, done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < jobs.length && !signal?.aborted) {
      const job = jobs[next++];
      const svg = await renderSvg(job.spec, job.id, signal);
      const base = `${outDir}/${job.id}`;
      await writeTextAtomic(`${base}.svg`, svg);
      await writeFileAtomic(`${base}.png`, svgToPng(svg));
      onDone?.(job.id, ++done, jobs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}
