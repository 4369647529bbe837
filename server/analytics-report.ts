import type { KaikuConfig } from '../config/schema.js';
import { localDate, weekWindow } from '../rules/digests/digest-moment.js';
import type { AnalyticsDimensionLabel } from '../db/queries/analytics.js';
import type { Store } from '../db/store.js';
import { hashtagsInEffect } from '../rules/captions/program-hashtags.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console/console-strings.js';

// The analytics an admin reads at a glance: each a table (also downloadable as CSV) with the chart drawn
// from it. Shares are advocates going on from kaiku's share page to a network; share pages opened are counted
// apart (link scanners open them too); clicks are unique human visitors on tracked links. The figures come
// from the rollups the points tally keeps (db/queries/analytics-rollup.ts), so they are as of its last pass.
// Titles, notes and columns are in the words given (the console's language, issue 17); English unless told, as the
// CSV downloads have them.

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

/** The report's words in one language: the console catalogue's `analytics.report`. */
export type ReportWords = ConsoleStrings['analytics']['report'];

/** The words of the report when none are given: English, as the CSV downloads keep them. */
const ENGLISH: ReportWords = CONSOLE_STRINGS.en.analytics.report;

type Builder = (store: Store, config: KaikuConfig, window: ReportWindow, words: ReportWords) => Promise<ReportTable>;

type Dimension = 'by-source' | 'by-content-type' | 'by-branch' | 'by-network';

const dimension =
  (id: Dimension, by: AnalyticsDimensionLabel): Builder =>
  async (store, _config, window, words) => {
    const rows = await store.analytics.by(by, window.from);
    const own: { title: string; label: string; note?: string } = words[id];
    return {
      id,
      title: own.title,
      note: own.note ?? words.since(window.from),
      columns: [own.label, words.opened, words.shares, words.clicks],
      rows: rows.map((r) => [id === 'by-network' && r.label === ENGLISH.unknown ? words.unknown : r.label, r.opened, r.shares, r.clicks]),
      chart: rows.length > 0 ? { kind: 'bars', series: [2, 3] } : null,
    };
  };

// Each table from its own query, so that a CSV computes only its own.
const BUILDERS: Record<ReportId, Builder> = {
  weekly: async (store, _config, window, words) => ({
    id: 'weekly',
    title: words.weekly.title,
    note: words.weekly.note,
    columns: [words.weekOf, words.opened, words.shares, words.clicks],
    rows: (await store.analytics.weekly(window.from, window.to)).map((r) => [r.week, r.opened, r.shares, r.clicks]),
    chart: { kind: 'weeks', series: [2, 3] },
  }),
  'by-source': dimension('by-source', 'source'),
  'by-content-type': dimension('by-content-type', 'contentType'),
  'by-branch': dimension('by-branch', 'branch'),
  'by-network': dimension('by-network', 'network'),
  'approval-times': async (store, _config, window, words) => {
    const rows = await store.analytics.approvalTimes(window.from, window.zone);
    const own = words['approval-times'];
    return {
      id: 'approval-times',
      title: own.title,
      note: own.note,
      columns: [words.weekOf, own.decided, own.approved, own.median, own.p90],
      rows: rows.map((r) => [r.week, Number(r.decided), Number(r.approved), r.median_hours ?? 0, r.p90_hours ?? 0]),
      chart: rows.length > 0 ? { kind: 'weeks', series: [3, 4] } : null,
    };
  },
  'digest-funnel': async (store, _config, window, words) => {
    const rows = await store.analytics.digestFunnel(window.from);
    const own = words['digest-funnel'];
    return {
      id: 'digest-funnel',
      title: own.title,
      note: own.note,
      columns: [words.weekOf, own.sent, own.opened, own.shared, own.rate],
      rows: rows.map((r) => [r.week, r.sent, r.opened, r.shared, pct(r.shared, r.opened)]),
      chart: rows.length > 0 ? { kind: 'weeks', series: [1, 2, 3] } : null,
    };
  },
  hashtags: async (store, config, window, words) => {
    const tags = await hashtagsInEffect(store.captions, config.program.hashtags);
    const rows = await store.analytics.hashtags(window.from, window.zone, tags);
    const own = words.hashtags;
    return {
      id: 'hashtags',
      title: own.title(tags.length),
      note: tags.length > 0 ? own.note(tags) : own.none,
      columns: [words.weekOf, own.approved, ...tags, own.withHashtag],
      rows: rows.map((r) => {
        const counts = tags.map((_, i) => Number(r[`t${i}`] ?? 0));
        return [r.week, Number(r.approved), ...counts, pct(Math.max(0, ...counts), Number(r.approved))];
      }),
      chart: rows.length > 0 ? { kind: 'weeks', series: [1, ...tags.map((_, i) => i + 2)] } : null,
    };
  },
  'earned-media': async (store, config, window, words) => {
    const cpc = config.analytics.costPerClick;
    const own = words['earned-media'];
    return {
      id: 'earned-media',
      title: own.title,
      note: own.note(cpc, config.analytics.currency),
      columns: [words.weekOf, words.clicks, own.value(config.analytics.currency)],
      rows: (await store.analytics.weekly(window.from, window.to)).map((r) => [r.week, r.clicks, Math.round(r.clicks * cpc * 100) / 100]),
      chart: { kind: 'weeks', series: [2] },
    };
  },
};

/** One table of the report, computed alone (a CSV download), in `words` (English unless told). */
export function buildTable(store: Store, config: KaikuConfig, id: ReportId, now = new Date(), words: ReportWords = ENGLISH): Promise<ReportTable> {
  return BUILDERS[id](store, config, reportWindow(config, now), words);
}

/**
 * Every table, in the page's order, in `words` (English unless told).
 *
 * @example
 * await buildReport(store, config, new Date(), CONSOLE_STRINGS.fi.analytics.report)   // titles such as "Jaot ja klikkaukset viikoittain"
 */
export async function buildReport(store: Store, config: KaikuConfig, now = new Date(), words: ReportWords = ENGLISH): Promise<ReportTable[]> {
  const window = reportWindow(config, now);
  return Promise.all(REPORT_IDS.map((id) => BUILDERS[id](store, config, window, words)));
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
