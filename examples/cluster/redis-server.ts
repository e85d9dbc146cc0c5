/**
 * A redis-server of one's own, for examples, benchmarks and tests: loopback on a free
 * port, its files in a temp dir, no persistence (`--save '' --appendonly no`), and
 * `--maxmemory-policy noeviction` unless told otherwise (cluster.connect refuses a Redis
 * that may evict a partial). Needs the `redis-server` binary (Debian's redis-server
 * package), or its path in REDIS_SERVER_PATH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free loopback port, from the kernel. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A running redis-server this process started. */
export interface LocalRedis {
  readonly url: string;
  /** Stops the server and deletes its temp dir. */
  stop(): Promise<void>;
}

export async function startRedis(policy = 'noeviction'): Promise<LocalRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'quiver-redis-'));
  const port = await freePort();
  const server: ChildProcess = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', policy], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    server.on('error', reject);
    server.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      server.removeAllListeners('exit');
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
