// The package as users get it: the tarball `npm pack` makes, unpacked into an app's
// node_modules/quiverjs, so a file missing from `files` or a wrong `exports` entry fails
// here. Its dependencies are linked from this repository's node_modules (they are what
// `npm ci` installed; linking keeps the check offline).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Packs the package (already built) into `dir`; returns the tarball's path and its file list. */
export function pack(root, dir) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
  const [{ filename, files }] = JSON.parse(out);
  return { tarball: join(dir, filename), files: files.map((f) => f.path) };
}

/** Installs the tarball into `appDir`/node_modules and links its dependencies from `root`. */
export function install(root, tarball, appDir) {
  const target = join(appDir, 'node_modules', 'quiverjs');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
    const from = join(root, 'node_modules', dep);
    if (existsSync(from)) symlinkSync(from, join(appDir, 'node_modules', dep), 'dir');
  }
}
