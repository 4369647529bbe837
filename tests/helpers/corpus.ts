import { readFileSync } from 'node:fs';
import { FIXTURES } from './fixtures.js';

// The real-world corpora in tests/fixtures/corpus/ (see its README): manifests read as records.

export const CORPUS = `${FIXTURES}corpus/`;

export interface FeedRow {
  path: string;
  class: 'valid' | 'recoverable' | 'invalid';
  format: string;
  kinds: string[];
  suiteExpect: string;
  facts: { items?: number; first_title?: string; first_link?: string; feed_title?: string; http_headers?: string[] };
  originPath: string;
  origin: string;
}

function readTsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const columns = header!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i]!, value])));
}

export function feedRows(): FeedRow[] {
  return readTsv(`${CORPUS}feeds/MANIFEST.tsv`).map((row) => ({
    path: row['path']!,
    class: row['class'] as FeedRow['class'],
    format: row['format']!,
    kinds: row['kinds']!.split(','),
    suiteExpect: row['suite_expect'] ?? '',
    facts: row['facts'] ? (JSON.parse(row['facts']) as FeedRow['facts']) : {},
    originPath: row['origin_path'] ?? '',
    origin: row['path']!.split('/')[0]!,
  }));
}

export function feedBytes(row: FeedRow): Buffer {
  return readFileSync(`${CORPUS}feeds/${row.path}`);
}

/** The Content-Type the origin's suite served the file with, when it says. */
export function contentTypeOf(row: FeedRow): string | undefined {
  const header = row.facts.http_headers?.find((h) => /^content-type:/i.test(h));
  return header?.replace(/^content-type:\s*/i, '').replace(/'/g, '');
}

/**
 * The URL the file was served from in its suite: feedparser's tests are served at 127.0.0.1:8097 (their
 * expectations about relative links resolve against it); others get a URL of their own.
 */
export function documentUrlOf(row: FeedRow): string {
  if (row.origin === 'feedparser') return `http://127.0.0.1:8097/${row.originPath}`;
  return `https://corpus.kaiku.example/${row.path}`;
}

/** A check taken from feedparser's `Expect:` line, on what kaiku stores: the feed title, the first entry's title, link or summary. */
export interface Expectation {
  field: 'feed.title' | 'entry.title' | 'entry.link' | 'entry.summary';
  value: string;
}

const EXPECT = new RegExp(
  String.raw`^not bozo and (feed\['title'\]|feed\.title|feed\['title_detail'\]\['value'\]|entries\[0\]\['(?:title|title_detail'\]\['value|link|links'\]\[0\]\['href|summary|description)'\]) == u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")$`,
);

export function expectationOf(row: FeedRow): Expectation | undefined {
  const match = EXPECT.exec(row.suiteExpect.trim());
  if (!match) return undefined;
  const key = match[1]!;
  const field: Expectation['field'] = key.startsWith('feed')
    ? 'feed.title'
    : /title/.test(key)
      ? 'entry.title'
      : /link/.test(key)
        ? 'entry.link'
        : 'entry.summary';
  return { field, value: pythonString(match[2]!) };
}

function pythonString(literal: string): string {
  return literal.slice(1, -1).replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
    if (/^[xuU]/.test(escape) && escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escape] ?? escape;
  });
}

export interface ReplyExpectation {
  action: 'approve' | 'reject' | 'unclear';
  caption?: string;
  reason?: string;
  origin: string;
  client: string;
  language: string;
  variant: 'approve' | 'approve-caption' | 'reject-reason' | 'hedged-1' | 'hedged-2';
}

export function derivedReplies(): [string, ReplyExpectation][] {
  const expected = JSON.parse(readFileSync(`${CORPUS}replies-derived/expected.json`, 'utf8')) as Record<string, ReplyExpectation>;
  return Object.entries(expected);
}

export function derivedReplyBytes(path: string): Buffer {
  return readFileSync(`${CORPUS}replies-derived/${path}`);
}
