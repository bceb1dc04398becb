/**
 * The command-line layer every task shares: flag definitions that double as `--help`, parsing
 * that names the flag on every mistake, shared validators, user errors printed as one line
 * (exit 2, no stack), SIGINT/SIGTERM cleanup, and preflight checks of output paths.
 */
import { parseArgs } from "node:util";
import { dirname, resolve } from "node:path";
import { ConfigError } from "../../core/config.ts";
import { CsvError } from "../../core/csv.ts";
import { DataError } from "../../core/data/mnist.ts";
import { type Backend, BACKENDS } from "../../core/kernels/select.ts";
import { NativeBuildError } from "../../core/kernels/native_build.ts";

/** A user's mistake: printed as one line `error: <message>` (+ optional hint line), exit 2, no stack. */
export class UsageError extends Error {
  override name = "UsageError";
  /** @param hint a second line telling the user what to do instead */
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

/** One flag of a command: its type and the words `--help` shows for it. */
export interface FlagDef {
  type: "string" | "boolean";
  /** Meaning, one line. */
  help: string;
  /** Applied when the flag is absent and shown in --help. */
  default?: string | boolean;
  /** The value's name in --help, e.g. "N", "DIR", "i/n". */
  placeholder?: string;
  short?: string;
  /** May be given more than once (values become a string[]). */
  multiple?: boolean;
}

/** A task's command line: what `parseCommand` accepts and `formatHelp` prints. */
export interface CommandDef {
  /** How the user runs it, e.g. "deno task reproduce". */
  name: string;
  /** One or two sentences. */
  summary: string;
  /** Keys are flag names without "--"; --help/-h is added automatically. */
  flags: Record<string, FlagDef>;
  positionals?: { name: string; help: string; min?: number; max?: number };
  /** Shown under "Examples:". */
  examples: string[];
}

/** What `parseCommand` returns. */
export interface ParsedCommand {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The flags the user gave (as opposed to defaults). */
  explicit: Set<string>;
}

const HELP_FLAG: FlagDef = { type: "boolean", short: "h", help: "show this help and exit" };

function helpHint(def: CommandDef): string {
  return `run \`${def.name} --help\` for the flags and examples`;
}

function flagLabel(name: string, f: FlagDef): string {
  const short = f.short ? `-${f.short}, ` : "    ";
  const value = f.type === "string" ? ` ${f.placeholder ?? "VALUE"}` : "";
  return `  ${short}--${name}${value}`;
}

/** The `--help` text: usage line, summary, every flag with placeholder, meaning and default, examples. */
export function formatHelp(def: CommandDef): string {
  const pos = def.positionals;
  const posText = pos ? ` ${(pos.min ?? 0) > 0 ? pos.name : `[${pos.name}]`}` : "";
  const lines = [`Usage: ${def.name} [flags]${posText}`, "", def.summary, ""];
  if (pos) lines.push("Arguments:", `  ${pos.name}  ${pos.help}`, "");
  const flags: [string, FlagDef][] = [...Object.entries(def.flags), ["help", HELP_FLAG]];
  const labels = flags.map(([name, f]) => flagLabel(name, f));
  const width = Math.min(32, Math.max(...labels.map((l) => l.length)) + 2);
  lines.push("Flags:");
  flags.forEach(([, f], i) => {
    const shown = f.default === undefined || f.default === false ? "" : ` (default: ${f.default})`;
    const text = `${f.help}${shown}${f.multiple ? " (repeatable)" : ""}`;
    const label = labels[i];
    if (label.length + 2 <= width) lines.push(label.padEnd(width) + text);
    else lines.push(label, " ".repeat(width) + text);
  });
  if (def.examples.length > 0) {
    lines.push("", "Examples:", ...def.examples.map((e) => `  ${e}`));
  }
  return lines.join("\n") + "\n";
}

/** `--lr -1` → `--lr=-1`, so a negative number is read as the value of a string flag. */
function joinNegativeValues(def: CommandDef, args: string[]): string[] {
  const shortToLong = new Map(
    Object.entries(def.flags).filter(([, f]) => f.short).map(([n, f]) => [`-${f.short}`, n]),
  );
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const name = arg.startsWith("--") ? arg.slice(2) : shortToLong.get(arg);
    const next = args[i + 1];
    if (
      name !== undefined && def.flags[name]?.type === "string" && next !== undefined &&
      /^-[\d.]/.test(next)
    ) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** The closest known flag name, for "did you mean" (edit distance <= 2), or undefined. */
function closest(name: string, known: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0];
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j];
        d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length];
  };
  const best = known.map((k) => [k, dist(name, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

type Token = {
  kind: string;
  name?: string;
  rawName?: string;
  value?: string;
  inlineValue?: boolean;
};

function checkOption(def: CommandDef, t: Token): void {
  const flags: Record<string, FlagDef> = { ...def.flags, help: HELP_FLAG };
  const f = flags[t.name!];
  if (!f) {
    const guess = closest(t.name!, Object.keys(flags));
    throw new UsageError(
      `unknown flag ${t.rawName}` + (guess ? ` (did you mean --${guess}?)` : ""),
      helpHint(def),
    );
  }
  const label = `--${t.name}`;
  if (f.type === "boolean" && t.value !== undefined) {
    throw new UsageError(`${label}=${t.value}: ${label} takes no value`, helpHint(def));
  }
  if (f.type === "string" && (t.value === undefined || (!t.inlineValue && t.value[0] === "-"))) {
    const what = f.placeholder ? ` (${f.placeholder})` : "";
    throw new UsageError(
      `${label}: expected a value${what} after it` +
        (t.value === undefined ? "" : `, got the flag ${t.value}`),
      t.value === undefined
        ? helpHint(def)
        : `to pass a value starting with "-", write ${label}=${t.value}`,
    );
  }
}

function checkPositionals(def: CommandDef, positionals: string[]): void {
  const pos = def.positionals;
  const min = pos?.min ?? 0;
  const max = pos ? pos.max ?? Infinity : 0;
  if (positionals.length > max) {
    const extra = positionals[max];
    throw new UsageError(
      max === 0
        ? `unexpected argument ${JSON.stringify(extra)}: ${def.name} takes only flags`
        : `too many arguments (${positionals.length}): expected at most ${max} ${pos!.name}`,
      helpHint(def),
    );
  }
  if (positionals.length < min) {
    throw new UsageError(
      `missing ${pos!.name}: expected at least ${min}, got ${positionals.length}`,
      helpHint(def),
    );
  }
}

/**
 * Parses args (node:util parseArgs underneath). `--help`/`-h` prints formatHelp(def) to stdout
 * and exits 0. Unknown flag, missing value, bad positional count → throws UsageError naming the
 * flag and pointing at --help. `--lr -1` gives values.lr === "-1".
 */
export function parseCommand(def: CommandDef, args: string[]): ParsedCommand {
  const options = Object.fromEntries(
    Object.entries({ ...def.flags, help: HELP_FLAG }).map(([name, f]) => [
      name,
      { type: f.type, multiple: f.multiple ?? false, ...(f.short ? { short: f.short } : {}) },
    ]),
  );
  const { tokens, values, positionals } = parseArgs({
    args: joinNegativeValues(def, args),
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options_ = (tokens as Token[]).filter((t) => t.kind === "option");
  if (options_.some((t) => t.name === "help" && t.value === undefined)) {
    console.log(formatHelp(def).trimEnd());
    Deno.exit(0);
  }
  const explicit = new Set<string>();
  for (const t of options_) {
    checkOption(def, t);
    explicit.add(t.name!);
  }
  checkPositionals(def, positionals);
  const out: ParsedCommand["values"] = {};
  for (const [name, f] of Object.entries(def.flags)) {
    const v = values[name] as string | boolean | string[] | undefined;
    out[name] = v ?? (f.multiple && typeof f.default === "string" ? [f.default] : f.default);
  }
  return { values: out, positionals, explicit };
}

function bad(flag: string, value: string, expected: string, hint?: string): never {
  throw new UsageError(`${flag} ${JSON.stringify(value)}: expected ${expected}`, hint);
}

/** `--jobs`: an integer >= 1; default: navigator.hardwareConcurrency || 1. */
export function parseJobs(value: string | undefined, flag = "--jobs"): number {
  if (value === undefined) return navigator.hardwareConcurrency || 1;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) bad(flag, value, "an integer >= 1");
  return Number(value);
}

/** The `--backend` flag of the tasks that train (reproduce, golden). */
export const BACKEND_FLAG: FlagDef = {
  type: "string",
  placeholder: "NAME",
  default: "auto",
  help: "kernels: auto (native if a C compiler builds it, else wasm), native, wasm, " +
    "reference (all exact), openblas (not bit-exact)",
};

/** `--backend`: one of core/kernels/select.ts BACKENDS; default "auto". */
export function parseBackend(value: string | undefined, flag = "--backend"): Backend {
  if (value === undefined) return "auto";
  if (!(BACKENDS as readonly string[]).includes(value)) {
    bad(flag, value, `one of ${BACKENDS.join("|")}`);
  }
  return value as Backend;
}

/** `--threads`: 1 or 2; default 1. */
export function parseThreads(value: string | undefined, flag = "--threads"): 1 | 2 {
  if (value === undefined) return 1;
  if (value.trim() !== "1" && value.trim() !== "2") {
    bad(flag, value, "1 or 2 (2 needs --backend wasm)");
  }
  return Number(value) as 1 | 2;
}

/** An integer >= 1, or undefined when the flag is absent. */
export function parsePositiveInt(flag: string, value: string | undefined): number | undefined {
  return parseIntAtLeast(flag, value, 1);
}

/** An integer >= 0, or undefined when the flag is absent. */
export function parseCount(flag: string, value: string | undefined): number | undefined {
  return parseIntAtLeast(flag, value, 0);
}

/** An integer >= min (written in decimal digits), or undefined when the flag is absent. */
function parseIntAtLeast(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < min) bad(flag, value, `an integer >= ${min}`);
  return Number(value);
}

/** A finite number (e.g. "1e-4", "-1"), or undefined when the flag is absent; range checks are the caller's. */
export function parseNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x)) bad(flag, value, "a number, e.g. 0.1 or 1e-4");
  return x;
}

