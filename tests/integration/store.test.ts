import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'kysely';
import { createStore, type Store } from '../../db/store.js';
import { migrate, listMigrations } from '../../db/migrate.js';
import { openDatabase, redactUrl } from '../../db/database.js';
import type { NewItem } from '../../db/schema.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { createPostgresDatabase, DATABASE_KINDS, dropPostgresDatabase, openTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { testConfig, testConfigInput } from '../helpers/harness.js';
import { rowVersions } from '../helpers/snapshot.js';

const item = (url: string, sourceId: string, extra: Partial<NewItem> = {}): NewItem => ({
  id: itemIdFor(url),
  url,
  source_id: sourceId,
  title: `Title of ${url}`,
  summary: null,
  image_url: null,
  author: null,
  language: 'fi',
  topics: JSON.stringify(['city']),
  categories: '[]',
  published_at: new Date('2026-11-20T10:00:00Z'),
  approval_started_at: null,
  ...extra,
});

const sourcesConfig = (urlOfA = 'https://a.example/feed.xml') =>
  testConfig(
    testConfigInput([
      { id: 'a', kind: 'feed', url: urlOfA, topics: ['city'] },
      { id: 'b', kind: 'feed', url: 'https://b.example/feed.xml', topics: ['jobs'] },
    ]),
  );

// The same suite on embedded PGlite and on real PostgreSQL: one dialect, one set of migrations.
describe.each(DATABASE_KINDS)('store on %s', (kind) => {
  let test_db: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    test_db = await openTestDatabase(kind);
    store = createStore(test_db.database.db);
  });
  afterAll(async () => test_db?.drop());

  test('migrations are applied once; running them again changes nothing', async () => {
    expect(await migrate(test_db.database)).toEqual([]);
    const applied = await sql<{ name: string }>`select name from kaiku_migrations order by name`.execute(test_db.database.db);
    expect(applied.rows.map((r) => r.name)).toEqual(listMigrations().map((m) => m.name));
  });

  test('a failing migration is rolled back whole and named in the error', async () => {
    const broken = [{ name: '9999_broken', sql: 'create table half_done (id int); select * from no_such_table;' }];
    await expect(migrate(test_db.database, broken)).rejects.toThrow(/migration 9999_broken failed and was rolled back: .*no_such_table/);
    const leftover = await sql<{ n: string }>`select count(*)::text as n from information_schema.tables where table_name = 'half_done'`.execute(
      test_db.database.db,
    );
    expect(leftover.rows[0]!.n).toBe('0');
    expect(await migrate(test_db.database)).toEqual([]);
  });

  test('sources follow the config: added, changed (a new URL forgets its validators), removed', async () => {
    const first = await sourcesConfig();
    expect(await store.sources.sync(first.config.sources)).toEqual({ added: ['a', 'b'], changed: [], moved: [], removed: [] });
    expect(await store.sources.sync(first.config.sources)).toEqual({ added: [], changed: [], moved: [], removed: [] });

    await store.sources.recordChange('a', { fetchState: { etag: '"v1"' }, contentHash: 'h1' });
    const moved = await sourcesConfig('https://a.example/new-feed.xml');
    expect(await store.sources.sync(moved.config.sources)).toEqual({ added: [], changed: ['a'], moved: ['a'], removed: [] });
    expect(await store.sources.get('a')).toMatchObject({ url: 'https://a.example/new-feed.xml', fetch_state: {}, content_hash: null, health: 'pending' });

    const onlyB = await testConfig(testConfigInput([{ id: 'b', kind: 'feed', url: 'https://b.example/feed.xml', topics: ['jobs'] }]));
    expect(await store.sources.sync(onlyB.config.sources)).toEqual({ added: [], changed: [], moved: [], removed: ['a'] });
    expect(await store.sources.get('a')).toMatchObject({ active: false });
    expect(await store.sources.sync(moved.config.sources)).toEqual({ added: [], changed: ['a'], moved: [], removed: [] });
    expect(await store.sources.get('a')).toMatchObject({ active: true });
  });

  test('an article is stored once across sources; a second source only links it and adds its topics', async () => {
    const url = 'https://news.example/story';
    expect(await store.items.insertNew([item(url, 'a')])).toEqual([itemIdFor(url)]);
    expect(await store.items.insertNew([item(url, 'b', { title: 'other title' })])).toEqual([]);
    expect(await store.items.link([{ item_id: itemIdFor(url), source_id: 'a', guid: 'g1', seen_url: `${url}?utm_source=a` }])).toBe(1);
    expect(await store.items.known([url, 'https://news.example/unknown'], 'b')).toEqual([{ id: itemIdFor(url), url, linked: false }]);
    expect(await store.items.link([{ item_id: itemIdFor(url), source_id: 'b', guid: null, seen_url: url }])).toBe(1);
    expect(await store.items.link([{ item_id: itemIdFor(url), source_id: 'b', guid: null, seen_url: url }])).toBe(0);
    await store.items.addTopics([itemIdFor(url)], ['jobs', 'city']);
    const stored = await store.items.get(itemIdFor(url));
    expect(stored).toMatchObject({ title: `Title of ${url}`, source_id: 'a', topics: ['city', 'jobs'], state: 'pending' });
    expect((await store.items.sourcesOf([itemIdFor(url)])).get(itemIdFor(url))).toEqual(['a', 'b']);
  });

  test('items wait for their approval workflow until marked started, exactly once', async () => {
    await store.items.insertNew([item('https://news.example/2', 'a'), item('https://news.example/3', 'a')]);
    expect(await store.items.countAwaitingApprovalStart('a')).toBe(3);
    expect(await store.items.countAwaitingApprovalStart('b')).toBe(0);
    const firstTwo = await store.items.awaitingApprovalStart(2);
    expect(firstTwo).toHaveLength(2);
    const waiting = [...firstTwo, ...(await store.items.awaitingApprovalStart(200)).filter((id) => !firstTwo.includes(id))];
    expect(waiting).toEqual(expect.arrayContaining([itemIdFor('https://news.example/2'), itemIdFor('https://news.example/3')]));
    await store.items.markApprovalStarted(waiting);
    const started = (await store.items.get(itemIdFor('https://news.example/2')))!.approval_started_at;
    expect(await store.items.awaitingApprovalStart(200)).toEqual([]);
    expect(await store.items.countAwaitingApprovalStart()).toBe(0);
    await store.items.markApprovalStarted(waiting);
    expect((await store.items.get(itemIdFor('https://news.example/2')))!.approval_started_at).toEqual(started);
    expect(await store.items.countByState()).toEqual({ pending: 3, approved: 0, rejected: 0, expired: 0 });
  });

  test('an unchanged poll of a healthy source writes nothing; a failure and a recovery do', async () => {
    await store.sources.recordChange('b', { fetchState: { etag: '"e"' }, contentHash: 'h' });
    const row = (await store.sources.get('b'))!;
    const before = await rowVersions(test_db.database.db);
    expect(await store.sources.recordUnchanged(row, { etag: '"e"' })).toBe(false);
    expect(await rowVersions(test_db.database.db)).toEqual(before);

    await store.sources.recordFailure('b', 'the server answered HTTP 500');
    await store.sources.recordFailure('b', 'the server answered HTTP 502');
    expect(await store.sources.get('b')).toMatchObject({ health: 'unhealthy', last_error: 'the server answered HTTP 502', failure_count: 2 });
    expect(await store.sources.recordUnchanged((await store.sources.get('b'))!, { etag: '"e"' })).toBe(true);
    expect(await store.sources.get('b')).toMatchObject({ health: 'healthy', last_error: null, failure_count: 0 });
  });

  test('a transaction that fails leaves nothing behind', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.items.insertNew([item('https://news.example/rolled-back', 'a')]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.items.get(itemIdFor('https://news.example/rolled-back'))).toBeUndefined();
  });
});

