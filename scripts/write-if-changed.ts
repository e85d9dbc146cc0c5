import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Writes a generated file under `root` only when its text differs from what is there, so
 * an unchanged file keeps its timestamp (and a build that watches it does nothing).
 * Returns whether it wrote.
 */
export function writeIfChanged(root: URL, path: string, text: string): boolean {
  const url = new URL(path, root);
  let current: string | undefined;
  try {
    current = readFileSync(url, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) return false;
  writeFileSync(url, text);
  return true;
}
