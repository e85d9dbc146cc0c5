import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
/** A child Node process, so what native drivers write to stderr can be read. */
const SOURCE = `
const { init, backendReport } = await import(${JSON.stringify(INDEX)});
await init();
process.stdout.write(JSON.stringify(backendReport()));
`;

function startWithoutAdapters(): Promise<{ stdout: string; stderr: string }> {
  // A Vulkan loader pointed at a driver file that does not exist finds no adapter at all.
  const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent/vk_icd.json', VK_DRIVER_FILES: '/nonexistent/vk_icd.json' };
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SOURCE], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(error) : resolve({ stdout, stderr }),
    ),
  );
}

describe('init() without a WebGPU adapter', () => {
  it('prints nothing and says in backendReport why webgpu was passed over', async () => {
    const { stdout, stderr } = await startWithoutAdapters();
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as { name: string; passedOver: { name: string; reason: string }[] };
    expect(report.name).toBe('wasm');
    expect(report.passedOver[0]?.name).toBe('webgpu');
    expect(report.passedOver[0]?.reason).toMatch(/^init: backend 'webgpu' could not start: webgpu: /);
  }, 60_000);
});