/** One of `choices`, or undefined when the flag is absent. */
export function parseChoice<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) {
    bad(flag, value, `one of ${choices.join("|")}`);
  }
  return value as T;
}

/**
 * A comma-separated list, each item checked by `item` (which returns undefined for a bad one):
 * `parseList("--threads", "1,2", (s) => s === "1" || s === "2" ? Number(s) : undefined, "1 or 2")`.
 */
export function parseList<T>(
  flag: string,
  value: string | undefined,
  item: (s: string) => T | undefined,
  expected: string,
): T[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(",").map((s) => s.trim());
  const out: T[] = [];
  for (const p of parts) {
    const v = p === "" ? undefined : item(p);
    if (v === undefined) {
      bad(flag, value, `a comma-separated list of ${expected} (bad item "${p}")`);
    }
    out.push(v);
  }
  return out;
}

const FS_ERRORS = [
  Deno.errors.NotFound,
  Deno.errors.PermissionDenied,
  Deno.errors.NotCapable,
  Deno.errors.AlreadyExists,
  Deno.errors.NotADirectory,
  Deno.errors.IsADirectory,
];

/** Whether `e` is the user's mistake (bad flag, bad experiment key, bad file) rather than a bug. */
export function isUserError(e: unknown): boolean {
  return e instanceof UsageError || e instanceof ConfigError || e instanceof CsvError ||
    e instanceof DataError || e instanceof NativeBuildError ||
    FS_ERRORS.some((c) => e instanceof c);
}

