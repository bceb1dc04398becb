/** Small assertion helpers for tests (no @std here): deep equality and relative closeness. */
import assert from "node:assert/strict";

export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  assert.deepStrictEqual(actual, expected, msg);
}

/** |a - e| <= rel * max(|e|, tiny); NaN only equals NaN. */
export function assertClose(actual: number, expected: number, rel: number, msg = ""): void {
  if (Number.isNaN(expected) && Number.isNaN(actual)) return;
  const err = Math.abs(actual - expected);
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (!(err <= rel * scale)) {
    throw new assert.AssertionError({
      message: `${msg} expected ${expected}, got ${actual} (relative error ${
        err / scale
      } > ${rel})`,
    });
  }
}

export function assertThrowsMessage(fn: () => unknown, ...parts: string[]): Error {
  try {
    fn();
  } catch (e) {
    const m = (e as Error).message;
    for (const p of parts) {
      if (!m.includes(p)) throw new Error(`error message "${m}" lacks "${p}"`);
    }
    return e as Error;
  }
  throw new Error(`expected an error mentioning ${parts.join(", ")}`);
}

export async function assertRejectsMessage(
  fn: () => Promise<unknown>,
  ...parts: string[]
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    const m = (e as Error).message;
    for (const p of parts) {
      if (!m.includes(p)) throw new Error(`error message "${m}" lacks "${p}"`);
    }
    return e as Error;
  }
  throw new Error(`expected a rejection mentioning ${parts.join(", ")}`);
}
