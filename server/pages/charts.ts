import { html, raw } from 'hono/html';

// Bar charts drawn on the server as inline SVG: no script, no font or library from another host, readable
// without colour (each bar carries its value as a <title>, and the table beside it has the numbers).

export interface Series {
  name: string;
  colour: string;
  values: readonly number[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A bar's value as an English page writes it; a chart in another language is given its own `figure`. */
const nice = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function legend(series: readonly Series[], y: number): string {
  return series
    .map(
      (s, i) =>
        `<rect x="${8 + i * 150}" y="${y}" width="10" height="10" fill="${s.colour}"/><text x="${22 + i * 150}" y="${y + 9}" font-size="11" fill="#333d4d">${escape(s.name)}</text>`,
    )
    .join('');
}

/** Grouped vertical bars, one group per label (weeks). */
export function columnChart(title: string, labels: readonly string[], series: readonly Series[], figure: (value: number) => string = nice) {
  const width = 640;
  const height = 220;
  const top = 24;
  const bottom = 40;
  const left = 40;
  const plot = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const group = (width - left - 8) / Math.max(1, labels.length);
  const bar = Math.max(2, Math.min(18, (group - 6) / series.length));
  let bars = '';
  labels.forEach((label, i) => {
    series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const h = (value / max) * plot;
      const x = left + i * group + 3 + j * bar;
      bars += `<rect x="${x.toFixed(1)}" y="${(top + plot - h).toFixed(1)}" width="${(bar - 1).toFixed(1)}" height="${h.toFixed(1)}" fill="${s.colour}"><title>${escape(`${label} · ${s.name}: ${figure(value)}`)}</title></rect>`;
    });
    if (labels.length <= 16 || i % 2 === 0)
      bars += `<text x="${(left + i * group + group / 2).toFixed(1)}" y="${top + plot + 14}" font-size="10" text-anchor="middle" fill="#5f6b7a">${escape(label)}</text>`;
  });
  const axis = `<line x1="${left}" y1="${top + plot}" x2="${width - 4}" y2="${top + plot}" stroke="#c9d0da"/><text x="${left - 4}" y="${top + 8}" font-size="10" text-anchor="end" fill="#5f6b7a">${figure(max)}</text><text x="${left - 4}" y="${top + plot}" font-size="10" text-anchor="end" fill="#5f6b7a">0</text>`;
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
    ${raw(axis + bars + legend(series, height - 14))}
  </svg>`;
}

/** Horizontal bars, one row per label (sources, branches, networks), grouped by series. */
export function barChart(title: string, labels: readonly string[], series: readonly Series[], figure: (value: number) => string = nice) {
  const width = 640;
  const left = 170;
  const row = 8 + 12 * series.length;
  const height = 16 + labels.length * row + 20;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  let bars = '';
  labels.forEach((label, i) => {
    const y = 8 + i * row;
    const shown = label.length > 26 ? `${label.slice(0, 25)}…` : label;
    bars += `<text x="${left - 6}" y="${y + (row - 8) / 2 + 4}" font-size="11" text-anchor="end" fill="#1d2433">${escape(shown)}</text>`;
    series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const w = (value / max) * (width - left - 50);
      bars += `<rect x="${left}" y="${y + j * 12}" width="${w.toFixed(1)}" height="10" fill="${s.colour}"><title>${escape(`${label} · ${s.name}: ${figure(value)}`)}</title></rect><text x="${(left + w + 4).toFixed(1)}" y="${y + j * 12 + 9}" font-size="10" fill="#5f6b7a">${figure(value)}</text>`;
    });
  });
  return html`<svg class="chart" role="img" aria-label="${title}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">
    ${raw(bars + legend(series, height - 14))}
  </svg>`;
}
