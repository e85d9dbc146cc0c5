// Vite copies wasm/quiver.wasm itself: it rewrites the package's new URL(..., import.meta.url).
import { start } from './start.js';

start({});
