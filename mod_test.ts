import assert from "node:assert/strict";

Deno.test("mod.ts: its module example runs (deno test --doc mod.ts)", async () => {
  const root = new URL(".", import.meta.url);
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--doc", "mod.ts"],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  assert.equal(code, 0, out);
  // the example printed its two rows as a run CSV
  assert.match(
    out,
    /^epoch,train_loss,train_acc,window_loss,window_acc,test_loss,test_acc,seconds$/m,
  );
  assert.match(out, /1 passed/);
});
