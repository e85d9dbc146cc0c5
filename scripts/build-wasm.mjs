// Builds the Rust kernels (Cargo.toml, wasm/src) into wasm/quiver.wasm, or into the path
// given by `--out PATH` (CI rebuilds into a temp file and compares it with the committed one).
// Usage: node scripts/build-wasm.mjs [--out PATH]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const TARGET = 'wasm32-unknown-unknown';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = resolve(values.out ?? join(root, 'wasm', 'quiver.wasm'));

// Shared memory for the worker pool (docs/platform.md): the module imports `env.memory` and
// exports its stack pointer so each worker's instance can be given its own stack.
// --no-check-features: Debian's precompiled libcore was built without +atomics.
// The remap keeps the checkout's path out of any panic location the optimizer leaves in.
const RUSTFLAGS = [
  '-C', 'target-feature=+simd128,+atomics,+bulk-memory,+mutable-globals',
  '-C', 'link-arg=--shared-memory',
  '-C', 'link-arg=--import-memory',
  '-C', 'link-arg=--max-memory=4294967296',
  '-C', 'link-arg=--no-check-features',
  '-C', 'link-arg=--export=__stack_pointer',
  `--remap-path-prefix=${root}=quiver`,
];

const run = (cmd, args, env) => execFileSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** A rustc can build for wasm32 when its target libdir exists; rustup prints the path
 *  even when the target was never added, so existence is the real test. */
function hasWasmTarget(rustc) {
  try {
    return existsSync(run(rustc, ['--print', 'target-libdir', '--target', TARGET]));
  } catch {
    return false;
  }
}

// Whatever is on PATH first (rustup, after `rustup target add`), then Debian's pair, used
// together because rustup's newer cargo cannot drive rustc 1.63.
const toolchains = [{ cargo: 'cargo', rustc: 'rustc' }, { cargo: '/usr/bin/cargo', rustc: '/usr/bin/rustc' }];
const tc = toolchains.find((t) => hasWasmTarget(t.rustc));
if (!tc) {
  console.error(`build-wasm: no rustc with the ${TARGET} target was found. Install one of:
  rustup target add ${TARGET}
  apt-get install -y rustc cargo libstd-rust-dev-wasm32 lld     (Debian/Ubuntu)`);
  process.exit(1);
}

// A fresh target dir per build: nothing stale is reused and the checkout stays clean.
const targetDir = mkdtempSync(join(tmpdir(), 'quiver-wasm-'));
try {
  const env = { ...process.env, RUSTC: tc.rustc, CARGO_TARGET_DIR: targetDir, CARGO_ENCODED_RUSTFLAGS: RUSTFLAGS.join('\x1f') };
  delete env.RUSTFLAGS;
  console.log(`build-wasm: ${run(tc.rustc, ['--version'])} with ${run(tc.cargo, ['--version'], env)}`);
  // --offline: the crate has no dependencies, and crates.io may be unreachable.
  execFileSync(tc.cargo, ['build', '--release', '--offline', '--target', TARGET], { cwd: root, env, stdio: 'inherit' });
  // Written, not copied: cargo's output is executable, and the committed file should not be.
  writeFileSync(out, readFileSync(join(targetDir, TARGET, 'release', 'quiver_kernels.wasm')));
} catch (err) {
  console.error(`build-wasm: ${err.message.split('\n')[0]}`);
  process.exitCode = 1;
} finally {
  rmSync(targetDir, { recursive: true, force: true });
}
if (process.exitCode) process.exit();
const bytes = readFileSync(out);
console.log(`build-wasm: wrote ${out} (${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)})`);
