import type { KaikuConfig } from '../config/schema.js';
import { localDate } from '../rules/digests/digest-moment.js';
import type { Store } from '../db/store.js';

// The analytics an admin reads at a glance: each a table (also downloadable as CSV) with the chart drawn
// from it. Shares are advocates going on from kaiku's share page to a network; share pages opened are counted
// apart (link scanners open them too); clicks are unique human visitors on tracked links.

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

export async function buildReport(store: Store, config: KaikuConfig, now = new Date()): Promise<ReportTable[]> {
  const from = new Date(now.getTime() - config.analytics.weeks * 7 * 24 * 3_600_000);
  const zone = config.program.timeZone;
  const week = (date: Date) => localDate(new Date(date), zone);
  const tags = config.program.hashtags;
  const [weekly, bySource, byType, byBranch, byNetwork, approvals, funnel, hashtags] = await Promise.all([
    store.analytics.weekly(from),
    store.analytics.by('source', from),
    store.analytics.by('contentType', from),
    store.analytics.by('branch', from),
    store.analytics.by('network', from),
    store.analytics.approvalTimes(from),
    store.analytics.digestFunnel(from),
    store.analytics.hashtags(from, tags),
  ]);
  const dimension = (
    id: ReportId,
    title: string,
    label: string,
    rows: { label: string; opened: string; shares: string; clicks: string }[],
    note = '',
  ): ReportTable => ({
    id,
    title,
    note: note || `Since ${week(from)}.`,
    columns: [label, 'Share pages opened', 'Shares', 'Clicks'],
    rows: rows.map((r) => [r.label, Number(r.opened), Number(r.shares), Number(r.clicks)]),
    chart: rows.length > 0 ? { kind: 'bars', series: [2, 3] } : null,
  });
  const cpc = config.analytics.costPerClick;
  return [
    {
      id: 'weekly',
      title: 'Shares and clicks per week',
      note: 'Weeks start on Monday. Share pages opened: an advocate (or a mail scanner) opened a share button’s page. Shares: the advocate went on to the network. Clicks: unique human visitors on advocates’ tracked links.',
      columns: ['Week of', 'Share pages opened', 'Shares', 'Clicks'],
      rows: weekly.map((r) => [week(r.week), Number(r.opened), Number(r.shares), Number(r.clicks)]),
      chart: { kind: 'weeks', series: [2, 3] },
    },
    dimension('by-source', 'By source', 'Source', bySource),
    dimension('by-content-type', 'By content type', 'Content type', byType, 'A source’s contentType in the config (its kind when it names none).'),
    dimension('by-branch', 'By branch', 'Branch', byBranch),
    dimension('by-network', 'By network', 'Network', byNetwork, 'Clicks are placed by the page that sent the visitor, where it says (“(unknown)” otherwise).'),
    {
      id: 'approval-times',
      title: 'Approval times',
      note: 'Hours from the approval request to the decision, for items decided by a person.',
      columns: ['Week of', 'Decided', 'Median hours', '90th percentile hours'],
      rows: approvals.map((r) => [week(r.week), Number(r.decided), r.median_hours ?? 0, r.p90_hours ?? 0]),
      chart: approvals.length > 0 ? { kind: 'weeks', series: [2, 3] } : null,
    },
    {
      id: 'digest-funnel',
      title: 'Digest open-to-share rate',
      note: 'Opened: the digest’s images were loaded (some mail apps load them for privacy, some never do), or one of its items was shared from it. Shared: an item of that digest was shared.',
      columns: ['Week of', 'Sent', 'Opened', 'Shared', 'Open-to-share %'],
      rows: funnel.map((r) => [week(r.week), Number(r.sent), Number(r.opened), Number(r.shared), pct(Number(r.shared), Number(r.opened))]),
      chart: funnel.length > 0 ? { kind: 'weeks', series: [1, 2, 3] } : null,
    },
    {
      id: 'hashtags',
      title: `The programme’s hashtag${tags.length === 1 ? '' : 's'} in approved captions`,
      note: tags.length > 0 ? `Approved items whose captions carry ${tags.join(', ')}.` : 'The programme names no hashtags (program.hashtags in the config).',
      columns: ['Week of', 'Approved', ...tags, 'With a hashtag %'],
      rows: hashtags.map((r) => {
        const counts = tags.map((_, i) => Number(r[`t${i}`] ?? 0));
        return [week(r.week), Number(r.approved), ...counts, pct(Math.max(0, ...counts), Number(r.approved))];
      }),
      chart: hashtags.length > 0 ? { kind: 'weeks', series: [1, ...tags.map((_, i) => i + 2)] } : null,
    },
    {
      id: 'earned-media',
      title: 'Earned media value',
      note: `Unique human clicks × ${cpc.toFixed(2)} ${config.analytics.currency}, what a paid click would have cost (analytics.costPerClick).`,
      columns: ['Week of', 'Clicks', `Value (${config.analytics.currency})`],
      rows: weekly.map((r) => [week(r.week), Number(r.clicks), Math.round(Number(r.clicks) * cpc * 100) / 100]),
      chart: { kind: 'weeks', series: [2] },
    },
  ];
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
