/** What the demo page leaves on `window.demoResult` when it settles: the report's figures, or why it failed. */
export type DemoResult =
  | {
      backend: string;
      size: string;
      seed: number;
      /** The report's headline numbers by name (risk/report.ts). */
      figures: Record<string, number>;
      /** Steps where Quiver and plain JS disagreed. */
      failed: string[];
    }
  | { error: string };
