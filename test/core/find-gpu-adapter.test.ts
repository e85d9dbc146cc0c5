import { afterEach, describe, expect, it } from 'vitest';
import { backendReport, init } from 'quiverjs';
import { findGpuAdapter } from '../../src/platform/gpu.js';

const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
afterEach(() => {
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

/** A browser's navigator.gpu whose one adapter is SwiftShader; asking it for a device counts the request and fails. */
function softwareNavigator(): { devicesAsked: number } {
  const seen = { devicesAsked: 0 };
  const adapter = {
    info: { vendor: 'google', architecture: 'swiftshader', description: '' },
    requestDevice: async () => {
      seen.devicesAsked++;
      throw new Error('no device in this test');
    },
  };
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => adapter } }, configurable: true, writable: true });
  return seen;
}

describe('findGpuAdapter on navigator.gpu', () => {
  it('names the adapter without asking it for a device', async () => {
    const seen = softwareNavigator();
    expect(await findGpuAdapter()).toEqual({ ok: true, description: 'google swiftshader (navigator.gpu)' });
    expect(seen.devicesAsked).toBe(0);
  });

  it('lets init() pass over a software adapter before webgpu starts', async () => {
    const seen = softwareNavigator();
    await init({ threads: 1 });
    const [webgpu] = backendReport().passedOver;
    expect(webgpu).toEqual({ name: 'webgpu', reason: "software adapter (google swiftshader (navigator.gpu)); init({ backend: 'webgpu' }) uses it anyway" });
    expect(seen.devicesAsked).toBe(0);
  });
});
