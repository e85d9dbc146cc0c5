// Writes the generated cross-language contract (scripts/contract.ts says what it holds).
// Usage: npm run gen:contract   (then npm run build:wasm when a .rs file changed)
import { readFileSync, writeFileSync } from 'node:fs';
import { renderContract } from './contract.js';

const root = new URL('..', import.meta.url);
const current = (path: string): string | undefined => {
  try {
    return readFileSync(new URL(path, root), 'utf8');
  } catch {
    return undefined;
  }
};

for (const [path, text] of renderContract()) {
  if (current(path) === text) {
    console.log(`gen-contract: ${path} is current`);
  } else {
    writeFileSync(new URL(path, root), text);
    console.log(`gen-contract: wrote ${path}${path.endsWith('.rs') ? ' (rebuild the wasm: npm run build:wasm)' : ''}`);
  }
}
