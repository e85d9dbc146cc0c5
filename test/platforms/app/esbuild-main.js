// esbuild does not follow new URL(..., import.meta.url): the app copies the module through
// the package's quiverjs/quiver.wasm export (loader 'file') and passes its URL to init().
import wasmUrl from 'quiverjs/quiver.wasm';
import { start } from './start.js';

start({ wasmUrl });
