import { readPackageFile } from '../platform/bytes.js';
import { kernelBytes } from '../platform/kernel-module.js';

/** What a worker must match to run a query's jobs: the package version and the wasm kernels' build. */
export interface BuildId {
  readonly version: string;
  /** SHA-256 of the wasm module's bytes, hex. */
  readonly wasm: string;
}

// src/cluster/ and dist/cluster/ both sit two levels below the package root.
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of bytes, or of a text's UTF-8, in hex. */
export async function sha256(data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

/** `n` random bytes in hex: a per-run nonce in a query id, so two runs of one plan never share keys. */
export const nonce = (n: number): string => hex(crypto.getRandomValues(new Uint8Array(n)));

/** This process's build: the package.json version and the hash of the wasm module it loads (init's wasmUrl, else the package's). */
export async function buildId(wasmUrl?: string | URL): Promise<BuildId> {
  const pkg = JSON.parse(new TextDecoder().decode(await readPackageFile(PACKAGE_JSON))) as { version: string };
  return { version: pkg.version, wasm: await sha256(await kernelBytes(wasmUrl)) };
}

export const sameBuild = (a: BuildId, b: BuildId): boolean => a.version === b.version && a.wasm === b.wasm;
export const describeBuild = (b: BuildId): string => `quiverjs ${b.version}, wasm sha256 ${b.wasm.slice(0, 16)}`;
