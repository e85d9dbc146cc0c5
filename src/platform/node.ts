/**
 * The few Node built-ins the platform adapters use, imported by a computed specifier:
 * the build type-checks core code without Node's types (so nothing Node-only leaks into
 * it), and bundlers for browsers leave the import alone. Each interface names only what
 * is called.
 */

export interface NodeFileHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

export interface NodeFs {
  readFile(path: string): Promise<Uint8Array>;
  open(path: string, flags: 'r'): Promise<NodeFileHandle>;
}

/** The synchronous calls the spill tier makes: a spill must finish inside a synchronous eviction. */
export interface NodeFsSync {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
  unlinkSync(path: string): void;
  mkdirSync(path: string, options: { recursive: boolean }): unknown;
}

export interface NodeUrl {
  fileURLToPath(url: URL): string;
}

export interface NodeWorker {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', fn: (message: unknown) => void): unknown;
  on(event: 'error', fn: (error: Error) => void): unknown;
  on(event: 'exit', fn: (code: number) => void): unknown;
  terminate(): Promise<number>;
  ref(): void;
  unref(): void;
  readonly performance: { eventLoopUtilization(): { idle: number } };
}

/** A worker thread's end of its channel to the thread that started it. */
export interface NodeMessagePort {
  on(event: 'message', fn: (message: unknown) => void): unknown;
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
}

export interface NodeWorkerThreads {
  Worker: new (url: URL, options?: { workerData?: unknown }) => NodeWorker;
  /** In a worker thread: its channel to the thread that started it (null on the main thread). */
  readonly parentPort: NodeMessagePort | null;
  /** In a worker thread: the `workerData` it was started with. */
  readonly workerData: unknown;
}

export interface NodeOs {
  availableParallelism(): number;
  totalmem(): number;
  tmpdir(): string;
}
/** The one call the GPU probe makes: a short child process whose output is captured, not shown. */
export interface NodeChildProcess {
  execFile(
    file: string,
    args: readonly string[],
    options: { cwd?: string; env?: Record<string, string | undefined>; timeout: number; killSignal: 'SIGKILL' },
    done: (error: Error | null, stdout: string, stderr: string) => void,
  ): unknown;
}

export interface NodeProcess {
  readonly execPath: string;
  readonly env: Record<string, string | undefined>;
}

interface NodeModules {
  'fs/promises': NodeFs;
  fs: NodeFsSync;
  url: NodeUrl;
  worker_threads: NodeWorkerThreads;
  os: NodeOs;
  child_process: NodeChildProcess;
  process: NodeProcess;
}

export function isNode(): boolean {
  return typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' && !('Deno' in globalThis);
}

export async function importNode<K extends keyof NodeModules>(name: K): Promise<NodeModules[K]> {
  const specifier = `node:${name}`;
  return (await import(/* @vite-ignore */ specifier)) as NodeModules[K];
}