/** The hint printed under a user error, if any. */
function hintOf(e: unknown): string | undefined {
  if (e instanceof UsageError) return e.hint;
  if (e instanceof NativeBuildError) {
    return "--backend auto (the default) falls back to wasm, same numbers; or install gcc or clang, or set CC";
  }
  if (e instanceof Deno.errors.NotCapable) {
    return "this task's permissions (deno.json) do not reach that path: choose another";
  }
  return undefined;
}

/** Prints `e` as the user should see it and returns the exit code (2: user error, 1: bug). */
export function reportError(e: unknown): number {
  const debug = Deno.env.get("MLPBENCH_DEBUG") === "1";
  const err = e instanceof Error ? e : new Error(String(e));
  if (isUserError(e)) {
    console.error(`error: ${err.message}`);
    const hint = hintOf(e);
    if (hint) console.error(`hint: ${hint}`);
    if (debug && err.stack) console.error(err.stack);
    return 2;
  }
  console.error(`error: ${err.message}`);
  if (err.stack) console.error(err.stack.split("\n").slice(1).join("\n"));
  console.error("(this is a bug in mlpbench: please report it with the command you ran)");
  return 1;
}

/**
 * Runs a task's main and exits with its code. User errors (UsageError, ConfigError, CsvError,
 * DataError, NativeBuildError, file-system errors on a user path) print `error: <one line>` (+ `hint: ...`), exit 2;
 * anything else is a bug: message and stack, exit 1. MLPBENCH_DEBUG=1 always prints the stack.
 */
export async function runMain(main: () => Promise<number | void>): Promise<never> {
  const fatal = (e: unknown) => Deno.exit(reportError(e));
  globalThis.addEventListener("unhandledrejection", (ev) => {
    ev.preventDefault();
    fatal(ev.reason);
  });
  globalThis.addEventListener("error", (ev) => {
    ev.preventDefault();
    fatal(ev.error);
  });
  let code: number;
  try {
    code = (await main()) ?? 0;
  } catch (e) {
    code = reportError(e);
  }
  Deno.exit(code);
}

interface Registration {
  cleanup: () => void | Promise<void>;
  message?: () => string;
}

const registrations = new Set<Registration>();
let interrupted = false;
const SIGNALS = [["SIGINT", 130], ["SIGTERM", 143]] as const;
const listeners = new Map<Deno.Signal, () => void>();

