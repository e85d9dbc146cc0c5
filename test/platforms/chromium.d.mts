// Types for chromium.mjs, which plain-JS runners and the TypeScript demo check share.
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH: string;
export function launchChromium(options?: { timeoutMs?: number }): Promise<Browser>;
export function pageResult(
  browser: Browser,
  url: string,
  options?: { name?: string; timeoutMs?: number; log?: (line: string) => void },
): Promise<unknown>;
