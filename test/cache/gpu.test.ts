import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** WebGPU without a GPU: SwiftShader's Vulkan driver from Debian's chromium package (see vitest.config.ts). */
const SWIFTSHADER = { VK_ICD_FILENAMES: '/usr/lib/chromium/vk_swiftshader_icd.json', XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'quiver-xdg-')) };

describe('the gpu tier on the webgpu backend', () => {
  it('reports pooled GPU buffers under the gpu budget, and recomputes a dropped result after device.destroy()', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/cache/gpu-child.ts'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...SWIFTSHADER } });
    expect(run.status, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { gpu: { used: number; budget: number; buffers: number }; dropped: boolean; same: boolean; recomputes: number };
    expect(r.gpu.budget).toBe(64 * 2 ** 20);
    expect(r.gpu.used).toBeGreaterThan(0);
    expect(r.gpu.buffers).toBeGreaterThan(0);
    expect(r.dropped).toBe(true);
    expect(r.same).toBe(true);
    expect(r.recomputes).toBeGreaterThanOrEqual(1);
  }, 150_000);
});