async function handleSignal(code: number): Promise<void> {
  if (interrupted) Deno.exit(code); // a second Ctrl-C: stop now
  interrupted = true;
  const regs = [...registrations].reverse();
  for (const r of regs) {
    try {
      // A synchronous cleanup runs without yielding, so no pending write can land after it.
      const done = r.cleanup();
      if (done instanceof Promise) await done;
    } catch (e) {
      console.error(`error while cleaning up: ${(e as Error).message}`);
    }
  }
  for (const r of regs) {
    const m = r.message?.();
    if (m) console.error(m);
  }
  Deno.exit(code);
}

function setListeners(on: boolean): void {
  for (const [sig, code] of SIGNALS) {
    if (on && !listeners.has(sig)) {
      const l = () => void handleSignal(code);
      try {
        Deno.addSignalListener(sig, l);
        listeners.set(sig, l);
      } catch { /* SIGTERM is not supported on Windows */ }
    } else if (!on && listeners.has(sig)) {
      Deno.removeSignalListener(sig, listeners.get(sig)!);
      listeners.delete(sig);
    }
  }
}

/**
 * On SIGINT/SIGTERM: runs the registered cleanups (newest first) once, prints each message(),
 * exits 130 (SIGINT) or 143 (SIGTERM). A second signal exits at once. Returns an unregister.
 */
export function onInterrupt(
  cleanup: () => void | Promise<void>,
  message?: () => string,
): () => void {
  const reg: Registration = { cleanup, message };
  registrations.add(reg);
  setListeners(true);
  return () => {
    registrations.delete(reg);
    if (registrations.size === 0) setListeners(false);
  };
}

/** Why writing at `path` failed, in the user's words (never "--allow-all"). */
function whyNotWritable(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (e instanceof Deno.errors.NotCapable) {
    return "not writable by this task (outside its permissions)";
  }
  if (e instanceof Deno.errors.NotADirectory || code === "ENOTDIR") {
    return "a file stands where a folder is needed";
  }
  if (e instanceof Deno.errors.AlreadyExists || code === "EEXIST") return "a file, not a folder";
  if (e instanceof Deno.errors.NotFound) return "not writable (nothing can be created there)";
  if (code === "EROFS") return "not writable (read-only file system)";
  if (e instanceof Deno.errors.PermissionDenied) return "not writable (permission denied)";
  return `not writable (${(e as Error).message})`;
}

/** The nearest existing ancestor of `path` that is a file, if any (why mkdir -p fails). */
async function fileAncestor(path: string): Promise<string | undefined> {
  for (let p = resolve(path); p !== dirname(p); p = dirname(p)) {
    const st = await Deno.stat(p).catch(() => undefined);
    if (st) return st.isDirectory ? undefined : p;
  }
  return undefined;
}

async function probeDir(flag: string, shown: string, dir: string): Promise<void> {
  const fail = async (e: unknown): Promise<never> => {
    const file = await fileAncestor(dir);
    const why = file === undefined
      ? whyNotWritable(e)
      : file === resolve(dir)
      ? "a file, not a folder"
      : `${file} is a file, not a folder`;
    throw new UsageError(`${flag} ${shown}: ${why}`);
  };
  try {
    await Deno.mkdir(dir, { recursive: true });
  } catch (e) {
    await fail(e);
  }
  const probe = `${dir}/.mlpbench-probe-${Deno.pid}-${crypto.randomUUID().slice(0, 8)}`;
  try {
    await Deno.writeTextFile(probe, "");
  } catch (e) {
    await fail(e);
  }
  await Deno.remove(probe).catch(() => {});
}

/**
 * Preflight before any compute: `dir` (created if missing) is a writable directory, probed by
 * writing and removing a temp file. Throws UsageError `--out DIR: <why>`.
 */
export async function preflightDir(flag: string, dir: string): Promise<void> {
  await probeDir(flag, dir, dir);
}

/** Preflight of an output file: not an existing directory; its folder creatable and writable. */
export async function preflightFile(flag: string, path: string): Promise<void> {
  const st = await Deno.stat(path).catch(() => undefined);
  if (st?.isDirectory) throw new UsageError(`${flag} ${path}: a folder, not a file`);
  const parent = dirname(path);
  const file = await fileAncestor(parent);
  if (file !== undefined) throw new UsageError(`${flag} ${path}: ${file} is a file, not a folder`);
  await probeDir(flag, path, parent);
  if (st?.isFile) {
    try {
      (await Deno.open(path, { write: true })).close();
    } catch (e) {
      throw new UsageError(`${flag} ${path}: ${whyNotWritable(e)}`);
    }
  }
}
