import { afterAll, beforeAll, expect, test } from 'vitest';
import { ScheduleNotFoundError } from '@temporalio/client';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfig, testConfigInput, type Harness } from '../helpers/harness.js';
import { applySources } from '../../worker.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';

let feeds: FeedServer;
let harness: Harness;
const source = (id: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'feed', url: feeds.url(`/${id}.xml`), allowPrivateAddresses: true, ...extra });

beforeAll(async () => {
  feeds = await FeedServer.start();
  for (const id of ['alpha', 'beta', 'gamma']) feeds.feed(`/${id}.xml`, rss2(id, entries(`${feeds.origin}/${id}`, 3, id)));
  harness = await startHarness({ configInput: testConfigInput([source('alpha'), source('beta', { pollEvery: '1 hour' })]) });
});

afterAll(async () => {
  for (const id of ['alpha', 'beta', 'gamma'])
    await harness.client.schedule
      .getHandle(pollScheduleId(harness.taskQueue, id))
      .delete()
      .catch(() => undefined);
  await harness?.close();
  await feeds?.close();
});

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

test('a Schedule per source polls it at once and then at its interval; its items arrive', async () => {
  const result = await applySources({ config: harness.config, store: harness.store, client: harness.client, log: quietLog, taskQueue: harness.taskQueue });
  expect(result.created.sort()).toEqual([pollScheduleId(harness.taskQueue, 'alpha'), pollScheduleId(harness.taskQueue, 'beta')]);

  const alpha = await harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, 'alpha')).describe();
  expect(alpha.spec.intervals?.[0]?.every).toBe(15 * 60_000);
  expect(alpha.action).toMatchObject({ workflowType: 'pollSource', taskQueue: harness.taskQueue, args: [{ sourceId: 'alpha' }] });
  expect(alpha.policies.overlap).toBe('SKIP');

  // triggerImmediately: both sources' items arrive without waiting 15 minutes
  await waitFor('both sources to be polled by their schedules', async () => {
    const items = await harness.store.items.listByState('pending');
    return items.length === 6 ? items : undefined;
  });
});

test('at the next start, a changed source is updated, a removed one deleted, a new one created, a disabled one paused', async () => {
  const { config: next } = await testConfig(
    testConfigInput([source('alpha', { pollEvery: '5 minutes' }), source('gamma'), source('beta', { pollEvery: '1 hour', enabled: false })]),
  );
  await harness.store.sources.sync(next.sources);
  const again = await applySources({ config: { ...next }, store: harness.store, client: harness.client, log: quietLog, taskQueue: harness.taskQueue });
  expect(again.created).toEqual([pollScheduleId(harness.taskQueue, 'gamma')]);
  expect(again.updated.sort()).toEqual([pollScheduleId(harness.taskQueue, 'alpha'), pollScheduleId(harness.taskQueue, 'beta')]);
  const alpha = await harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, 'alpha')).describe();
  expect(alpha.spec.intervals?.[0]?.every).toBe(5 * 60_000);
  const beta = await harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, 'beta')).describe();
  expect(beta.state.paused).toBe(true);

  const { config: fewer } = await testConfig(testConfigInput([source('alpha', { pollEvery: '5 minutes' }), source('gamma')]));
  const removed = await applySources({ config: fewer, store: harness.store, client: harness.client, log: quietLog, taskQueue: harness.taskQueue });
  expect(removed.deleted).toEqual([pollScheduleId(harness.taskQueue, 'beta')]);
  await expect(harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, 'beta')).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
  expect(await harness.store.sources.get('beta')).toMatchObject({ active: false });
  // beta's items stay in the store: removing a source forgets no content
  expect((await harness.store.items.listByState('pending')).filter((item) => item.source_id === 'beta')).toHaveLength(3);

  const unchanged = await applySources({ config: fewer, store: harness.store, client: harness.client, log: quietLog, taskQueue: harness.taskQueue });
  expect(unchanged).toEqual({
    created: [],
    updated: [],
    deleted: [],
    unchanged: [pollScheduleId(harness.taskQueue, 'alpha'), pollScheduleId(harness.taskQueue, 'gamma')],
  });
});

test('a source whose URL changes is polled at once from its new address', async () => {
  feeds.feed('/alpha-moved.xml', rss2('alpha moved', entries(`${feeds.origin}/alpha-moved`, 2, 'moved')));
  const { config: moved } = await testConfig(
    testConfigInput([{ ...source('alpha', { pollEvery: '5 minutes' }), url: feeds.url('/alpha-moved.xml') }, source('gamma')]),
  );
  const result = await applySources({ config: moved, store: harness.store, client: harness.client, log: quietLog, taskQueue: harness.taskQueue });
  expect(result.updated).toEqual([]); // the Schedule itself is the same: same source id, same interval
  await waitFor('the moved source to be polled now', async () => {
    const items = await harness.store.items.listByState('pending', 1000);
    return items.filter((item) => item.url.startsWith(`${feeds.origin}/alpha-moved/`)).length === 2 ? true : undefined;
  });
  expect(feeds.hits('/alpha-moved.xml')).toBe(1);
});