describe('PostgreSQL specifics', () => {
  test('workers starting at once migrate once (advisory lock)', async () => {
    const url = await createPostgresDatabase();
    const [one, two] = await Promise.all([openDatabase({ url }), openDatabase({ url })]);
    try {
      const results = await Promise.all([migrate(one), migrate(two)]);
      expect(results.flat().sort()).toEqual(listMigrations().map((m) => m.name));
    } finally {
      await one.close();
      await two.close();
      await dropPostgresDatabase(url);
    }
  });

  test('the store describes itself without the password', () => {
    expect(redactUrl('postgres://kaiku:s3cret@db.internal:5432/kaiku')).toBe('postgres://kaiku:***@db.internal:5432/kaiku');
  });
});

describe('PGlite specifics', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaiku-pglite-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('data persists in its directory across opens', async () => {
    const first = await openDatabase({ dataDir: join(dir, 'db') });
    await migrate(first);
    await createStore(first.db).items.insertNew([]);
    await sql`insert into sources (id, kind, name, url) values ('s', 'feed', 's', 'https://s.example')`.execute(first.db);
    await first.close();
    const second = await openDatabase({ dataDir: join(dir, 'db') });
    expect(await createStore(second.db).sources.get('s')).toMatchObject({ id: 's' });
    await second.close();
  });

  test('a second process on the same directory is refused; a lock left by a dead process is taken over', async () => {
    writeFileSync(join(dir, 'other.kaiku-lock'), String(process.ppid));
    await expect(openDatabase({ dataDir: join(dir, 'other') })).rejects.toThrow(/in use by another kaiku process \(pid \d+\).*DATABASE_URL/);
    writeFileSync(join(dir, 'other.kaiku-lock'), '999999');
    const taken = await openDatabase({ dataDir: join(dir, 'other') });
    await taken.close();
  });
});
