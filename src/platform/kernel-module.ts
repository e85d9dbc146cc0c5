import { readPackageFile } from './bytes.js';

/**
 * wasm/quiver.wasm relative to this module: src/platform/ and dist/platform/ both sit two
 * levels below the package root. Written as `new URL('literal', import.meta.url)`, the
 * pattern bundlers such as Vite recognise: they copy the file and rewrite the URL.
 * Bundlers that do not (esbuild) take the file from the `quiverjs/quiver.wasm` export and
 * pass its URL to `init({ wasmUrl })`.
 */
const MODULE_URL = new URL('../../wasm/quiver.wasm', import.meta.url);

/** Where init({ wasmUrl }) said the module is served from. */
let configured: URL | undefined;
let compiled: Promise<WebAssembly.Module> | undefined;
let source: Promise<Uint8Array<ArrayBuffer>> | undefined;

/** A relative URL is relative to the page in a browser, as a `<script src>` would be. */
function resolveUrl(url: string | URL): URL {
  const page = (globalThis as { location?: { href: string } }).location?.href;
  return new URL(url, page ?? import.meta.url);
}

/**
 * Where the kernel module is served from (init's `wasmUrl`), for every reader that has
 * not read it yet: the wasm backend, the CSV reader, a cluster's build id.
 */
export function useKernelUrl(url: string | URL): void {
  configured = resolveUrl(url);
}

/** The kernel module's bytes, read once per process from `url` (else useKernelUrl's, else the package's module). */
export function kernelBytes(url?: string | URL): Promise<Uint8Array<ArrayBuffer>> {
  if (!source) {
    source = readPackageFile(url !== undefined ? resolveUrl(url) : (configured ?? MODULE_URL));
    source.catch(() => (source = undefined));
  }
  return source;
}

/**
 * Compiles the kernel module once per process; every instance (one per worker, and the
 * CSV reader's on each thread) reuses it. `url` is read by the first call only: a process
 * has one kernel module.
 */
export function kernelModule(url?: string | URL): Promise<WebAssembly.Module> {
  if (!compiled) {
    compiled = kernelBytes(url).then((bytes) => WebAssembly.compile(bytes));
    // A module that could not be read leaves the next start free to try again, or another URL.
    compiled.catch(() => {
      compiled = undefined;
      source = undefined;
    });
  }
  return compiled;
}
