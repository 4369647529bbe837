import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitFor } from '../helpers/mail.js';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.js';
import { installTracing, WORKFLOW_TRACING_MODULE } from '../../integrations/telemetry/tracing.js';
import { bundleWorkflows } from '../../integrations/temporal/workflow-bundle.js';
import { startHttpServer, type RunningServer } from '../../server/http-server.js';
import { createLogger } from '../../config/logger.js';
import { ACTIONS } from '../../integrations/slack/approval-card.js';

// Tracing on, as OTEL_* variables would turn it on, with the SDK's in-memory exporter as the collector:
// a click on a Slack card is one trace from the HTTP request through the `decide` Update and the workflow
// to the activities that record the decision, and the log lines written inside it carry its trace id.

const exporter = new InMemorySpanExporter();
installTracing({ spanProcessor: new SimpleSpanProcessor(exporter) });

const ADA = { email: 'ada@testcity.example', slack: { id: 'U0ADA00001', name: 'ada' } };
const lines: Record<string, unknown>[] = [];
const log = createLogger({
  level: 'info',
  format: 'json',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  }),
});
let dir: string;
let feeds: FeedServer;
let slack: FakeSlack;
let harness: Harness;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiku-tracing-'));
  const bundle = await bundleWorkflows(undefined, [WORKFLOW_TRACING_MODULE]);
  writeFileSync(join(dir, 'workflows.js'), bundle.code);
  feeds = await FeedServer.start();
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news')));
  slack = await startFakeSlack();
  const configInput = testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA.email] }], {
    fetch: { enrich: false },
    slack: { channel: 'C0APPROVE1' },
  });
  (configInput.admins as Record<string, string>[])[0]!.slackUserId = ADA.slack.id;
  harness = await startHarness({
    configInput,
    log,
    workflowBundle: { codePath: join(dir, 'workflows.js') },
    slack: { token: slack.token, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl },
  });
  server = await startHttpServer(harness.app, { host: '127.0.0.1', port: 0 });
  await harness.poll('news');
  await harness.approvalsRequested();
  // The card is in Slack before its row is in the store: wait for both.
  const [pending] = await harness.store.items.listByState('pending', 1);
  await waitFor(
    'the card, posted and recorded',
    async () => slack.cards().length === 1 && (await harness.store.slack.messages(pending!.id, 'card')).length > 0,
  );
}, 240_000);

afterAll(async () => {
  await server?.close();
  await harness?.close();
  await slack?.close();
  await feeds?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a Slack click → the decide Update → the workflow → recordDecision is one trace, and its log lines carry the trace id', async () => {
  const [item] = await harness.store.items.listByState('pending', 1);
  const [card] = await harness.store.slack.messages(item!.id, 'card');
  const message = slack.cards().find((m) => m.channel === card!.channel && m.ts === card!.ts)!;
  exporter.reset();
  expect((await slack.click(message, ACTIONS.approve, ADA.slack).send(`${server.url}/slack/events`)).status).toBe(200);
  await waitFor('the decision recorded', async () => (await harness.store.items.get(item!.id))!.state === 'approved');

  const names = ['POST /slack/events', 'StartWorkflowUpdate:decide', 'HandleUpdate:decide', 'StartActivity:recordDecision', 'RunActivity:recordDecision'];
  // Spans are exported as they end: the Update's last, once the decision is recorded.
  const spans = await waitFor('every span of the chain', async () => {
    const done = exporter.getFinishedSpans();
    return names.every((name) => done.some((span) => span.name === name)) ? done : undefined;
  }).catch((error: Error) => {
    throw new Error(
      `${error.message}; finished: ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(', ')}`,
    );
  });
  const named = (name: string): ReadableSpan => {
    const found = spans.find((span) => span.name === name);
    expect(found, `a span named ${name} among ${spans.map((s) => s.name).join(', ')}`).toBeDefined();
    return found!;
  };
  const request = named('POST /slack/events');
  const chain = ['StartWorkflowUpdate:decide', 'HandleUpdate:decide', 'StartActivity:recordDecision', 'RunActivity:recordDecision'].map(named);
  const traceId = request.spanContext().traceId;
  for (const span of chain) expect(span.spanContext().traceId, span.name).toBe(traceId);
  // each step is a child of the one before (the workflow's spans come out of the sandbox through a sink)
  const [update, handle, start, run] = chain;
  expect(update!.parentSpanId).toBe(request.spanContext().spanId);
  expect(handle!.parentSpanId).toBe(update!.spanContext().spanId);
  expect(run!.parentSpanId).toBe(start!.spanContext().spanId);
  expect(spans.filter((span) => span.spanContext().traceId === traceId).length).toBeGreaterThanOrEqual(6);

  // kaiku's own log line from the Slack listener and from the activity that recorded the decision
  const traced = lines.filter((line) => line.trace_id === traceId).map((line) => line.msg);
  expect(traced).toContain('decision taken in Slack');
  expect(lines.filter((line) => line.trace_id === traceId && line.itemId === item!.id).length).toBeGreaterThan(0);
}, 120_000);
