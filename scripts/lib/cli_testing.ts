/**
 * Helpers for subprocess tests of the tasks: run `deno run` on a script and check how it ended
 * (exit code, one-line error naming the flag, no stack, no "Uncaught").
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

/** The repository root (where deno.json is). */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** How a subprocess ended. */
export interface TaskResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `deno run <permissions> <script> ...args` from the repository root. `permissions`
 * defaults to -A; pass the task's own flags to test it as `deno task` runs it.
 */
export async function runScript(
  script: string,
  args: string[],
  opts: { permissions?: string[]; env?: Record<string, string>; cwd?: string } = {},
): Promise<TaskResult> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...(opts.permissions ?? ["-A"]), script, ...args],
    cwd: opts.cwd ?? ROOT,
    env: { NO_COLOR: "1", ...opts.env },
    stdout: "piped",
    stderr: "piped",
  });
  const out = await cmd.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Asserts no stack frame and no "Uncaught" reached stderr. */
export function assertNoStack(r: TaskResult): void {
  assert.ok(!r.stderr.includes("Uncaught"), `"Uncaught" in stderr:\n${r.stderr}`);
  assert.ok(!/^\s{4}at /m.test(r.stderr), `stack frame in stderr:\n${r.stderr}`);
}

/** Asserts a user error: exit 2, `error: ` with every one of `parts`, no stack. */
export function assertUserError(r: TaskResult, ...parts: string[]): void {
  assert.equal(r.code, 2, `exit code ${r.code}, expected 2; stderr:\n${r.stderr}`);
  assertNoStack(r);
  assert.match(r.stderr, /^error: /m, `no "error: " line in stderr:\n${r.stderr}`);
  for (const p of parts) assert.ok(r.stderr.includes(p), `stderr lacks "${p}":\n${r.stderr}`);
}

/** Asserts `--help` exited 0 and its stdout lists every flag in `flags` (names without "--"). */
export function assertHelp(r: TaskResult, flags: string[]): void {
  assert.equal(r.code, 0, `--help exit code ${r.code}; stderr:\n${r.stderr}`);
  assert.match(r.stdout, /^Usage: /, r.stdout);
  assert.match(r.stdout, /Examples:/, r.stdout);
  for (const f of flags) {
    assert.ok(r.stdout.includes(`--${f}`), `--help lacks --${f}:\n${r.stdout}`);
  }
}
