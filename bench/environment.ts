import os from 'node:os';
import { backendReport, init, type BackendName } from '../src/index.js';

/** A backend the bench runs on, as it described itself (for webgpu: the adapter). */
export interface BackendRun {
  name: BackendName;
  description: string;
  /** 'all' cases, or only the cheap ones marked jsReference (the default run's js rows). */
  scope: 'all' | 'reference';
}

/** Where and how the figures were measured; printed with every result table. */
export interface Environment {
  machine: string;
  cores: number;
  node: string;
  date: string;
  mode: 'quick' | 'full';
  /** init's `threads`, when `--threads` gave it. */
  threads?: number;
  backends: BackendRun[];
  /** Backends asked for that could not start, and why. */
  skipped: { name: BackendName; reason: string }[];
}

const BACKENDS: readonly BackendName[] = ['js', 'wasm', 'webgpu'];

/** `--backends wasm,js` (or `--backend js`) checked against the backends that exist. */
export function parseBackends(list: string): BackendName[] {
  const names = list.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !BACKENDS.includes(n as BackendName));
  if (unknown.length > 0) throw new Error(`--backends: unknown backend ${unknown.join(', ')}; backends: ${BACKENDS.join(', ')}`);
  return names as BackendName[];
}

/** Makes `name` the active backend; init() reuses a backend it started before (the wasm heap and workers). */
export async function activate(name: BackendName, threads: number | undefined): Promise<void> {
  await init(threads === undefined ? { backend: name } : { backend: name, threads });
}

/**
 * Starts each backend asked for; one that cannot start (no WebGPU adapter, say) is
 * skipped with its reason. With none asked for: the backend init() picks on every case,
 * plus the js reference on the cheap ones.
 */
export async function startBackends(requested: BackendName[] | undefined, threads: number | undefined): Promise<Pick<Environment, 'backends' | 'skipped'>> {
  const started: Pick<Environment, 'backends' | 'skipped'> = { backends: [], skipped: [] };
  const tryStart = async (name: BackendName, scope: BackendRun['scope']): Promise<void> => {
    try {
      await activate(name, threads);
      started.backends.push({ name, description: backendReport().description, scope });
    } catch (e) {
      started.skipped.push({ name, reason: (e as Error).message });
    }
  };
  if (requested) {
    for (const name of requested) await tryStart(name, 'all');
    return started;
  }
  await init(threads === undefined ? {} : { threads });
  const picked = backendReport();
  started.backends.push({ name: picked.name, description: picked.description, scope: 'all' });
  if (picked.name !== 'js') await tryStart('js', 'reference');
  return started;
}

export function describeEnvironment(quick: boolean, threads: number | undefined, started: Pick<Environment, 'backends' | 'skipped'>): Environment {
  const cpus = os.cpus();
  return {
    machine: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    mode: quick ? 'quick' : 'full',
    ...(threads === undefined ? {} : { threads }),
    ...started,
  };
}
