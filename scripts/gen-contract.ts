// Writes the generated cross-language contract (scripts/contract.ts says what it holds).
// Usage: npm run gen:contract   (then npm run build:wasm when a .rs file changed)
import { renderContract } from './contract.js';
import { writeIfChanged } from './write-if-changed.js';

const root = new URL('..', import.meta.url);

for (const [path, text] of renderContract()) {
  if (writeIfChanged(root, path, text)) {
    console.log(`gen-contract: wrote ${path}${path.endsWith('.rs') ? ' (rebuild the wasm: npm run build:wasm)' : ''}`);
  } else {
    console.log(`gen-contract: ${path} is current`);
  }
}
