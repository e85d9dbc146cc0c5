/**
 * The demo page's script: runs the risk report (../risk/report.ts, the same code as
 * `npm start`) in the browser on the backend the URL asks for, or the best one here,
 * shows it with the report's table and charts, and leaves its figures on
 * `window.demoResult` for test/demo to check against the js backend.
 */
import { backendReport, init, type BackendName } from '../../src/index.js';
import { ms } from '../risk/format.js';
import { REPORT_STYLE, renderReportBody } from '../risk/html.js';
import type { StepProgress } from '../risk/measure.js';
import { runRiskReport } from '../risk/report.js';
import { SIZES, type SizeName } from '../risk/sizes.js';
import type { DemoResult } from './result.js';

declare global {
  interface Window {
    demoResult?: DemoResult;
  }
}

const BACKENDS: readonly string[] = ['js', 'wasm', 'webgpu'] satisfies BackendName[];

const status = document.getElementById('status')!;
const form = document.getElementById('controls') as HTMLFormElement;

/** The run the URL asks for: ?size=small&backend=wasm&seed=42; a missing or unknown backend means the best available. */
function requestedRun(): { size: SizeName; backend: BackendName | undefined; seed: number } {
  const q = new URLSearchParams(location.search);
  const size = q.get('size') ?? 'small';
  const backend = q.get('backend') ?? '';
  const seed = Number(q.get('seed') ?? 42);
  return {
    size: size in SIZES ? (size as SizeName) : 'small',
    backend: BACKENDS.includes(backend) ? (backend as BackendName) : undefined,
    seed: Number.isSafeInteger(seed) && seed >= 0 ? seed : 42,
  };
}

function showChoices(run: ReturnType<typeof requestedRun>): void {
  (form.elements.namedItem('size') as HTMLSelectElement).value = run.size;
  (form.elements.namedItem('backend') as HTMLSelectElement).value = run.backend ?? '';
  (form.elements.namedItem('seed') as HTMLInputElement).value = String(run.seed);
}

/** Progress on the status line; it repaints between steps, when the report yields to the page. */
function statusProgress(label: string): StepProgress {
  return {
    update: (fraction, note) => void (status.textContent = `${label.trim()}: ${Math.floor(fraction * 100)}% (${note})`),
    finish: () => {},
  };
}

/** A macrotask turn, so the browser paints what changed before the next synchronous step. */
const repaint = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function machine(): string {
  const browser = navigator.userAgent.match(/(?:Chrome|Firefox|Version)\/[\d.]+/)?.[0] ?? 'a browser';
  return `${navigator.hardwareConcurrency} logical cores, ${browser}, cross-origin isolated: ${self.crossOriginIsolated ? 'yes' : 'no (wasm runs single-threaded)'}`;
}

async function main(): Promise<void> {
  const run = requestedRun();
  showChoices(run);
  status.textContent = `Starting ${run.backend ?? 'the best available'} backend…`;
  await init(run.backend ? { backend: run.backend } : {});
  const chosen = backendReport();
  document.body.dataset.state = 'running';
  const report = await runRiskReport({
    ...run,
    machine: machine(),
    progress: statusProgress,
    onStep: async (row) => {
      status.textContent = `${row.step} done (quiver ${ms(row.quiverMs)} ms, plain JS ${ms(row.plainMs)} ms)…`;
      await repaint();
    },
  });
  const passedOver = chosen.passedOver.map((p) => `${p.name} passed over: ${p.reason}`);
  report.html.settings.push(`backend detail: ${chosen.description}`, ...passedOver);
  document.getElementById('report')!.innerHTML = renderReportBody(report.html);
  status.textContent = report.failed.length > 0 ? 'Done, with mismatches: see the notes below.' : 'Done: Quiver and plain JS agree on every step.';
  window.demoResult = { backend: chosen.name, size: run.size, seed: run.seed, figures: report.figures, failed: report.failed.map((r) => r.step) };
  document.body.dataset.state = 'done';
}

document.head.insertAdjacentHTML('beforeend', `<style>${REPORT_STYLE}</style>`);
main().catch((err: unknown) => {
  status.textContent = `Failed: ${err instanceof Error ? err.message : String(err)}`;
  status.classList.add('failed');
  window.demoResult = { error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  document.body.dataset.state = 'failed';
});
