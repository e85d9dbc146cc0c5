import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

/**
 * The layer order of docs/architecture.md, top to bottom: lib -> frontend -> runtime ->
 * {io, optimizer, backend} -> kernel -> graph, with cluster (running plans on other
 * machines) between frontend and runtime once it exists. A layer imports only layers
 * below it (a larger rank); io, optimizer and backend share a rank and import none of
 * each other.
 */
const RANK: Readonly<Record<string, number>> = { lib: 0, frontend: 1, cluster: 2, runtime: 3, io: 4, optimizer: 4, backend: 4, kernel: 5, graph: 6 };

/** platform is a leaf: it imports no other layer, and only these layers import it. */
const PLATFORM_USERS: ReadonlySet<string> = new Set(['lib', 'frontend', 'cluster', 'runtime', 'io', 'backend']);

function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (to === 'platform') return PLATFORM_USERS.has(from);
  if (from === 'platform') return false;
  return RANK[to]! > RANK[from]!;
}

function foldersUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? [path, ...foldersUnder(path)] : [];
  });
}

const folders = foldersUnder(src);
const files = [src, ...folders].flatMap((dir) => readdirSync(dir).filter((n) => n.endsWith('.ts')).map((n) => join(dir, n)));

/** The top folder under src/ a path lies in; undefined for src/index.ts (the package entry, which exports every layer) and paths outside src/. */
function layerOf(path: string): string | undefined {
  const parts = relative(src, path).split(/[\\/]/);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** Every module a file names: static imports and re-exports (types too) and dynamic import(), comments excluded. */
const importsOf = (file: string): string[] => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);

describe('source layout', () => {
  it('puts every folder of src/ in a layer', () => {
    const unknown = folders.map((f) => relative(src, f).split(/[\\/]/)[0]!).filter((top) => !(top in RANK) && top !== 'platform');
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('imports only down the layer order', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (!from) continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const to = layerOf(resolve(dirname(file), spec));
        if (to && !allowed(from, to)) wrong.push(`src/${relative(src, file)} imports ${to}/ ('${spec}')`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('opens every folder with a header saying what it is and what it may import', () => {
    const bare = folders.filter((dir) => {
      const readme = join(dir, 'README.md');
      const index = join(dir, 'index.ts');
      const header = existsSync(readme) ? readFileSync(readme, 'utf8') : existsSync(index) ? (/^\/\*\*[\s\S]*?\*\//.exec(readFileSync(index, 'utf8'))?.[0] ?? '') : '';
      return !/may import/i.test(header);
    });
    expect(bare.map((dir) => `src/${relative(src, dir)}`)).toEqual([]);
  });
});
