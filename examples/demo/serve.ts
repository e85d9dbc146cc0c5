/**
 * `npm run demo`: serves the risk report demo page on http://127.0.0.1:8080/ (PORT
 * overrides it) until stopped. Open it in a browser with WebGPU or without: the page
 * runs on the best backend there and lets you pick another.
 */
import { startDemoServer } from './server.js';

const port = Number(process.env.PORT ?? 8080);
const server = await startDemoServer(port);
console.log(`Quiver demo: ${server.url} (Ctrl-C stops it)`);
