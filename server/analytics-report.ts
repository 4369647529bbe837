import type { KaikuConfig } from '../config/schema.js';
import { localDate, weekWindow } from '../rules/digests/digest-moment.js';
import type { AnalyticsDimensionLabel } from '../db/queries/analytics.js';
import type { Store } from '../db/store.js';
import { hashtagsInEffect } from '../rules/captions/program-hashtags.js';

// The analytics an admin reads at a glance: each a table (also downloadable as CSV) with the chart drawn
// from it. Shares are advocates going on from kaiku's share page to a network; share pages opened are counted
// apart (link scanners open them too); clicks are unique human visitors on tracked links. The figures come
// from the rollups the points tally keeps (db/queries/analytics-rollup.ts), so they are as of its last pass.

export type Cell = string | number;

export interface ReportTable {
  id: string;
  title: string;
  /** One line under the title: what is counted. */
  note: string;
  columns: string[];
  rows: Cell[][];
  /** How to draw it: columns by week, or bars by category; which columns are series. */
  chart: { kind: 'weeks' | 'bars'; series: number[] } | null;
}

export const REPORT_IDS = [
  'weekly',
  'by-source',
  'by-content-type',
  'by-branch',
  'by-network',
  'approval-times',
  'digest-funnel',
  'hashtags',
  'earned-media',
] as const;
export type ReportId = (typeof REPORT_IDS)[number];

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);
const DAY_MS = 24 * 3_600_000;

/** What every table is counted over: the last `analytics.weeks` weeks (Monday to Monday), this one included. */
export interface ReportWindow {
  /** The first day counted, the Monday `weeks - 1` weeks before this week's (a local date). */
  from: string;
  /** Today (a local date). */
  to: string;
  zone: string;
}

export function reportWindow(config: KaikuConfig, now = new Date()): ReportWindow {
  const zone = config.program.timeZone;
  const monday = localDate(weekWindow(now, zone).from, zone);
  const from = new Date(Date.parse(`${monday}T12:00:00Z`) - (config.analytics.weeks - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
  return { from, to: localDate(now, zone), zone };
}

type Builder = (store: Store, config: KaikuConfig, window: ReportWindow) => Promise<ReportTable>;

const dimension =
  (id: ReportId, by: AnalyticsDimensionLabel, title: string, label: string, note?: string): Builder =>
  async (store, _config, window) => {
    const rows = await store.analytics.by(by, window.from);
    return {
      id,
      title,
      note: note ?? `Since Monday ${window.from}.`,
      columns: [label, 'Share pages opened', 'Shares', 'Clicks'],
      rows: rows.map((r) => [r.label, r.opened, r.shares, r.clicks]),
      chart: rows.length > 0 ? { kind: 'bars', series: [2, 3] } : null,
    };
  };

// Each table from its own query, so that a CSV computes only its own.
const BUILDERS: Record<ReportId, Builder> = {
  weekly: async (store, _config, window) => ({
    id: 'weekly',
    title: 'Shares and clicks per week',
    note: 'Weeks start on Monday. Share pages opened: an advocate (or a mail scanner) opened a share button’s page. Shares: the advocate went on to the network. Clicks: unique human visitors on advocates’ tracked links.',
    columns: ['Week of', 'Share pages opened', 'Shares', 'Clicks'],
    rows: (await store.analytics.weekly(window.from, window.to)).map((r) => [r.week, r.opened, r.shares, r.clicks]),
    chart: { kind: 'weeks', series: [2, 3] },
  }),
  'by-source': dimension('by-source', 'source', 'By source', 'Source'),
  'by-content-type': dimension(
    'by-content-type',
    'contentType',
    'By content type',
    'Content type',
    'A source’s contentType in the config (its kind when it names none).',
  ),
  'by-branch': dimension('by-branch', 'branch', 'By branch', 'Branch'),
  'by-network': dimension(
    'by-network',
    'network',
    'By network',
    'Network',
    'Clicks are placed by the page that sent the visitor, where it says (“(unknown)” otherwise).',
  ),
  'approval-times': async (store, _config, window) => {
    const rows = await store.analytics.approvalTimes(window.from, window.zone);
    return {
      id: 'approval-times',
      title: 'Approval times',
      note: 'Items decided by a person (approved or rejected), of them approved, and the hours from the approval request to the decision.',
      columns: ['Week of', 'Decided', 'Approved', 'Median hours', '90th percentile hours'],
      rows: rows.map((r) => [r.week, Number(r.decided), Number(r.approved), r.median_hours ?? 0, r.p90_hours ?? 0]),
      chart: rows.length > 0 ? { kind: 'weeks', series: [3, 4] } : null,
    };
  },
  'digest-funnel': async (store, _config, window) => {
    const rows = await store.analytics.digestFunnel(window.from);
    return {
      id: 'digest-funnel',
      title: 'Digest open-to-share rate',
      note: 'Opened: the digest’s images were loaded (some mail apps load them for privacy, some never do), or one of its items was shared from it. Shared: an item of that digest was shared.',
      columns: ['Week of', 'Sent', 'Opened', 'Shared', 'Open-to-share %'],
      rows: rows.map((r) => [r.week, r.sent, r.opened, r.shared, pct(r.shared, r.opened)]),
      chart: rows.length > 0 ? { kind: 'weeks', series: [1, 2, 3] } : null,
    };
  },
  hashtags: async (store, config, window) => {
    const tags = await hashtagsInEffect(store.captions, config.program.hashtags);
    const rows = await store.analytics.hashtags(window.from, window.zone, tags);
    return {
      id: 'hashtags',
      title: `The programme’s hashtag${tags.length === 1 ? '' : 's'} in approved captions`,
      note:
        tags.length > 0 ? `Approved items whose captions carry ${tags.join(', ')}.` : 'The programme names no hashtags yet: write them on the Captions page.',
      columns: ['Week of', 'Approved', ...tags, 'With a hashtag %'],
      rows: rows.map((r) => {
        const counts = tags.map((_, i) => Number(r[`t${i}`] ?? 0));
        return [r.week, Number(r.approved), ...counts, pct(Math.max(0, ...counts), Number(r.approved))];
      }),
      chart: rows.length > 0 ? { kind: 'weeks', series: [1, ...tags.map((_, i) => i + 2)] } : null,
    };
  },
  'earned-media': async (store, config, window) => {
    const cpc = config.analytics.costPerClick;
    return {
      id: 'earned-media',
      title: 'Earned media value',
      note: `Unique human clicks × ${cpc.toFixed(2)} ${config.analytics.currency}, what a paid click would have cost (analytics.costPerClick).`,
      columns: ['Week of', 'Clicks', `Value (${config.analytics.currency})`],
      rows: (await store.analytics.weekly(window.from, window.to)).map((r) => [r.week, r.clicks, Math.round(r.clicks * cpc * 100) / 100]),
      chart: { kind: 'weeks', series: [2] },
    };
  },
};

/** One table of the report, computed alone (a CSV download). */
export function buildTable(store: Store, config: KaikuConfig, id: ReportId, now = new Date()): Promise<ReportTable> {
  return BUILDERS[id](store, config, reportWindow(config, now));
}

/** Every table, in the page's order. */
export async function buildReport(store: Store, config: KaikuConfig, now = new Date()): Promise<ReportTable[]> {
  const window = reportWindow(config, now);
  return Promise.all(REPORT_IDS.map((id) => BUILDERS[id](store, config, window)));
}

/** RFC 4180 CSV; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function toCsv(table: ReportTable): string {
  const cell = (value: Cell) => {
    let text = String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [table.columns, ...table.rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
