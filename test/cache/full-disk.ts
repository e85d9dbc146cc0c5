/**
 * A full disk while spilling (issue #20, item 4b), on a real file system: mounts a 4 MiB
 * tmpfs as the spill directory and, on the js and the wasm backend in turn (each in its
 * own child process), spills more than it holds. Every array made must read back
 * exactly, every failure must be a MemoryError naming what did not fit, and after the
 * arrays are freed the engine must spill and read back again. Needs root for `mount`;
 * without it the run fails, it is never skipped. CI runs it as root:
 *
 *   npx tsx test/cache/full-disk.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { init, MemoryError, np, type NDArray } from '../../src/index.js';

const KB = 1024;
const TMPFS = '4m';
/** 256 KiB arrays under a 1 MiB host budget: four stay in memory, sixteen fill the tmpfs. */
const ELEMS = 32 * KB;
const HOST = '1MB';
const BACKENDS = ['js', 'wasm'] as const;

class Failure extends Error {}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Failure(what);
}

/** A fill no other array shares, so a region read from the wrong place or half written shows. */
function pattern(seed: number, n = ELEMS): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => seed * 1e6 + i + 0.25);
}

async function readsBack(a: NDArray, expected: Float64Array, what: string): Promise<void> {
  const got = await a.data();
  check(got.length === expected.length, `${what}: read ${got.length} elements, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) check(got[i] === expected[i], `${what}: element ${i} is ${got[i]}, expected ${expected[i]}`);
}

/** Runs `make` until the disk is full; the failure must be a MemoryError saying what did not fit. */
async function fillUntilFull(label: string, make: (i: number) => Promise<NDArray>, limit: number): Promise<NDArray[]> {
  const made: NDArray[] = [];
  for (let i = 0; i < limit; i++) {
    try {
      made.push(await make(i));
    } catch (e) {
      check(e instanceof MemoryError, `${label}: a full disk raised ${(e as Error).name}: ${(e as Error).message}`);
      check(/spill: writing .* failed \(ENOSPC|cannot spill|is full/.test((e as Error).message), `${label}: the error does not say what did not fit: ${(e as Error).message}`);
      console.log(`  ${label}: ${made.length} made, then: ${(e as Error).message}`);
      return made;
    }
  }
  throw new Failure(`${label}: ${limit} arrays of ${ELEMS * 8} bytes never filled the ${TMPFS} tmpfs`);
}

async function workload(backend: (typeof BACKENDS)[number], dir: string): Promise<void> {
  await init({ backend, ...(backend === 'wasm' ? { threads: 2 } : {}), memory: { host: HOST, spillDir: dir } });
  const data = await fillUntilFull('user data', async (i) => np.asarray(pattern(i)), 40);
  for (let i = 0; i < data.length; i++) await readsBack(data[i]!, pattern(i), `user data ${i}`);
  await largerThanHost();
  // Half the user data goes, so the persists spill into regions freed after a write failed.
  const kept = data.splice(data.length / 2);
  for (const a of data) a.dispose();
  const persisted = await fillUntilFull('persisted results', (i) => doubled(pattern(100 + i)), 40);
  for (let i = 0; i < persisted.length; i++) await readsBack(persisted[i]!, pattern(100 + i).map((x) => x * 2), `persisted ${i}`);
  for (let i = 0; i < kept.length; i++) await readsBack(kept[i]!, pattern(data.length + i), `user data ${data.length + i} after the persists`);
  for (const a of [...kept, ...persisted]) a.dispose();
  await expectEmptyTiers('after freeing everything');
  await blockedResult();
  await expectEmptyTiers('after freeing the blocked input');
  await keepsWorking();
}

/** A persisted result; its input is freed at once, so only results are left to spill. */
async function doubled(values: Float64Array): Promise<NDArray> {
  const x = np.asarray(values);
  try {
    return await x.mul(2).persist();
  } finally {
    x.dispose();
  }
}

/**
 * Both tiers are empty once every array is freed. A failed persist leaves its computed
 * result unreachable, not disposed: the FinalizationRegistry frees it after a collection.
 */
async function expectEmptyTiers(when: string): Promise<void> {
  for (let turn = 0; turn < 5; turn++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const m = np.memory();
  check(m.disk.used === 0 && m.host.used === 0, `${when} the tiers still hold bytes: host ${m.host.used}, disk ${m.disk.used}`);
}

/**
 * A result larger than the host budget is written to disk block by block: a 3 MiB input
 * on disk leaves too little of the 4 MiB tmpfs for its 3 MiB double, so a block write fails.
 */
async function blockedResult(): Promise<void> {
  const big = pattern(8, 12 * ELEMS);
  const input = np.asarray(big);
  try {
    const doubled = await input.mul(2).persist();
    await readsBack(doubled, big.map((x) => x * 2), 'a blocked result');
    doubled.dispose();
  } catch (e) {
    check(e instanceof MemoryError, `a blocked result on a full disk raised ${(e as Error).name}: ${(e as Error).message}`);
    console.log(`  a blocked result larger than the host budget: ${(e as Error).message}`);
  }
  await readsBack(input, big, 'the input of a blocked result that did not fit');
  input.dispose();
}

/** An array larger than the host budget goes straight to disk: when the disk cannot take it, the error says so and the arrays made before stay intact. */
async function largerThanHost(): Promise<void> {
  const big = pattern(7, 8 * ELEMS);
  try {
    const a = np.asarray(big);
    await readsBack(a, big, 'an array larger than the host budget');
    a.dispose();
  } catch (e) {
    check(e instanceof MemoryError, `an array larger than the host budget raised ${(e as Error).name}: ${(e as Error).message}`);
    console.log(`  an array larger than the host budget: ${(e as Error).message}`);
  }
}

/** With the disk freed, spilling works again, into the same bytes of the spill file. */
async function keepsWorking(): Promise<void> {
  const again = Array.from({ length: 8 }, (_, i) => np.asarray(pattern(200 + i)));
  check(np.memory().counters.spills > 0, 'nothing spilled after freeing');
  for (let i = 0; i < again.length; i++) await readsBack(again[i]!, pattern(200 + i), `user data ${i} made after freeing`);
  const sum = await np.asarray(pattern(300)).sum().item();
  check(sum === pattern(300).reduce((s, x) => s + x, 0), `a sum after freeing is ${sum}`);
}

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Failure(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.error?.message}`);
}

