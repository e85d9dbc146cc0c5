/**
 * Debian's Chromium, headless, through playwright-core (never a downloaded browser).
 * `--enable-unsafe-webgpu` gives it a WebGPU adapter, SwiftShader where there is no GPU
 * (shared/PLATFORM.md); pages must still be served from 127.0.0.1 for navigator.gpu.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(timeoutMs: number): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: timeoutMs,
    args: ['--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
  });
}
