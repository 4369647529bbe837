import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createStore, type Store } from '../../db/store.js';
import type { NewItem } from '../../db/schema.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { advocate } from '../helpers/digests.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';

// The store's side of an approved item's schedule, on embedded PGlite and on real PostgreSQL: which items the digests
// may take now (not retracted, inside "not before" and "not after", pinned ones whatever their age), that only an
// approved, unretracted item can be scheduled, pinned or retracted, and that a run unpins what its sent digests carried.

const HOUR_MS = 3_600_000;
const captions = JSON.stringify({ language: 'fi', networks: { linkedin: 'Hei', x: 'Hei' }, edited: false });
const item = (name: string): NewItem => ({
  id: itemIdFor(`https://city.example/${name}`),
  url: `https://city.example/${name}`,
  source_id: 'news',
  title: name,
  summary: null,
  image_url: null,
  author: null,
  language: 'fi',
  topics: '[]',
  categories: '[]',
  published_at: null,
  approval_started_at: null,
});

describe.each(DATABASE_KINDS)('an approved item’s schedule in the store on %s', (kind) => {
  let testDb: TestDatabase;
  let store: Store;
  const id = (name: string) => itemIdFor(`https://city.example/${name}`);
  const db = () => testDb.database.db;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
    store = createStore(testDb.database.db);
    const { config } = await testConfig(testConfigInput([{ id: 'news', kind: 'feed', url: 'https://city.example/feed.xml' }]));
    await store.sources.sync(config.sources);
    await store.items.insertNew(['plain', 'soon', 'over', 'inside', 'gone', 'old-pinned', 'waiting'].map(item));
    // Approved an hour ago, except "old-pinned" (a month ago) and "waiting" (still pending).
    await db()
      .updateTable('items')
      .set({ state: 'approved', captions, decided_at: new Date(Date.now() - HOUR_MS) })
      .where('id', '!=', id('waiting'))
      .execute();
    await db()
      .updateTable('items')
      .set({ decided_at: new Date(Date.now() - 30 * 24 * HOUR_MS) })
      .where('id', '=', id('old-pinned'))
      .execute();
  });
  afterAll(async () => testDb?.drop());

  test('schedule, pin and retract change only an approved, unretracted item', async () => {
    const now = Date.now();
    expect(await store.items.schedule(id('soon'), { notBefore: new Date(now + 48 * HOUR_MS), notAfter: null })).toBeDefined();
    expect(await store.items.schedule(id('over'), { notBefore: null, notAfter: new Date(now - HOUR_MS) })).toBeDefined();
    expect(await store.items.schedule(id('inside'), { notBefore: new Date(now - 2 * HOUR_MS), notAfter: new Date(now + HOUR_MS) })).toBeDefined();
    expect((await store.items.retract(id('gone'), 'ada@testcity.example'))?.retracted_by).toBe('ada@testcity.example');
    expect((await store.items.pin(id('old-pinned'), 'ada@testcity.example'))?.pinned_by).toBe('ada@testcity.example');
    // Refused: a pending item, and one retracted already (its first retraction stays).
    expect(await store.items.retract(id('waiting'), 'ada@testcity.example')).toBeUndefined();
    expect(await store.items.pin(id('waiting'), 'ada@testcity.example')).toBeUndefined();
    expect(await store.items.retract(id('gone'), 'bo@testcity.example')).toBeUndefined();
    expect(await store.items.pin(id('gone'), 'bo@testcity.example')).toBeUndefined();
    expect(await store.items.schedule(id('gone'), { notBefore: null, notAfter: null })).toBeUndefined();
    expect((await store.items.get(id('gone')))!).toMatchObject({ retracted_by: 'ada@testcity.example', pinned_at: null });
  });

  test('the digests’ candidates: pinned first (however old), then the fresh ones inside their schedule; never the retracted', async () => {
    const candidates = await store.digests.candidates(new Date(Date.now() - 14 * 24 * HOUR_MS));
    expect(candidates.map((c) => [c.title, c.pinned])[0]).toEqual(['old-pinned', true]);
    expect(candidates.map((c) => c.title).sort()).toEqual(['inside', 'old-pinned', 'plain']);
    const inside = candidates.find((c) => c.title === 'inside')!;
    expect(inside.available_at.getTime()).toBe(new Date(inside.decided_at).getTime()); // its "not before" was before the approval
    const best = await store.engagement.bestItem(new Date(0), new Date(Date.now() - 14 * 24 * HOUR_MS));
    expect(['plain', 'inside']).toContain(best?.title);
    expect((await store.onboarding.bestItems(new Date(0), new Date(Date.now() - 14 * 24 * HOUR_MS), 10)).map((i) => i.title).sort()).toEqual([
      'inside',
      'plain',
    ]);
  });

  test('a run unpins the pinned items its sent digests carried, once; a pin made after the run began stays', async () => {
    await store.advocates.upsert([advocate({ email: 'aino@testcity.example' })]);
    const aino = (await store.advocates.byEmail('aino@testcity.example'))!;
    const run = await db()
      .insertInto('digest_runs')
      .values({ workflow_id: 'test', workflow_run_id: `run-${kind}`, tick_at: new Date(), forced: true, started_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const digest = await db()
      .insertInto('digests')
      .values({ advocate_id: aino.id, period: '2026-W49', state: 'sent', run_id: run.id, item_ids: JSON.stringify([id('old-pinned'), id('plain')]) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db()
      .insertInto('digest_items')
      .values([id('old-pinned'), id('plain')].map((itemId) => ({ advocate_id: aino.id, item_id: itemId, digest_id: digest.id })))
      .execute();
    await store.items.pin(id('plain'), 'bo@testcity.example'); // after the run began: for the next one
    const unpinned = await store.digests.unpinCarried(run.id);
    expect(unpinned.map((row) => [row.id, row.pinned_by])).toEqual([[id('old-pinned'), 'ada@testcity.example']]);
    expect((await store.items.get(id('old-pinned')))!.pinned_at).toBeNull();
    expect((await store.items.get(id('plain')))!.pinned_by).toBe('bo@testcity.example');
    expect(await store.digests.unpinCarried(run.id)).toEqual([]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from items where pinned_at is not null`.execute(db());
    expect(rows[0]!.n).toBe(1);
  });

  test('a post for some branches only is never the nudge’s or the welcome mail’s pick, however new or shared (both go to everyone)', async () => {
    await store.items.insertNew([item('for-branch')]);
    await db()
      .updateTable('items')
      .set({ state: 'approved', captions, decided_at: new Date(), branches: JSON.stringify(['Kulttuuri']) })
      .where('id', '=', id('for-branch'))
      .execute();
    const since = new Date(Date.now() - 14 * 24 * HOUR_MS);
    expect((await store.digests.candidates(since)).map((c) => c.title)).toContain('for-branch'); // the digests take it, for its branch
    expect((await store.engagement.bestItem(new Date(0), since))?.title).not.toBe('for-branch');
    expect((await store.onboarding.bestItems(new Date(0), since, 10)).map((i) => i.title)).not.toContain('for-branch');
    // The same post for everyone is the newest pick.
    await db().updateTable('items').set({ branches: '[]' }).where('id', '=', id('for-branch')).execute();
    expect((await store.engagement.bestItem(new Date(0), since))?.title).toBe('for-branch');
    expect((await store.onboarding.bestItems(new Date(0), since, 10))[0]?.title).toBe('for-branch');
  });
});
