/**
 * `deno task serve`: serves a results folder (its index.html, REPORT.md, charts and CSVs) on the
 * loopback interface only, read-only, and prints the page's URL. The page also works opened
 * straight from the file system; a server is for a browser that blocks file:// or a link to share
 * on this machine.
 */
import { serveStatic } from "./lib/static_files.ts";
import { type CommandDef, parseCommand, runMain, UsageError } from "./lib/cli.ts";

/** `deno task serve`'s flags, defaults and examples (its --help). */
export const SERVE_COMMAND: CommandDef = {
  name: "deno task serve",
  summary: "Serves a results folder on 127.0.0.1 (read-only) and prints the URL of its " +
    "interactive page (index.html, written by deno task report).",
  flags: {
    results: {
      type: "string",
      help: "results folder to serve",
      default: "results",
      placeholder: "DIR",
    },
    port: {
      type: "string",
      help: "TCP port on 127.0.0.1 (0: any free port)",
      default: "8000",
      placeholder: "N",
    },
  },
  examples: ["deno task serve", "deno task serve --results out/quick --port 8080"],
};

/** `--port`: an integer 0–65535. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || n > 65535) {
    throw new UsageError(`--port ${JSON.stringify(value)}: expected an integer from 0 to 65535`);
  }
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommand(SERVE_COMMAND, argv);
  const root = (values.results as string).replace(/(.)\/$/, "$1");
  const port = parsePort(values.port as string);
  const st = await Deno.stat(root).catch(() => undefined);
  if (!st?.isDirectory) {
    throw new UsageError(`--results ${root}: ${st ? "a file, not a folder" : "no such folder"}`);
  }
  const hasPage = await Deno.stat(`${root}/index.html`).then(() => true, () => false);
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve(
      { hostname: "127.0.0.1", port, onListen: () => {} },
      (req) => serveStatic(root, req),
    );
  } catch (e) {
    if (e instanceof Deno.errors.AddrInUse) {
      throw new UsageError(`--port ${port}: already in use`, "choose another, or --port 0");
    }
    throw e;
  }
  console.log(`serving ${root}/ at http://127.0.0.1:${server.addr.port}/ (Ctrl-C stops)`);
  if (!hasPage) console.log(`note: ${root}/index.html is missing: run deno task report first`);
  await server.finished;
  return 0;
}

if (import.meta.main) await runMain(() => main(Deno.args));
