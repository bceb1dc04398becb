/** The project's one directory walker. */

/**
 * Every file under `dir`, as sorted paths relative to it ("sweep_lr/lr=0.1.csv"); a folder that
 * does not exist has no files.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (sub: string) => {
    for await (const e of Deno.readDir(sub === "" ? dir : `${dir}/${sub}`)) {
      const rel = sub === "" ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory) await walk(rel);
      else if (e.isFile) out.push(rel);
    }
  };
  try {
    await walk("");
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return out.sort();
}
