import { afterAll, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, testConfig, testConfigInput } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed } from '../helpers/worker-bed.js';
import { startMailSink } from '../helpers/mail.js';
import { startFakeSlack } from '../helpers/fake-slack.js';
import { createStore } from '../../db/store.js';
import { createApp } from '../../server/app.js';
import { startHttpServer } from '../../server/http-server.js';
import { createSlackApp } from '../../integrations/slack/bolt-app.js';
import { ACTIONS } from '../../integrations/slack/approval-card.js';
import { Secret } from '../../rules/tokens/secret.js';

// A kaiku worker SIGKILLed after an approver clicked Approve in Slack and before the card was updated:
// the restarted worker finds the decision standing and updates the card, once.

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

test('a worker killed between the click and the card update: the decision stands, the card is updated once', async () => {
  const feeds = await FeedServer.start();
  cleanups.push(() => feeds.close());
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news'), { language: 'fi' }));
  const sink = await startMailSink();
  cleanups.push(() => sink.close());
  const slack = await startFakeSlack();
  cleanups.push(() => slack.close());
  const bed = await startWorkerBed('slack-crash');
  cleanups.push(() => bed.close());
  const { database, taskQueue, client } = bed;
  const configInput = testConfigInput(
    [{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: ['ada@testcity.example'] }],
    { temporal: { taskQueue }, fetch: { enrich: false }, slack: { channel: 'C0APPROVE1' } },
  );
  (configInput.admins as Record<string, string>[])[0]!.slackUserId = 'U0ADA00001';
  const start = bed.workers(configInput, {
    SMTP_URL: sink.url,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
  });

  // The HTTP side in this process, on the same store and Temporal namespace, as `kaiku serve` would be.
  const { config } = await testConfig(configInput);
  const store = createStore(database.db);
  const { receiver } = createSlackApp({
    settings: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
    config,
    store,
    client: client,
    log: quietLog,
  });
  const app = createApp({ store, database, config, client: client, secret: new Secret('s'.repeat(40)), slack: receiver, demo: false, log: quietLog });
  const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });
  cleanups.push(() => server.close());

  const first = start();
  await first.waitForOutput(/Slack is on/);
  const card = await waitUntil('the card posted', async () => slack.cards()[0]);
  const item = (await store.items.listByState('pending', 10))[0]!;

  // Slack holds the card update unanswered; the worker dies while it waits.
  slack.fail('chat.update', { hold: true });
  expect((await slack.click(card, ACTIONS.approve, { id: 'U0ADA00001', name: 'ada' }).send(`${server.url}/slack/events`)).status).toBe(200);
  await waitUntil('the decision recorded', async () => (await store.items.get(item.id))?.state === 'approved');
  await waitUntil('the card update under way', async () => slack.calls('chat.update').length === 1);
  await first.kill();
  expect(slack.dropHeld()).toBe(1);
  expect(card.updates).toHaveLength(0);

  const second = start();
  await waitUntil('the card updated by the restarted worker', async () => card.updates.length > 0);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(card.updates).toHaveLength(1);
  expect(card.blocks.some((block: any) => block.type === 'actions')).toBe(false);
  expect(JSON.stringify(card.blocks)).toContain('Approved by <@U0ADA00001>');
  const decided = (await store.items.get(item.id))!;
  expect(decided.state).toBe('approved');
  expect(decided.decided_via).toBe('slack');
  const trail = (await store.approvals.trails([item.id])).get(item.id) ?? [];
  expect(trail.filter((event) => event.kind === 'approved')).toHaveLength(1);
  expect((await store.slack.messages(item.id, 'card'))[0]!.outcome).toBe('approved');
  await second.stop();
}, 240_000);
