import { describe, expect, test } from 'vitest';
import { readFeed } from '../../integrations/feeds/read-feed.js';
import { FeedParseError } from '../../integrations/feeds/feed-error.js';
import { toPlainText } from '../../integrations/feeds/text.js';
import { draftEntries } from '../../activities/fetch-source.js';
import type { SourceSettings } from '../../model/source.js';
import { contentTypeOf, documentUrlOf, expectationOf, feedBytes, feedRows, type FeedRow } from '../helpers/corpus.js';

// The scorecard over 752 feeds from other parsers' test suites (tests/fixtures/corpus/README.md): each file goes
// through what a poll does with a body (decompress, decode, parse, normalise each entry) and is counted as read,
// refused with a reason, or wrong. Wrong is: a valid feed refused, an invalid one read, anything thrown that is not
// a refusal (that is what wedged sources), a stored string with a control character, a reason a communicator
// cannot read, or a read that contradicts the origin suite's own expectation (entry count, first title or link).

type Outcome = { kind: 'read' | 'refused' | 'wrong'; why?: string; checks: number; checksPassed: number };

const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F]/;
const UNREADABLE_REASON = /Cannot read properties|undefined|is not a function|\bregex\b|Invalid input|expected string|\[object Object\]|[\u0000-\u001F\uFFFD]/;

function settingsFor(url: string): SourceSettings {
  return {
    id: 'corpus',
    kind: 'feed',
    name: 'corpus',
    url,
    topics: [],
    pollEveryMs: 300_000,
    approvers: [],
    priority: 0,
    enabled: true,
    allowPrivateAddresses: false,
  };
}

async function score(row: FeedRow): Promise<Outcome> {
  const url = documentUrlOf(row);
  const outcome: Outcome = { kind: 'read', checks: 0, checksPassed: 0 };
  let feed;
  try {
    feed = await readFeed(feedBytes(row), { contentType: contentTypeOf(row), url });
  } catch (error) {
    if (!(error instanceof FeedParseError)) return { ...outcome, kind: 'wrong', why: `threw ${(error as Error).name}: ${(error as Error).message}` };
    if (UNREADABLE_REASON.test(error.message) || error.message.length > 400)
      return { ...outcome, kind: 'wrong', why: `unreadable reason: ${JSON.stringify(error.message)}` };
    return row.class === 'valid'
      ? { ...outcome, kind: 'wrong', why: `valid feed refused: ${error.message}` }
      : { ...outcome, kind: 'refused', why: error.message };
  }
  if (row.class === 'invalid') return { ...outcome, kind: 'wrong', why: `invalid feed read (${feed.items.length} items)` };
  let drafted;
  try {
    drafted = draftEntries(feed.items, settingsFor(url), feed.skipped);
  } catch (error) {
    return { ...outcome, kind: 'wrong', why: `normalising threw ${(error as Error).message}` };
  }
  const drafts = [...drafted.drafts.values()];
  for (const draft of drafts) {
    for (const value of [draft.title, draft.summary, draft.author, draft.guid, draft.imageUrl, draft.canonicalUrl, ...draft.categories]) {
      if (value && UNSAFE.test(value)) return { ...outcome, kind: 'wrong', why: `control character stored: ${JSON.stringify(value.slice(0, 80))}` };
    }
  }
  for (const text of [...feed.warnings, ...drafted.skipped.map((s) => s.reason)]) {
    if (UNREADABLE_REASON.test(text)) return { ...outcome, kind: 'wrong', why: `unreadable warning: ${JSON.stringify(text)}` };
  }

  const failures: string[] = [];
  const check = (ok: boolean, what: string) => {
    outcome.checks++;
    if (ok) outcome.checksPassed++;
    else failures.push(what);
  };
  const entries = feed.items.length + feed.skipped.length;
  const first = feed.skipped.length === 0 ? drafts[0] : undefined;
  const { facts } = row;
  if (facts.items !== undefined) check(entries === facts.items, `${entries} entries, the suite expects ${facts.items}`);
  if (facts.first_title !== undefined && first)
    check(first.title === toPlainText(facts.first_title), `first title ${JSON.stringify(first.title)}, expected ${JSON.stringify(facts.first_title)}`);
  if (facts.first_link !== undefined && first) {
    const expected = facts.first_link.trim();
    check(
      /^https?:/.test(expected) ? first.seenUrl === new URL(expected).href : first.seenUrl.endsWith(expected),
      `first link ${first.seenUrl}, expected ${expected}`,
    );
  }
  if (facts.feed_title !== undefined) check(toPlainText(feed.title) === toPlainText(facts.feed_title), `feed title ${JSON.stringify(feed.title)}`);
  const expectation = expectationOf(row);
  if (expectation) {
    const value = toPlainText(expectation.value);
    if (expectation.field === 'feed.title')
      check(toPlainText(feed.title) === value, `feed title ${JSON.stringify(feed.title)}, feedparser expects ${JSON.stringify(value)}`);
    else if (first && expectation.field === 'entry.title')
      check(first.title === value, `title ${JSON.stringify(first.title)}, feedparser expects ${JSON.stringify(value)}`);
    else if (first && expectation.field === 'entry.link')
      check(first.seenUrl === expectation.value, `link ${first.seenUrl}, feedparser expects ${expectation.value}`);
    else if (first && expectation.field === 'entry.summary' && value)
      check(
        first.summary === value.slice(0, first.summary?.length ?? 0).trim() || first.summary === value,
        `summary ${JSON.stringify(first.summary)}, feedparser expects ${JSON.stringify(value)}`,
      );
  }
  if (failures.length > 0) return { ...outcome, kind: 'wrong', why: failures.join('; ') };
  return outcome;
}

