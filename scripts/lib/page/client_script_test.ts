import assert from "node:assert/strict";
import { joinModules, readClientScript, wrapModule } from "./client_script.ts";

Deno.test("wrapModule: imports become lookups, exports are returned", () => {
  const out = wrapModule(
    "b.js",
    '// @ts-check\nimport { f, g } from "./a.js";\nexport function h() { return f() + g; }\nexport const K = 1;\nconst local = 2;\n',
  );
  assert.ok(out.includes('const { f, g } = modules["a.js"];'));
  assert.ok(out.includes("function h()") && !out.includes("export"));
  assert.ok(out.trimEnd().endsWith("return { h, K };\n})();"));
});

Deno.test("wrapModule: other import and export forms are refused", () => {
  assert.throws(() => wrapModule("x.js", 'import x from "./a.js";'), /x\.js:1: only/);
  assert.throws(() => wrapModule("x.js", "export default 1;"), /x\.js:1: unsupported export/);
});

Deno.test("joinModules: the modules run in order and see each other's exports", () => {
  const script = joinModules([
    { file: "a.js", source: "export function two() { return 2; }\nexport const helper = 1;" },
    {
      file: "b.js",
      source:
        'import { two } from "./a.js";\nconst helper = 5;\nglobalThis.__joined = two() + helper;',
    },
  ]);
  new Function(script)();
  assert.equal((globalThis as Record<string, unknown>).__joined, 7);
  delete (globalThis as Record<string, unknown>).__joined;
});

Deno.test("readClientScript: the real client parses as one script", async () => {
  const script = await readClientScript();
  new Function(`return () => {${script}}`); // syntax only: it needs a browser to run
  assert.ok(!/^\s*(import|export)\b/m.test(script));
});
