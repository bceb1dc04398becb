/**
 * Atomic file writes: the data goes to a temp file in the same folder (same filesystem, so the
 * rename cannot degrade to a copy), then one rename replaces the target. A reader or a killed
 * process sees either the old file or the new one, never a torn one.
 */
import { basename, dirname, join } from "node:path";

let counter = 0;

export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const dir = dirname(path);
  await Deno.mkdir(dir, { recursive: true });
  // pid + counter keeps concurrent writers (other processes, other calls) off each other's temp.
  const tmp = join(dir, `.${basename(path)}.${Deno.pid}.${counter++}.tmp`);
  try {
    await Deno.writeFile(tmp, data);
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

export function writeTextAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomic(path, new TextEncoder().encode(text));
}

/** Whether a regular file is at `path` (false when nothing is there; other errors are thrown). */
export async function fileExists(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isFile;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

/** The text of the file at `path`, or undefined when there is none (other errors are thrown). */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}

/** Whether a folder is at `path` (false when nothing, or a file, is there). */
export async function dirExists(path: string): Promise<boolean> {
  return (await Deno.stat(path).catch(() => undefined))?.isDirectory === true;
}
