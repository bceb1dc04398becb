/** The Vega-Lite templates of scripts/specs/ and how their slots are filled. */

/**
 * Replaces every string that is exactly "${key}" anywhere in `template` by `params[key]` (any
 * JSON value). Throws when a placeholder has no parameter or a parameter is unused, so templates
 * and callers cannot drift apart silently.
 */
export function fillTemplate(template: unknown, params: Record<string, unknown>, name = "spec") {
  const used = new Set<string>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      const m = /^\$\{(\w+)\}$/.exec(v);
      if (!m) return v;
      if (!(m[1] in params)) throw new Error(`${name}: placeholder "${v}" has no value`);
      used.add(m[1]);
      return params[m[1]];
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  const out = walk(template);
  const unused = Object.keys(params).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`${name}: template has no slot for ${unused.join(", ")}`);
  return out;
}

export interface Templates {
  lines: unknown;
  panels: unknown;
  bars: unknown;
}

const SPEC_DIR = new URL("../specs/", import.meta.url);

/** The committed Vega-Lite templates, scripts/specs/{lines,panels,bars}.vl.json. */
export async function loadTemplates(): Promise<Templates> {
  const read = async (name: string) =>
    JSON.parse(await Deno.readTextFile(new URL(`${name}.vl.json`, SPEC_DIR)));
  return { lines: await read("lines"), panels: await read("panels"), bars: await read("bars") };
}
