/**
 * A read-only static file handler for `deno task serve`: files under one folder by URL path,
 * index.html for a folder, the content types a results folder holds, nothing outside the folder.
 */
import { extname, join, normalize, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** The content type of a file name (application/octet-stream when unknown). */
export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/**
 * The file a URL path names under `root`, or null when it would leave the folder (after
 * decoding: "..", "%2e%2e", backslashes, NUL).
 */
export function resolvePath(root: string, urlPath: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes("\0") || rel.includes("\\")) return null;
  const base = resolve(root);
  const full = resolve(join(base, normalize(`/${rel}`)));
  return full === base || full.startsWith(base + sep) ? full : null;
}

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** Answers GET/HEAD with the file (a folder: its index.html); 404, 403 or 405 otherwise. */
export async function serveStatic(root: string, req: Request): Promise<Response> {
  if (req.method !== "GET" && req.method !== "HEAD") return text(405, "method not allowed\n");
  let path = resolvePath(root, new URL(req.url).pathname);
  if (path === null) return text(403, "forbidden\n");
  let st = await Deno.stat(path).catch(() => null);
  if (st?.isDirectory) {
    path = join(path, "index.html");
    st = await Deno.stat(path).catch(() => null);
  }
  if (!st?.isFile) return text(404, "not found\n");
  const headers = {
    "content-type": contentType(path),
    "content-length": String(st.size),
    "cache-control": "no-cache",
  };
  if (req.method === "HEAD") return new Response(null, { headers });
  const file = await Deno.open(path, { read: true });
  return new Response(file.readable, { headers });
}
