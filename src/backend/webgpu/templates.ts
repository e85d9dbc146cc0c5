import { readPackageFile } from '../../platform/bytes.js';
import type { Templates } from './wgsl/kernels.js';

/** shaders/ relative to this module: src/backend/webgpu/ and dist/backend/webgpu/ both sit three levels below the package root. */
const SHADERS = new URL('../../../shaders/', import.meta.url);

let loaded: Promise<Templates> | undefined;

/** The WGSL templates, read once per process (they ship with the package as text files). */
export function loadTemplates(): Promise<Templates> {
  loaded ??= (async () => {
    const read = async (name: string) => new TextDecoder().decode(await readPackageFile(new URL(`${name}.wgsl`, SHADERS)));
    const [reduce, scan, matmul, sort, groupby] = await Promise.all([read('reduce'), read('scan'), read('matmul'), read('sort'), read('groupby')]);
    return { reduce, scan, matmul, sort, groupby };
  })();
  loaded.catch(() => (loaded = undefined));
  return loaded;
}
