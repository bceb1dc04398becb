import assert from "node:assert/strict";
import { contentType, resolvePath, serveStatic } from "./static_files.ts";

Deno.test("resolvePath stays inside the folder", () => {
  assert.equal(resolvePath("/srv/r", "/a/b.csv"), "/srv/r/a/b.csv");
  assert.equal(resolvePath("/srv/r", "/"), "/srv/r");
  assert.equal(resolvePath("/srv/r", "/sweep_lr/lr%3D0.1.csv"), "/srv/r/sweep_lr/lr=0.1.csv");
  assert.equal(resolvePath("/srv/r", "/../etc/passwd"), "/srv/r/etc/passwd");
  assert.equal(resolvePath("/srv/r", "/%2e%2e/%2e%2e/etc"), "/srv/r/etc");
  assert.equal(resolvePath("/srv/r", "/a%5c..%5cb"), null);
  assert.equal(resolvePath("/srv/r", "/a%00"), null);
  assert.equal(resolvePath("/srv/r", "/%E0%A4%A"), null);
});

Deno.test("contentType of the files a results folder holds", () => {
  assert.equal(contentType("index.html"), "text/html; charset=utf-8");
  assert.equal(contentType("a/B.SVG"), "image/svg+xml");
  assert.equal(contentType("x.bin"), "application/octet-stream");
});

Deno.test("serveStatic: files, a folder's index.html, 404, 405, HEAD", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/index.html`, "<p>hi</p>");
    await Deno.mkdir(`${dir}/s`);
    await Deno.writeTextFile(`${dir}/s/r=1.csv`, "epoch\n0\n");
    const get = (p: string, method = "GET") =>
      serveStatic(dir, new Request(`http://x${p}`, { method }));
    const root = await get("/");
    assert.equal(root.status, 200);
    assert.equal(root.headers.get("content-type"), "text/html; charset=utf-8");
    assert.equal(await root.text(), "<p>hi</p>");
    const csv = await get("/s/r%3D1.csv");
    assert.equal(await csv.text(), "epoch\n0\n");
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    const missing = await get("/s/");
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    const post = await get("/", "POST");
    assert.equal(post.status, 405);
    await post.body?.cancel();
    const head = await get("/index.html", "HEAD");
    assert.equal(head.headers.get("content-length"), "9");
    assert.equal(head.body, null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
