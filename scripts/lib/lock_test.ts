import assert from "node:assert/strict";
import { hostname } from "node:os";
import { join } from "node:path";
import { acquireLock, LOCK_FILE, LockError, processAlive } from "./lock.ts";

async function inTemp(fn: (dir: string) => void | Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A PID with no process behind it (Linux pids stay below 2^22). */
const DEAD_PID = 4_194_304 + 17;

Deno.test("a held lock refuses a second taker, naming the holder; release frees it", () =>
  inTemp((dir) => {
    const lock = acquireLock(dir, "reproduce");
    const holder = JSON.parse(Deno.readTextFileSync(join(dir, LOCK_FILE)));
    assert.equal(holder.pid, Deno.pid);
    assert.equal(holder.host, hostname());
    assert.throws(
      () => acquireLock(dir, "merge"),
      (e: Error) =>
        e instanceof LockError &&
        e.message.includes(`in use by reproduce (PID ${Deno.pid} on ${hostname()}`) &&
        e.message.includes(join(dir, LOCK_FILE)),
    );
    lock.release();
    acquireLock(dir, "merge").release();
    assert.throws(() => Deno.statSync(join(dir, LOCK_FILE)), Deno.errors.NotFound);
  }));

Deno.test("a stale lock (dead PID on this host, or unreadable) is taken over with a line", () =>
  inTemp((dir) => {
    assert.equal(processAlive(DEAD_PID), false);
    assert.equal(processAlive(Deno.pid), true);
    const path = join(dir, LOCK_FILE);
    for (
      const text of [
        JSON.stringify({ pid: DEAD_PID, host: hostname(), since: "then", command: "reproduce" }),
        "garbage",
      ]
    ) {
      Deno.writeTextFileSync(path, text);
      Deno.utimeSync(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      const lines: string[] = [];
      const lock = acquireLock(dir, "reproduce", (l) => lines.push(l));
      assert.equal(lines.length, 1);
      assert.match(lines[0], /took over a stale lock/);
      assert.equal(JSON.parse(Deno.readTextFileSync(path)).pid, Deno.pid);
      lock.release();
    }
  }));

Deno.test("a lock from another host is never stolen", () =>
  inTemp((dir) => {
    const other = { pid: DEAD_PID, host: "elsewhere", since: "then", command: "reproduce" };
    Deno.writeTextFileSync(join(dir, LOCK_FILE), JSON.stringify(other));
    assert.throws(
      () => acquireLock(dir, "reproduce"),
      /in use by reproduce \(PID \d+ on elsewhere/,
    );
  }));
