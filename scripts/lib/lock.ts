/**
 * One process at a time per results folder: `<dir>/.lock` holds the holder's PID, host, start
 * time and command. A second process refuses at once, naming the holder. A lock whose process
 * is gone (same host, no such PID) is stale: it is taken over, with a line saying so.
 */
import { hostname } from "node:os";
import { join } from "node:path";
import { UsageError } from "./cli.ts";

export const LOCK_FILE = ".lock";

export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

/** Another live process holds the folder: a user-facing, one-line error (exit 2). */
export class LockError extends UsageError {
  override name = "LockError";
}

/** Whether process `pid` runs on this machine (Linux: /proc; elsewhere assumed alive). */
export function processAlive(pid: number): boolean {
  try {
    Deno.statSync("/proc/self");
  } catch {
    return true; // no /proc: cannot tell, so never steal
  }
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(Deno.readTextFileSync(path));
    return typeof h?.pid === "number" && typeof h?.host === "string" ? h : undefined;
  } catch {
    return undefined;
  }
}

function describe(h: LockHolder): string {
  return `${h.command} (PID ${h.pid} on ${h.host}, since ${h.since})`;
}

/** A held lock; release() removes the file if it is still ours. */
export interface Lock {
  path: string;
  release(): void;
}

function tryCreate(path: string, holder: LockHolder): boolean {
  try {
    Deno.writeTextFileSync(path, JSON.stringify(holder) + "\n", { createNew: true });
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) return false;
    throw err;
  }
}

/**
 * Takes `<dir>/.lock` for `command` (the folder is created if missing). Throws LockError naming
 * the holder when a live process has it. `log` receives the line about a stale lock taken over.
 */
export function acquireLock(
  dir: string,
  command: string,
  log: (line: string) => void = () => {},
): Lock {
  Deno.mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: Deno.pid,
    host: hostname(),
    since: new Date().toISOString(),
    command,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, me)) return { path, release: () => releaseIfOurs(path) };
    const text = safeRead(path);
    const h = readHolder(path);
    const stale = h === undefined
      ? text !== undefined && olderThan(path, 2000) // a process died while writing it
      : h.host === me.host && !processAlive(h.pid);
    if (!stale) {
      if (h === undefined) continue; // vanished between create and read: try again
      throw new LockError(
        `${dir} is in use by ${describe(h)}: wait for it to finish, or delete ${path} ` +
          `if that process is gone`,
      );
    }
    // Move the stale file aside, then check it was the one judged stale (not a fresh lock).
    const aside = `${path}.stale.${Deno.pid}`;
    try {
      Deno.renameSync(path, aside);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) continue;
      throw err;
    }
    if (safeRead(aside) !== text) {
      Deno.renameSync(aside, path); // someone else's fresh lock: put it back
      continue;
    }
    Deno.removeSync(aside);
    log(`${dir}: took over a stale lock of ${h ? describe(h) : "an unknown process"}`);
  }
  const h = readHolder(path);
  throw new LockError(`${dir} is in use by ${h ? describe(h) : "another process"}`);
}

/** Whether the file was last written more than `ms` ago (a lock still being written is not). */
function olderThan(path: string, ms: number): boolean {
  try {
    const t = Deno.statSync(path).mtime;
    return t !== null && Date.now() - t.getTime() > ms;
  } catch {
    return false;
  }
}

function safeRead(path: string): string | undefined {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

function releaseIfOurs(path: string) {
  const h = readHolder(path);
  if (h?.pid === Deno.pid && h.host === hostname()) {
    try {
      Deno.removeSync(path);
    } catch {
      // already gone
    }
  }
}