describe('the feed corpus scorecard', () => {
  test('every valid feed is read, every invalid one refused with a reason, nothing throws or stores a control character', async () => {
    const rows = feedRows();
    const table: Record<string, { read: number; refused: number; wrong: number }> = {};
    const wrong: string[] = [];
    let checks = 0;
    let checksPassed = 0;
    const started = performance.now();
    for (const row of rows) {
      const outcome = await score(row);
      const line = (table[row.class] ??= { read: 0, refused: 0, wrong: 0 });
      line[outcome.kind]++;
      checks += outcome.checks;
      checksPassed += outcome.checksPassed;
      if (outcome.kind === 'wrong') wrong.push(`${row.class} ${row.path}: ${outcome.why}`);
    }
    const total = Object.values(table).reduce(
      (sum, line) => ({ read: sum.read + line.read, refused: sum.refused + line.refused, wrong: sum.wrong + line.wrong }),
      {
        read: 0,
        refused: 0,
        wrong: 0,
      },
    );
    console.log(
      [
        `feed corpus scorecard (${rows.length} files, ${Math.round(performance.now() - started)} ms)`,
        'class        read  refused-with-reason  wrong',
        ...['valid', 'recoverable', 'invalid'].map((name) => {
          const line = table[name] ?? { read: 0, refused: 0, wrong: 0 };
          return `${name.padEnd(12)} ${String(line.read).padStart(4)}  ${String(line.refused).padStart(19)}  ${String(line.wrong).padStart(5)}`;
        }),
        `${'all'.padEnd(12)} ${String(total.read).padStart(4)}  ${String(total.refused).padStart(19)}  ${String(total.wrong).padStart(5)}`,
        `origin suites' expectations checked on what kaiku stores: ${checksPassed} of ${checks} hold`,
        ...wrong.map((w) => `  wrong: ${w}`),
      ].join('\n'),
    );
    expect(wrong).toEqual([]);
    expect(table['valid']!.read).toBe(rows.filter((r) => r.class === 'valid').length);
    expect(table['invalid']!.read).toBe(0);
  });
});
