/**
 * Records workflow histories from real runs on the Temporal dev server into
 * tests/fixtures/histories/, for the replay test to check that workflow code stays deterministic.
 *
 *   npm run histories:record
 *
 * Re-record only on purpose: a history that stops replaying means a change that would break
 * workflows already running in production, which needs patching (`patched()`), not re-recording.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import pino from 'pino';
import { ensureTemporalCli } from '../../integrations/temporal/cli-binary.js';
import { openDatabase } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { createStandaloneWorker } from './standalone-worker.js';
import { pollSource } from '../../workflows/poll-source.js';
import { dispatcherWorkflowId } from '../../workflows/dispatch-approvals.js';
import { decideUpdate } from '../../workflows/approve-item.js';
import { sendDigests } from '../../workflows/send-digests.js';
import { FeedServer } from './feed-server.js';
import { entries, rss2 } from './feeds.js';
import { FIXTURES } from './fixtures.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const cli = await ensureTemporalCli();
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } });
// The server is a child of this process: tear it down even when recording fails.
try {
  const feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'))).route('/broken.xml', (_req, res) => res.writeHead(500).end());
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrate(database);
  const { store, worker, close } = await createStandaloneWorker({
    configInput: {
      program: { name: 'Recording' },
      admins: [
        { name: 'A', email: 'a@example.org' },
        { name: 'B', email: 'b@example.org' },
      ],
      approval: { remindAfter: '2 seconds', escalateAfter: '4 seconds', expireAfter: '6 seconds', backupApprovers: ['b@example.org'] },
      sources: [
        { id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: ['a@example.org'] },
        { id: 'broken', kind: 'feed', url: feeds.url('/broken.xml'), allowPrivateAddresses: true },
      ],
    },
    database,
    client: env.client,
    connection: env.nativeConnection,
    taskQueue: 'recording',
    log: pino({ level: 'warn' }),
  });

  const directory = `${FIXTURES}histories`;
  mkdirSync(directory, { recursive: true });
  await worker.runUntil(async () => {
    // The CLI writes the JSON that `temporal workflow show` users know and historyFromJSON reads.
    const save = async (name: string, workflowId: string) => {
      const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--output', 'json'], { encoding: 'utf8' });
      writeFileSync(`${directory}/${name}.json`, json);
      process.stdout.write(`recorded ${name} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)\n`);
    };
    const run = (workflowId: string, sourceId: string) => env.client.workflow.execute(pollSource, { taskQueue: 'recording', workflowId, args: [{ sourceId }] });
    await run('poll-news-changed', 'news');
    await save('poll-source-changed', 'poll-news-changed');
    await run('poll-news-not-modified', 'news');
    await save('poll-source-not-modified', 'poll-news-not-modified');
    await run('poll-broken', 'broken');
    await save('poll-source-unhealthy', 'poll-broken');
    while ((await store.items.countAwaitingApprovalStart()) > 0) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    await save('dispatch-approvals-waiting', dispatcherWorkflowId('recording'));
    const [waiting, decided, expired] = (await store.items.listByState('pending')).map((item) => item.id) as [string, string, string];
    const requested = async (id: string) => {
      while (!(await store.approvals.eventByKey(`${id}:a@example.org:request`))) await new Promise((r) => setTimeout(r, 100));
    };
    await requested(waiting);
    await save('approve-item-waiting', waiting);
    await requested(decided);
    await env.client.workflow
      .getHandle(decided)
      .executeUpdate(decideUpdate, { args: [{ decision: 'approve', actor: 'a@example.org', channel: 'link', captions: { all: 'Recorded caption' } }] });
    await env.client.workflow.getHandle(decided).result();
    await save('approve-item-decided', decided);
    // a digest tick: one advocate, the approved item, planned and sent in one batch
    await store.advocates.upsert([
      {
        email: 'advocate@example.org',
        name: 'Advocate',
        language: 'en',
        timeZone: 'Europe/Helsinki',
        branch: null,
        topics: [],
        networks: ['x'],
        mastodonInstance: null,
      },
    ]);
    await env.client.workflow.execute(sendDigests, { taskQueue: 'recording', workflowId: 'digest-now', args: [{ force: true }] });
    await save('send-digests-sent', 'digest-now');
    // the third is left alone: reminded at 2 s, escalated to B at 4 s, expired at 6 s
    await env.client.workflow.getHandle(expired).result();
    await save('approve-item-expired', expired);
  });
  await close();
  await database.close();
  await feeds.close();
} finally {
  await env.teardown();
}
