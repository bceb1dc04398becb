import assert from "node:assert/strict";
import { assertHelp, assertUserError, ROOT, runScript } from "./lib/cli_testing.ts";
import { parsePort } from "./serve.ts";

/** The permissions of the serve task in deno.json. */
const PERMS = ["--allow-net=127.0.0.1", "--allow-read", "--allow-env"];

Deno.test("serve: serves a folder on 127.0.0.1 and prints the URL", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/index.html`, "<p>page</p>");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...PERMS, "scripts/serve.ts", "--results", dir, "--port", "0"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  try {
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let line = "";
    while (!line.includes("\n")) {
      const { value, done } = await lines.read();
      if (done) break;
      line += value;
    }
    const m = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(line);
    assert.ok(m, `no URL in ${JSON.stringify(line)}`);
    const page = await fetch(m[1]);
    assert.equal(await page.text(), "<p>page</p>");
    const missing = await fetch(`${m[1]}nope.csv`);
    assert.equal(missing.status, 404);
    await missing.body?.cancel();
    lines.releaseLock();
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve CLI: --help, a bad port and a missing folder are one-line errors", async () => {
  const [help, port, folder] = await Promise.all([
    runScript("scripts/serve.ts", ["--help"], { permissions: PERMS }),
    runScript("scripts/serve.ts", ["--port", "70000"], { permissions: PERMS }),
    runScript("scripts/serve.ts", ["--results", "/nonexistent"], { permissions: PERMS }),
  ]);
  assertHelp(help, ["results", "port"]);
  assertUserError(port, '--port "70000": expected an integer from 0 to 65535');
  assertUserError(folder, "--results /nonexistent: no such folder");
});

Deno.test("parsePort", () => {
  assert.equal(parsePort("0"), 0);
  assert.equal(parsePort("8080"), 8080);
  assert.throws(() => parsePort("-1"), /--port/);
  assert.throws(() => parsePort("80x"), /--port/);
});
