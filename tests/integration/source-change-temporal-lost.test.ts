import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { FormClient, signInAsAdmin, sinkMailsTo } from '../helpers/form-client.js';
import { startFreezableTemporal, type FreezableTemporal } from '../helpers/freezable-temporal.js';
import { pollScheduleId } from '../../integrations/temporal/schedules.js';
import { SCHEDULES_BEHIND } from '../../server/routes/admin-sources.js';

// Temporal stops answering (SIGSTOP) after the console's check that it answers and before the poll Schedules
// follow a stored change: placed there, not by chance, by holding the source's row locked in PostgreSQL while the
// edit waits for it. The communicator is told the change is kept and polling follows (not a 500), the store holds
// the change and its trail row, and once Temporal answers again the Schedule follows it without a restart.

const ADA = 'ada@testcity.example';
const HOUR = 3_600_000;
let temporal: FreezableTemporal;
let sink: MailSink;
let harness: Harness;
const freeze = () => temporal.freeze();
const thaw = () => temporal?.thaw();

beforeAll(async () => {
  temporal = await startFreezableTemporal('kaiku-schedules-behind');
  sink = await startMailSink({ keepRaw: true });
  harness = await startHarness({
    database: 'postgres',
    smtpUrl: sink.url,
    temporalAddress: temporal.address,
    configInput: testConfigInput([], { fetch: { enrich: false } }),
  });
}, 180_000);

afterAll(async () => {
  thaw();
  await harness?.close();
  await temporal?.stop();
  await sink?.close();
});

test('Temporal lost between the check and the Schedule: the edit is kept and said so, and the Schedule follows once Temporal answers', async () => {
  const ada = FormClient.forApp(harness.app);
  await signInAsAdmin(ada, sinkMailsTo(sink), ADA);
  const added = await ada.submit(await ada.get('/admin/sources/new'), {
    action: '/admin/sources/new',
    fields: { id: 'blog', kind: 'feed', url: 'https://blog.testcity.example/feed.xml', pollEvery: '2 hours', intent: 'save' },
  });
  expect(added.status).toBe(303);
  const schedule = harness.client.schedule.getHandle(pollScheduleId(harness.taskQueue, 'blog'));
  expect(Number((await schedule.describe()).spec.intervals?.[0]?.every)).toBe(2 * HOUR);

  // The edit passes kaiku's check that Temporal answers, then waits for the row the test holds.
  const lock = new pg.Client({ connectionString: harness.db.url });
  await lock.connect();
  await lock.query('BEGIN');
  await lock.query("SELECT id FROM sources WHERE id = 'blog' FOR UPDATE");
  const page = await ada.get('/admin/sources/blog');
  const answer = ada.submit(page, { action: '/admin/sources/blog/edit', fields: { pollEvery: '30 minutes', intent: 'save' } });
  const database = new URL(harness.db.url!).pathname.slice(1);
  await waitFor('the edit to wait for the locked row', async () => {
    // Any waiter but the poll's record of its failed fetch, which may queue on the same row; the console's waiter
    // can still show its previous query in pg_stat_activity, so it is told apart by what it is not.
    const { rows } = await lock.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'
         AND query NOT LIKE 'update "sources" set "health"%' AND query NOT LIKE 'update "sources" set "fetch_state"%'`,
      [database],
    );
    return (rows[0] as { n: number }).n > 0;
  });
  freeze();
  await lock.query('COMMIT');
  await lock.end();

  const response = await answer;
  expect(response.status).toBe(303);
  const landed = await ada.get(response.headers.get('location')!);
  expect(landed.$('#schedules-behind').text().trim()).toBe(SCHEDULES_BEHIND);
  expect(landed.$('.notice.ok').text()).toContain('Saved.');
  const row = await harness.store.sources.get('blog');
  expect(row!.settings).toMatchObject({ settings: { pollEveryMs: 30 * 60_000 } });
  const trail = await harness.db.database.db.selectFrom('audit_trail').selectAll().where('entity_id', '=', 'blog').where('action', '=', 'edited').execute();
  expect(trail).toHaveLength(1);
  expect(trail[0]).toMatchObject({ actor: ADA, entity: 'source', before: { pollEvery: '2 hours' }, after: { pollEvery: '30 minutes' } });

  // Temporal answers again: the console's retry brings the Schedule in line, with no restart of anything.
  thaw();
  await waitFor('the Schedule to follow the edit', async () => Number((await schedule.describe()).spec.intervals?.[0]?.every) === 30 * 60_000, 500);
}, 120_000);
