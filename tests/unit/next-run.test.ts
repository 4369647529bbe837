import { expect, test } from 'vitest';
import { mayBeMailed, noDigestReason, summarizeRun, type AdvocateOutcome, type RunAdvocate, type RunFacts } from '../../rules/digests/next-run.js';

// The console's "This week" (issue 17): why an advocate gets no digest in the next run, and the per-segment sums.

let nextId = 1;
const person = (overrides: Partial<RunAdvocate> = {}): RunAdvocate => {
  const id = String(nextId++);
  return {
    id,
    name: `Advocate ${id}`,
    email: `a${id}@city.example`,
    language: 'fi',
    branch: null,
    topics: [],
    time_zone: 'Europe/Helsinki',
    unsubscribed_at: null,
    mail_state: 'ok',
    bounces: 0,
    paused_until: null,
    ...overrides,
  };
};
const facts = (overrides: Partial<RunFacts> = {}): RunFacts => ({
  localDate: '2026-12-07',
  groupDue: true,
  due: true,
  held: undefined,
  items: 2,
  ...overrides,
});
const item = (id: string) => ({ id, title: `Item ${id}` });
const outcome = (advocate: RunAdvocate, items: string[], reason: AdvocateOutcome['reason'] = null): AdvocateOutcome => ({
  advocate,
  items: items.map(item),
  reason,
});

test('each reason the run has for sending nothing, asked in the run’s order; none when items fit', () => {
  expect(noDigestReason(person(), facts())).toBeNull();
  expect(noDigestReason(person({ unsubscribed_at: new Date(), mail_state: 'paused' }), facts())).toBe('unsubscribed');
  expect(noDigestReason(person({ mail_state: 'paused', bounces: 3 }), facts())).toBe('bounced');
  expect(noDigestReason(person({ mail_state: 'paused' }), facts())).toBe('paused');
  // A bouncing address (not yet paused) still gets its digest.
  expect(noDigestReason(person({ mail_state: 'bouncing', bounces: 1 }), facts())).toBeNull();
  // A snooze runs to its local date: the day itself is mailed again.
  expect(noDigestReason(person({ paused_until: '2026-12-08' }), facts())).toBe('snoozed');
  expect(noDigestReason(person({ paused_until: '2026-12-07' }), facts())).toBeNull();
  expect(noDigestReason(person(), facts({ groupDue: false, due: false }))).toBe('not due');
  expect(noDigestReason(person(), facts({ due: false }))).toBe('already had it');
  expect(noDigestReason(person(), facts({ held: 'weekly cap' }))).toBe('weekly cap');
  expect(noDigestReason(person(), facts({ held: 'quiet period', items: 0 }))).toBe('quiet period');
  expect(noDigestReason(person(), facts({ items: 0 }))).toBe('nothing matches');
});

test('the sending step mails neither an unsubscribed nor a paused advocate, but does a bouncing one', () => {
  expect(mayBeMailed({ unsubscribed_at: null, mail_state: 'ok' })).toBe(true);
  expect(mayBeMailed({ unsubscribed_at: null, mail_state: 'bouncing' })).toBe(true);
  expect(mayBeMailed({ unsubscribed_at: null, mail_state: 'paused' })).toBe(false);
  expect(mayBeMailed({ unsubscribed_at: new Date(), mail_state: 'ok' })).toBe(false);
});

test('per language, branch and topic: advocates, those who get at least one item, and the distinct items offered', () => {
  const aino = person({ name: 'Aino', language: 'fi', branch: 'Library', topics: ['culture', 'city'] });
  const erik = person({ name: 'Erik', language: 'sv', branch: 'Library', topics: ['culture'] });
  const sam = person({ name: 'Sam', language: 'en', branch: null, topics: [] });
  const pia = person({ name: 'Pia', language: 'fi', branch: 'Schools', topics: ['city'] });
  const summary = summarizeRun([outcome(aino, ['1', '2']), outcome(erik, ['1']), outcome(sam, ['3']), outcome(pia, [], 'paused')], { namesPerReason: 5 });
  expect(summary).toMatchObject({ advocates: 4, mailed: 3 });
  expect(summary.byLanguage).toEqual([
    { value: 'fi', advocates: 2, mailed: 1, items: 2 },
    { value: 'en', advocates: 1, mailed: 1, items: 1 },
    { value: 'sv', advocates: 1, mailed: 1, items: 1 },
  ]);
  expect(summary.byBranch).toEqual([
    { value: 'Library', advocates: 2, mailed: 2, items: 2 },
    { value: '', advocates: 1, mailed: 1, items: 1 },
    { value: 'Schools', advocates: 1, mailed: 0, items: 0 },
  ]);
  // An advocate counts once in each of their topics; one without topics (who takes all) has a row of their own.
  expect(summary.byTopic).toEqual([
    { value: 'city', advocates: 2, mailed: 1, items: 2 },
    { value: 'culture', advocates: 2, mailed: 2, items: 2 },
    { value: '', advocates: 1, mailed: 1, items: 1 },
  ]);
  expect(summary.items).toEqual([
    { id: '1', title: 'Item 1', advocates: 2 },
    { id: '2', title: 'Item 2', advocates: 1 },
    { id: '3', title: 'Item 3', advocates: 1 },
  ]);
});

test('who gets nothing: counted per reason in the reasons’ order, the names by name and capped, the rest counted', () => {
  const capped = ['Veera', 'Anna', 'Otto', 'Bea'].map((name) => outcome(person({ name }), [], 'weekly cap'));
  const uma = person({ name: 'Uma' });
  const summary = summarizeRun([outcome(uma, [], 'unsubscribed'), ...capped, outcome(person(), ['9'])], { namesPerReason: 3 });
  expect(summary.nothing.map((row) => [row.reason, row.count])).toEqual([
    ['unsubscribed', 1],
    ['weekly cap', 4],
  ]);
  expect(summary.nothing[1]!.names.map((n) => n.name)).toEqual(['Anna', 'Bea', 'Otto']);
  expect(summary.nothing[0]!.names).toEqual([{ id: uma.id, name: 'Uma' }]);
  expect(summary.mailed).toBe(1);
});

test('the first names per reason are those a full sort by name (then id) puts first, over many and alike names', () => {
  // A seeded shuffle of 600 advocates with 40 names among them (many alike, so the id decides), over three reasons.
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  const names = Array.from({ length: 40 }, (_, i) => `${['Äke', 'Aino', 'anna', 'Örjan', 'Zoe', 'Ella'][i % 6]} ${Math.floor(i / 6)}`);
  const reasons = ['paused', 'weekly cap', 'nothing matches'] as const;
  const outcomes = Array.from({ length: 600 }, () =>
    outcome(person({ name: names[Math.floor(random() * names.length)]! }), [], reasons[Math.floor(random() * 3)]!),
  );
  const summary = summarizeRun(outcomes, { namesPerReason: 10 });
  for (const reason of reasons) {
    const all = outcomes
      .filter((o) => o.reason === reason)
      .map((o) => ({ id: String(o.advocate.id), name: o.advocate.name }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const row = summary.nothing.find((r) => r.reason === reason)!;
    expect(row.count, reason).toBe(all.length);
    expect(row.names, reason).toEqual(all.slice(0, 10));
  }
});