function parent(): number {
  if (process.getuid?.() !== 0) {
    console.error('full disk: FAIL this check mounts a tmpfs and must run as root (CI does); it is not skipped');
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), 'quiver-full-disk-'));
  try {
    sh('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS}`, 'tmpfs', dir]);
  } catch (e) {
    rmdirSync(dir);
    console.error(`full disk: FAIL cannot mount a ${TMPFS} tmpfs to fill: ${(e as Error).message}`);
    return 1;
  }
  let failed = 0;
  try {
    for (const backend of BACKENDS) {
      const started = Date.now();
      const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--child', backend, dir], { stdio: 'inherit', timeout: 300_000 });
      const ok = r.status === 0;
      if (!ok) failed++;
      console.log(`full disk on ${backend}: ${ok ? 'passed' : `FAIL (exit ${r.status}${r.signal ? `, ${r.signal}` : ''})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    sh('umount', [dir]);
    rmdirSync(dir);
  }
  return failed === 0 ? 0 : 1;
}

async function child(backend: (typeof BACKENDS)[number], dir: string): Promise<number> {
  try {
    await workload(backend, dir);
    return 0;
  } catch (e) {
    console.error(`full disk on ${backend}: FAIL ${e instanceof Failure ? e.message : (e as Error).stack}`);
    return 1;
  }
}

const [flag, backend, dir] = process.argv.slice(2);
process.exitCode = flag === '--child' ? await child(backend as (typeof BACKENDS)[number], dir!) : parent();
