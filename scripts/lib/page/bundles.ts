/**
 * The Vega, Vega-Lite and Vega-Embed browser bundles the page inlines, read from node_modules
 * (their npm packages are pinned in deno.json), with their versions.
 */

/** One browser bundle: npm package, version, and its code ready to inline. */
export interface Bundle {
  name: string;
  version: string;
  code: string;
}

/** The bundles in load order (Vega-Lite needs Vega, Vega-Embed both), by their build paths. */
export const BUNDLE_FILES = [
  { name: "vega", file: "build/vega.min.js" },
  { name: "vega-lite", file: "build/vega-lite.min.js" },
  { name: "vega-embed", file: "build/vega-embed.min.js" },
] as const;

const NODE_MODULES = new URL("../../../node_modules/", import.meta.url);

/**
 * A bundle's code as an inline script's body: without its source-map comment (the map is not
 * shipped) and with "</script" broken up so that it cannot end the element early.
 */
export function inlineCode(code: string): string {
  return code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n").replace(/<\/(script)/gi, "<\\/$1");
}

/** Reads the three bundles; a missing one is an error that says to run `deno install`. */
export async function readBundles(nodeModules: URL = NODE_MODULES): Promise<Bundle[]> {
  const out: Bundle[] = [];
  for (const { name, file } of BUNDLE_FILES) {
    const dir = new URL(`${name}/`, nodeModules);
    let code: string, pkg: { version: string };
    try {
      code = await Deno.readTextFile(new URL(file, dir));
      pkg = JSON.parse(await Deno.readTextFile(new URL("package.json", dir)));
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      throw new Error(`node_modules/${name}/${file} is missing: run \`deno install\``);
    }
    out.push({ name, version: pkg.version, code: inlineCode(code) });
  }
  return out;
}

/** npm package → version, in load order. */
export function bundleVersions(bundles: readonly Bundle[]): Record<string, string> {
  return Object.fromEntries(bundles.map((b) => [b.name, b.version]));
}
