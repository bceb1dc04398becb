import assert from "node:assert/strict";
import { BUNDLE_FILES, bundleVersions, inlineCode, readBundles } from "./bundles.ts";

Deno.test("inlineCode drops the source map comment and breaks up </script", () => {
  assert.equal(inlineCode('a("</script>");\n//# sourceMappingURL=x.js.map'), 'a("<\\/script>");\n');
  assert.equal(inlineCode("b();"), "b();");
});

Deno.test("readBundles: the pinned vega, vega-lite and vega-embed builds, in load order", async () => {
  const deno = JSON.parse(await Deno.readTextFile(new URL("../../../deno.json", import.meta.url)));
  const bundles = await readBundles();
  assert.deepEqual(bundles.map((b) => b.name), BUNDLE_FILES.map((b) => b.name));
  for (const b of bundles) {
    assert.equal(
      deno.imports[b.name],
      `npm:${b.name}@${b.version}`,
      "deno.json pins what is inlined",
    );
    assert.ok(b.code.length > 10_000 && !/<\/script/i.test(b.code), b.name);
  }
  assert.deepEqual(Object.keys(bundleVersions(bundles)), ["vega", "vega-lite", "vega-embed"]);
});

Deno.test("readBundles: a missing node_modules says to run deno install", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(readBundles(new URL(`file://${dir}/`)), /deno install/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
