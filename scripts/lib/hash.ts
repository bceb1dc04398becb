/** Content hashes for run configs: what decides whether a stored result is still valid. */
import type { RunConfig } from "../../core/config.ts";
import { ENGINE_VERSION } from "../../core/version.ts";

/**
 * JSON with object keys sorted at every level and undefined members dropped, so equal values
 * always give equal text whatever order they were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new Error(`canonicalJson: ${value} is not representable: expected a finite number`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(obj[k])).join(",") + "}";
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** sha256 of the validated config together with the engine version that would compute it. */
export function configHash(config: RunConfig, engineVersion = ENGINE_VERSION): Promise<string> {
  return sha256Hex(canonicalJson({ config, engineVersion }));
}
