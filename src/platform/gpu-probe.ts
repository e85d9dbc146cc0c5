import { importNode } from './node.js';

/**
 * Whether Node's `webgpu` package (Dawn) finds an adapter, asked in a short child process.
 * Loading Dawn probes every Vulkan and GL driver, and the drivers print to the process's
 * own stderr (native writes no JavaScript can catch: "vkCreateInstance: Found no
 * drivers!", Mesa's XDG_RUNTIME_DIR complaints). In a child those lines are captured and
 * become part of the reason, so a machine without a GPU starts quietly and Dawn is
 * loaded in-process only where an adapter exists.
 */
export type NodeAdapterProbe = { readonly found: true; readonly name: string } | { readonly found: false; readonly reason: string };

export interface ProbeOptions {
  readonly compatibility?: boolean;
  readonly dawnOptions?: readonly string[];
  /** The child's environment; the current process's when absent. */
  readonly env?: Record<string, string | undefined>;
  /** Where `webgpu` is resolved from: a file: URL of a module or folder beside the package. */
  readonly from?: URL;
}

/** Dawn loads its drivers in a few hundred ms; a software adapter can take seconds on a busy machine. */
const PROBE_TIMEOUT_MS = 30_000;

/** Runs in the child: argv holds the Dawn options and the feature level; prints one JSON line. */
const PROBE_SOURCE = `
const [options, compatibility] = process.argv.slice(1);
const { create } = await import('webgpu');
const adapter = await create(JSON.parse(options)).requestAdapter(compatibility === '1' ? { featureLevel: 'compatibility' } : {});
const info = adapter?.info;
const name = adapter ? [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unnamed adapter' : null;
process.stdout.write(JSON.stringify({ name }) + '\\n');
process.exit(0);
`;

export async function probeNodeAdapter(options: ProbeOptions = {}): Promise<NodeAdapterProbe> {
  const [{ execFile }, proc, url] = await Promise.all([importNode('child_process'), importNode('process'), importNode('url')]);
  const args = ['--input-type=module', '-e', PROBE_SOURCE, JSON.stringify(options.dawnOptions ?? []), options.compatibility ? '1' : '0'];
  // Bare `import('webgpu')` in `node -e` resolves from the working directory.
  const cwd = url.fileURLToPath(new URL('.', options.from ?? import.meta.url));
  return new Promise((resolve) => {
    execFile(proc.execPath, args, { cwd, env: options.env ?? proc.env, timeout: PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const name = parseName(stdout);
      if (name) resolve({ found: true, name });
      else resolve({ found: false, reason: failure(error, name === null, stderr) });
    });
  });
}

/** The adapter's name, null when Dawn found none, undefined when the child printed no answer. */
function parseName(stdout: string): string | null | undefined {
  try {
    return (JSON.parse(stdout.trim().split('\n').pop() ?? '') as { name: string | null }).name;
  } catch {
    return undefined;
  }
}

function failure(error: Error | null, answered: boolean, stderr: string): string {
  if (/Cannot find (package|module) 'webgpu'/.test(stderr)) return "the optional npm package 'webgpu' is not installed (npm install webgpu)";
  const said = driverLines(stderr);
  const detail = said ? ` (the drivers said: ${said})` : '';
  if (answered) return `Dawn found no adapter${detail}`;
  return `the adapter probe failed: ${error?.message.split('\n')[0] ?? 'no answer'}${detail}`;
}

/** The first distinct lines of the drivers' complaints, without Dawn's source locations. */
function driverLines(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('at ') && !l.startsWith('- While'));
  return [...new Set(lines)].slice(0, 3).join('; ');
}
