import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStore, type Store } from '../../db/store.js';
import { buildSourceSchema, type ConfiguredSource } from '../../config/schema.js';
import { createSourceRegistry } from '../../activities/sources/registry.js';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../helpers/databases.js';

// Console sources in the store on embedded PGlite and on real PostgreSQL: one list of the programme's sources
// (kaiku.yaml's first, then the console's active ones, the file winning an id both name), an id taken refused, a
// worker start's sync leaving console rows alone, and a removed console source keeping its row for its items.

const entry = (values: Record<string, unknown>): ConfiguredSource => buildSourceSchema(createSourceRegistry()).parse({ kind: 'feed', ...values });

describe.each(DATABASE_KINDS)('console sources on %s', (kind) => {
  let testDb: TestDatabase;
  let store: Store;

  beforeAll(async () => {
    testDb = await openTestDatabase(kind);
    store = createStore(testDb.database.db);
  });
  afterAll(async () => testDb?.drop());

  test('inEffect lists kaiku.yaml’s sources and the console’s active ones; the file wins an id both name', async () => {
    const yaml = [entry({ id: 'news', url: 'https://city.example/news.xml', topics: ['city'] })];
    await store.sources.sync(yaml);
    expect(await store.sources.addConsole(entry({ id: 'blog', url: 'https://city.example/blog.xml', topics: ['work life'] }))).toMatchObject({
      origin: 'console',
    });
    expect(await store.sources.addConsole(entry({ id: 'news', url: 'https://elsewhere.example/feed.xml' }))).toBeUndefined();
    expect((await store.sources.inEffect(yaml)).map((s) => [s.settings.id, s.origin, s.settings.topics])).toEqual([
      ['news', 'config', ['city']],
      ['blog', 'console', ['work life']],
    ]);

    // A start whose kaiku.yaml no longer names "news": the file's row goes inactive, the console's stays.
    const sync = await store.sources.sync([]);
    expect(sync.removed).toEqual(['news']);
    expect(await store.sources.get('blog')).toMatchObject({ active: true, origin: 'console' });
    expect((await store.sources.inEffect([])).map((s) => s.settings.id)).toEqual(['blog']);

    // kaiku.yaml later names "blog" too: the file takes the row over.
    const fromFile = [entry({ id: 'blog', url: 'https://city.example/blog.xml', topics: ['from file'] })];
    await store.sources.sync(fromFile);
    expect(await store.sources.get('blog')).toMatchObject({ origin: 'config', active: true });
    expect((await store.sources.inEffect(fromFile)).map((s) => [s.settings.id, s.origin])).toEqual([['blog', 'config']]);
  });

  test('an edit to a new URL forgets the validators; a removed console source is no longer in effect, its row stays', async () => {
    await store.sources.addConsole(entry({ id: 'jobs', url: 'https://city.example/jobs.xml' }));
    await store.sources.recordChange('jobs', { fetchState: { etag: '"abc"' }, contentHash: 'h1' });
    expect(await store.sources.editConsole('jobs', entry({ id: 'jobs', url: 'https://city.example/jobs.xml', topics: ['jobs'] }))).toEqual({ moved: false });
    expect(await store.sources.get('jobs')).toMatchObject({ content_hash: 'h1', topics: ['jobs'] });
    expect(await store.sources.editConsole('jobs', entry({ id: 'jobs', url: 'https://city.example/careers.xml' }))).toEqual({ moved: true });
    expect(await store.sources.get('jobs')).toMatchObject({ content_hash: null, fetch_state: {}, health: 'pending', url: 'https://city.example/careers.xml' });
    await store.sources.removeConsole('jobs');
    const removed = (await store.sources.get('jobs'))!;
    expect(removed.active).toBe(false);
    expect(removed.removed_at).toBeInstanceOf(Date);
    expect((await store.sources.inEffect([])).map((s) => s.settings.id)).not.toContain('jobs');
    await expect(store.sources.editConsole('jobs', entry({ id: 'jobs', url: 'https://city.example/jobs.xml' }))).rejects.toThrow(
      /not an active console source/,
    );
  });
});
