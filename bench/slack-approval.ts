/**
 * bench/slack-approval: 500 approval clicks sent as signed Slack requests to kaiku's running HTTP server
 * (embedded stack: the Temporal dev server, PGlite, the worker and the server in this process, a fake
 * Slack Web API on loopback), next to 500 approvals through the email link on the same server. Prints
 * p50/p95/p99 from the request to the decision recorded in the store, and to the card's chat.update
 * reaching Slack (an email-link decision updates the Slack card too).
 *
 * Clicks arrive at a steady BENCH_RATE per second (open loop, as people click, not as fast as the server
 * answers): latency is measured under a stated load. The dev server handles a few dozen workflow
 * decisions a second on two cores, so a rate beyond that measures its queue, not kaiku.
 *
 *   npm run bench:slack
 *   BENCH_CLICKS=200 BENCH_RATE=20 npm run bench:slack
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ensureTemporalCli } from '../integrations/temporal/cli-binary.js';
import { bundleWorkflows } from '../integrations/temporal/workflow-bundle.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createStandaloneWorker } from '../tests/helpers/standalone-worker.js';
import { startFakeSlack, type FakeMessage } from '../tests/helpers/fake-slack.js';
import { entries, rss2 } from '../tests/helpers/feeds.js';
import { FeedServer } from '../tests/helpers/feed-server.js';
import { createApp } from '../server/app.js';
import { startHttpServer } from '../server/http-server.js';
import { createSlackApp } from '../integrations/slack/bolt-app.js';
import { ACTIONS } from '../integrations/slack/approval-card.js';
import { approvalLinkUrl, approvalToken } from '../rules/approvals/addresses.js';
import { pollSource } from '../workflows/poll-source.js';

const CLICKS = Number(process.env.BENCH_CLICKS ?? 500);
const RATE = Number(process.env.BENCH_RATE ?? 10);
const ADA = { email: 'ada@bench.example', slack: { id: 'U0ADA00001', name: 'ada' } };
const log = (line: string) => process.stdout.write(`${line}\n`);

Runtime.install({ logger: new DefaultLogger('WARN') });
const quiet = pino({ level: 'warn' });
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: await ensureTemporalCli() }, ip: '127.0.0.1' } });
const work = mkdtempSync(join(tmpdir(), 'kaiku-bench-slack-'));
const database = await openDatabase({ dataDir: join(work, 'pglite') });
await migrate(database);
const feeds = await FeedServer.start();
feeds.feed('/slack.xml', rss2('Slack items', entries(`${feeds.origin}/s`, CLICKS, 'slack')));
feeds.feed('/email.xml', rss2('Email items', entries(`${feeds.origin}/e`, CLICKS, 'email')));
const slack = await startFakeSlack();
const settings = { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl };
const taskQueue = `bench-slack-${Date.now()}`;
const configInput = {
  program: { name: 'Bench City advocates', hashtags: ['#BenchCity'], defaultLanguage: 'fi' },
  admins: [{ name: 'Ada', email: ADA.email, slackUserId: ADA.slack.id }],
  sources: ['slack', 'email'].map((id) => ({ id, kind: 'feed', url: feeds.url(`/${id}.xml`), pollEvery: '1 day', allowPrivateAddresses: true })),
  fetch: { enrich: false },
  temporal: { taskQueue },
  slack: { channel: 'C0BENCH001' },
};
const kaiku = await createStandaloneWorker({
  configInput,
  database,
  client: env.client,
  connection: env.nativeConnection,
  taskQueue,
  log: quiet,
  workflowBundle: await bundleWorkflows(quiet),
  slack: settings,
});
const { config, store } = kaiku;
// When each decision is committed to the store: the worker's recordDecision writes it in a transaction
// on this same store object, so the bench notes the moment that transaction commits.
const stored = new Map<string, number>();
const transaction = store.transaction.bind(store);
store.transaction = async (work) => {
  const decided: string[] = [];
  const result = await transaction((tx) => {
    const decide = tx.approvals.decide.bind(tx.approvals);
    tx.approvals.decide = (itemId, decision) => (decided.push(itemId), decide(itemId, decision));
    return work(tx);
  });
  for (const itemId of decided) stored.set(itemId, Date.now());
  return result;
};
const { receiver } = createSlackApp({ settings, config, store, client: env.client, log: quiet });
const app = createApp({ store, database, config, client: env.client, secret: kaiku.secret, slack: receiver, demo: false, log: quiet });
const server = await startHttpServer(app, { host: '127.0.0.1', port: 0 });

const running = kaiku.worker.run();
for (const id of ['slack', 'email'])
  await env.client.workflow.execute(pollSource, { taskQueue, workflowId: `bench-poll-${id}-${taskQueue}`, args: [{ sourceId: id }] });
log(`bench/slack-approval: ${CLICKS} Slack clicks, then ${CLICKS} email-link approvals, ${RATE} per second; waiting for ${2 * CLICKS} cards…`);
for (;;) {
  if (slack.cards().length >= 2 * CLICKS && (await store.slack.messages((await store.items.listByState('pending', 1))[0]!.id, 'card')).length > 0) {
    const rows = await Promise.all((await store.items.listByState('pending', 100_000)).map((item) => store.slack.messages(item.id, 'card')));
    if (rows.every((r) => r.length === 1)) break;
  }
  await new Promise((r) => setTimeout(r, 250));
}
const pending = await store.items.listByState('pending', 100_000);
const cardOf = new Map<string, FakeMessage>();
for (const item of pending) {
  const [row] = await store.slack.messages(item.id, 'card');
  cardOf.set(
    item.id,
    slack.cards().find((m) => m.channel === row!.channel && m.ts === row!.ts)!,
  );
}

type Sample = { itemId: string; sent: number; answered: number };
async function run(items: typeof pending, send: (item: (typeof pending)[number]) => Promise<Response>): Promise<Sample[]> {
  const started = Date.now();
  return Promise.all(
    items.map(async (item, i) => {
      await new Promise((r) => setTimeout(r, started + (i * 1000) / RATE - Date.now()));
      const sent = Date.now();
      const response = await send(item);
      if (response.status !== 200) throw new Error(`${item.id}: ${response.status} ${await response.text()}`);
      return { itemId: item.id, sent, answered: Date.now() };
    }),
  );
}

const slackItems = pending.filter((item) => item.source_id === 'slack');
const emailItems = pending.filter((item) => item.source_id === 'email');
const slackSamples = await run(slackItems, (item) => slack.click(cardOf.get(item.id)!, ACTIONS.approve, ADA.slack).send(`${server.url}/slack/events`));
const emailSamples = await run(emailItems, (item) => {
  const url = approvalLinkUrl(config, approvalToken(kaiku.secret, 'approve', item.id, ADA.email, item.expires_at!)).replace(/^https?:\/\/[^/]+/, server.url);
  return fetch(url, { method: 'POST', body: new URLSearchParams({ decision: 'approve' }) });
});

// Wait for every card to show its decision, then read when each decision was recorded and each card updated.
for (;;) {
  if ([...cardOf.values()].every((card) => card.updates.length > 0)) break;
  await new Promise((r) => setTimeout(r, 250));
}
const trails = await store.approvals.trails(pending.map((item) => item.id));
const latencies = (samples: Sample[]) => ({
  ack: samples.map((s) => s.answered - s.sent),
  taken: samples.map(
    (s) =>
      trails
        .get(s.itemId)!
        .find((e) => e.kind === 'approved')!
        .at.getTime() - s.sent,
  ),
  decided: samples.map((s) => stored.get(s.itemId)! - s.sent),
  card: samples.map((s) => cardOf.get(s.itemId)!.updates[0]!.at - s.sent),
});
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;
const row = (label: string, values: number[]) => log(`${label.padEnd(44)}${[50, 95, 99].map((p) => `${pct(values, p)} ms`.padEnd(10)).join('')}`);
const s = latencies(slackSamples);
const e = latencies(emailSamples);
log('');
log(`${''.padEnd(44)}${'p50'.padEnd(10)}${'p95'.padEnd(10)}p99`);
row('Slack click → HTTP answer (ack)', s.ack);
row('Slack click → decision taken (workflow)', s.taken);
row('Slack click → decision recorded (committed)', s.decided);
row('Slack click → chat.update received', s.card);
row('email link POST → HTTP answer', e.ack);
row('email link POST → decision taken', e.taken);
row('email link POST → decision recorded', e.decided);
row('email link POST → Slack card updated', e.card);
log('');
log(`goal: p95 under 300 ms (Slack click → decision recorded ${pct(s.decided, 95)} ms; → card updated ${pct(s.card, 95)} ms)`);
const updates = [...cardOf.values()].map((card) => card.updates.length);
log(`cards updated exactly once: ${updates.filter((n) => n === 1).length} of ${updates.length}`);

kaiku.worker.shutdown();
await running;
await kaiku.close();
await server.close();
await slack.close();
await feeds.close();
await database.close();
await env.teardown();
rmSync(work, { recursive: true, force: true });
