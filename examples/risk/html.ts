/**
 * The report as HTML: its settings, the results table and the two charts. `npm start`
 * writes it as one self-contained file (report/index.html); the demo page puts the same
 * body and style into its own document.
 */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface HtmlReport {
  title: string;
  /** Lines describing the run (backend, size, machine). */
  settings: string[];
  header: string[];
  rows: string[][];
  /** Columns to right-align (numbers). */
  numeric: ReadonlySet<number>;
  charts: string[];
  notes: string[];
}

export const REPORT_STYLE = `
  body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 980px; color: #222; }
  table { border-collapse: collapse; margin: 1rem 0; font-size: 14px; }
  th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; text-align: left; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  td:first-child { white-space: nowrap; }
  figure { margin: 1.5rem 0; }
  li { margin: 0.2rem 0; }
`;

/** Everything between <body> and </body>. */
export function renderReportBody(r: HtmlReport): string {
  const cell = (tag: string, c: number) => (s: string) => `<${tag}${r.numeric.has(c) ? ' class="num"' : ''}>${esc(s)}</${tag}>`;
  return `<h1>${esc(r.title)}</h1>
<ul>${r.settings.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>
<table>
<thead><tr>${r.header.map((h, c) => cell('th', c)(h)).join('')}</tr></thead>
<tbody>
${r.rows.map((row) => `<tr>${row.map((s, c) => cell('td', c)(s)).join('')}</tr>`).join('\n')}
</tbody>
</table>
${r.charts.map((svg) => `<figure>${svg}</figure>`).join('\n')}
<ul>${r.notes.map((s) => `<li>${esc(s)}</li>`).join('')}</ul>`;
}

export function renderHtml(r: HtmlReport): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(r.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
${renderReportBody(r)}
</body>
</html>
`;
}
