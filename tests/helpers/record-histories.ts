/**
 * Records workflow histories from real runs on the Temporal dev server into
 * tests/fixtures/histories/, for the replay test to check that workflow code stays deterministic.
 *
 *   npm run histories:record           # records the histories that are missing
 *   npm run histories:record -- --all  # records every one again
 *
 * Re-record only on purpose: a history that stops replaying means a change that would break
 * workflows already running in production, which needs patching (`patched()`), not re-recording.
 * So by default the histories already recorded (by older code) are kept, and only new ones are written.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
import { advocatesImport, digestPreview } from '../../workflows/digest-commands.js';
import { dailyNudges, pointsTally, rewardsClose } from '../../workflows/engagement.js';
import { onboardingEnrol, onboardingRound } from '../../workflows/onboarding.js';
import { retentionRound } from '../../workflows/retention.js';
import { suggestLink } from '../../workflows/suggest-link.js';
import { signInLink } from '../../workflows/sign-in-link.js';
import { urgentSend } from '../../workflows/urgent-send.js';
import { FeedServer } from './feed-server.js';
import { entries, rss2 } from './feeds.js';
import { FIXTURES } from './fixtures.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const cli = await ensureTemporalCli();
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } });
// The server is a child of this process: tear it down even when recording fails.
try {
  const feeds = await FeedServer.start();
  // The suggested page stands on a loopback alias this worker treats as the public internet (as in the suggestions test).
  const pages = await FeedServer.start('127.0.0.2');
  pages.route('/story', (_req, res) =>
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end('<html><head><title>A story</title><meta property="og:title" content="A suggested story"></head><body>…</body></html>'),
  );
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
    suggestionAddressPolicy: (address) => address === '127.0.0.2',
  });
  const all = process.argv.includes('--all');

  const directory = `${FIXTURES}histories`;
  mkdirSync(directory, { recursive: true });
  await worker.runUntil(async () => {
    // The CLI writes the JSON that `temporal workflow show` users know and historyFromJSON reads.
    const save = async (name: string, workflowId: string) => {
      if (!all && existsSync(`${directory}/${name}.json`)) return void process.stdout.write(`kept ${name} (recorded before)\n`);
      const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowId, '--address', env.address, '--output', 'json'], { encoding: 'utf8' });
      writeFileSync(`${directory}/${name}.json`, json);
      process.stdout.write(`recorded ${name} (${(JSON.parse(json) as { events: unknown[] }).events.length} events)\n`);
    };
    const run = (workflowId: string, sourceId: string) => env.client.workflow.execute(pollSource, { taskQueue: 'recording', workflowId, args: [{ sourceId }] });
    // The broken source first: its poll tries three times (about 15 s), longer than the news items' 6 s to expiry.
    await run('poll-broken', 'broken');
    await save('poll-source-unhealthy', 'poll-broken');
    await run('poll-news-changed', 'news');
    await save('poll-source-changed', 'poll-news-changed');
    await run('poll-news-not-modified', 'news');
    await save('poll-source-not-modified', 'poll-news-not-modified');
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

    // The CLI's workflows: a roster imported through the worker, and a digest previewed.
    await env.client.workflow.execute(advocatesImport, {
      taskQueue: 'recording',
      workflowId: 'advocates-import',
      args: [
        {
          advocates: [
            {
              email: 'second@example.org',
              name: 'Second',
              language: 'fi',
              timeZone: 'Europe/Helsinki',
              branch: null,
              topics: [],
              networks: ['linkedin'],
              mastodonInstance: null,
            },
          ],
        },
      ],
    });
    await save('advocates-import', 'advocates-import');
    await env.client.workflow.execute(digestPreview, { taskQueue: 'recording', workflowId: 'digest-preview', args: [{ email: 'second@example.org' }] });
    await save('digest-preview', 'digest-preview');
    // Engagement: a share paid into the ledger, the month closed, the daily round.
    const advocate = (await store.advocates.byEmail('advocate@example.org'))!;
    await store.digests.recordLinkEvents([{ kind: 'share', advocateId: String(advocate.id), itemId: decided, network: 'x', bot: false }]);
    await env.client.workflow.execute(pointsTally, { taskQueue: 'recording', workflowId: 'points-tally' });
    await save('points-tally', 'points-tally');
    const month = new Date().toISOString().slice(0, 7);
    await env.client.workflow.execute(rewardsClose, { taskQueue: 'recording', workflowId: 'rewards-close', args: [{ month }] });
    await save('rewards-close', 'rewards-close');
    await env.client.workflow.execute(dailyNudges, { taskQueue: 'recording', workflowId: 'daily-nudges', args: [{}] });
    await save('daily-nudges', 'daily-nudges');
    // An advocate's suggestion, read and stored as an item; an admin's sign-in link, mailed.
    const suggestion = await store.engagement.suggest({ key: 'recording', advocateId: String(advocate.id), url: pages.url('/story'), via: 'form' });
    await env.client.workflow.execute(suggestLink, { taskQueue: 'recording', workflowId: 'suggest-link', args: [{ suggestionId: suggestion.id }] });
    await save('suggest-link', 'suggest-link');
    await store.sessions.createLoginNonce('recording-nonce', 'a@example.org');
    await env.client.workflow.execute(signInLink, {
      taskQueue: 'recording',
      workflowId: 'sign-in-link',
      args: [{ email: 'a@example.org', nonce: 'recording-nonce', expiresAt: Date.now() + 15 * 60_000 }],
    });
    await save('sign-in-link', 'sign-in-link');
    // Onboarding: an advocate on the roster enrolled by an admin (and one address that is not), then the day's round.
    await env.client.workflow.execute(onboardingEnrol, {
      taskQueue: 'recording',
      workflowId: 'onboarding-enrol',
      args: [{ emails: ['second@example.org', 'nobody@example.org'] }],
    });
    await save('onboarding-enrol', 'onboarding-enrol');
    await env.client.workflow.execute(onboardingRound, { taskQueue: 'recording', workflowId: 'onboarding-round', args: [{}] });
    await save('onboarding-round', 'onboarding-round');
    // Retention: the share tallied above, aged past privacy.retention (the round's `at` 14 months on), folded and deleted.
    const later = new Date(Date.now() + 14 * 31 * 24 * 3_600_000).toISOString();
    await env.client.workflow.execute(retentionRound, { taskQueue: 'recording', workflowId: 'retention-round', args: [{ at: later }] });
    await save('retention-round', 'retention-round');
    // Urgent: the approved item sent now to every advocate, as the console's Send now does (the send recorded first).
    await store.urgent.create({ id: '0123456789abcdef', itemId: decided, actor: 'a@example.org', segment: { kind: 'all', values: [] } });
    await env.client.workflow.execute(urgentSend, {
      taskQueue: 'recording',
      workflowId: 'urgent-send',
      args: [{ sendId: '0123456789abcdef', itemId: decided, segment: { kind: 'all', values: [] } }],
    });
    await save('urgent-send', 'urgent-send');
  });
  await close();
  await database.close();
  await feeds.close();
  await pages.close();
} finally {
  await env.teardown();
}
