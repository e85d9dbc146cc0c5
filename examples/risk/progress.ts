import type { StepProgress } from './measure.js';

/**
 * A progress bar for steps that run longer than a second. On a terminal it redraws in
 * place as runs (and the Monte Carlo's blocks) complete; either way a step that took
 * more than a second leaves one finished bar line saying how its time was spent.
 * Work here is synchronous between updates, so the bar moves when the work reports
 * progress, not on a timer.
 */
const WIDTH = 30;
/** Steps faster than this never show a bar: it would only flicker. */
const SHOW_AFTER_MS = 1000;

export class ProgressBar implements StepProgress {
  private readonly start = performance.now();
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly out: NodeJS.WriteStream = process.stdout,
  ) {}

  update(fraction: number, note: string): void {
    if (!this.out.isTTY || performance.now() - this.start < SHOW_AFTER_MS) return;
    this.out.write(`\r${this.line(fraction, note)}\x1b[K`);
    this.drawn = true;
  }

  /** Clears a live bar and, for a step over a second, leaves the finished one. */
  finish(note: string): void {
    const elapsed = performance.now() - this.start;
    if (this.drawn) this.out.write('\r\x1b[K');
    if (elapsed >= SHOW_AFTER_MS) this.out.write(`${this.line(1, `${note} in ${(elapsed / 1000).toFixed(1)} s`)}\n`);
  }

  private line(fraction: number, note: string): string {
    const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * WIDTH);
    return `  ${this.label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${note}`;
  }
}
