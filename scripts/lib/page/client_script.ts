/**
 * The page's own script: the ES modules of client/ joined into one classic script for an inline
 * <script> (a page opened from file:// cannot load module files). Each module becomes a function
 * scope returning its exports; `import { a } from "./x.js"` becomes a lookup of x.js's exports.
 * Only that one import form is allowed, so the join stays this simple (and deterministic).
 */

/** The client modules in dependency order (each imports only earlier ones). */
export const CLIENT_MODULES = ["csv.js", "smooth.js", "table.js", "state.js", "spec.js", "app.js"];

const IMPORT_RE = /^import\s*\{([^}]*)\}\s*from\s*"\.\/([\w.]+\.js)";\s*$/;
const EXPORT_RE = /^export\s+(?:async\s+)?(function\*?|const|let|class)\s+([\w$]+)/;

/** One module as a scope: its imports resolved from `modules`, its exports returned. */
export function wrapModule(file: string, source: string): string {
  const exports: string[] = [];
  const lines = source.split("\n").map((line, i) => {
    if (/^\s*\/\/\s*@ts-check\s*$/.test(line)) return "";
    const imp = IMPORT_RE.exec(line);
    if (imp) return `const {${imp[1]}} = modules["${imp[2]}"];`;
    if (/^\s*import\b/.test(line)) {
      throw new Error(
        `${file}:${i + 1}: only \`import { … } from "./x.js";\` on one line is allowed`,
      );
    }
    const exp = EXPORT_RE.exec(line);
    if (exp) {
      exports.push(exp[2]);
      return line.replace(/^export\s+/, "");
    }
    if (/^export\b/.test(line)) throw new Error(`${file}:${i + 1}: unsupported export form`);
    return line;
  });
  return `modules["${file}"] = (() => {\n${lines.join("\n")}\nreturn { ${
    exports.join(", ")
  } };\n})();\n`;
}

/** The whole client as one strict-mode script. */
export function joinModules(sources: readonly { file: string; source: string }[]): string {
  const body = sources.map((s) => wrapModule(s.file, s.source)).join("\n");
  return `(() => {\n"use strict";\nconst modules = {};\n${body}})();\n`;
}

/** Reads client/*.js and joins them. */
export async function readClientScript(): Promise<string> {
  const dir = new URL("./client/", import.meta.url);
  const sources = [];
  for (const file of CLIENT_MODULES) {
    sources.push({ file, source: await Deno.readTextFile(new URL(file, dir)) });
  }
  return joinModules(sources);
}
