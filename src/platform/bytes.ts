import { importNode, isNode } from './node.js';

/**
 * Reads a file shipped with the package (the .wasm module) from a URL relative to a
 * module: fetch in browsers and Deno; Node's fetch has no file: support, so Node reads
 * the file system. The only Node-specific code on this path.
 */
export async function readPackageFile(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  if (url.protocol === 'file:' && isNode()) {
    const fs = await importNode('fs/promises');
    const { fileURLToPath } = await importNode('url');
    return new Uint8Array(await fs.readFile(fileURLToPath(url)));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`readPackageFile: ${url.href} answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

