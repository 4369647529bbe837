import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { waitUntil } from '../helpers/kaiku-process.js';
import { startWorkerBed, type WorkerBed } from '../helpers/worker-bed.js';
import { startMailSink, type MailSink } from '../helpers/mail.js';
import { FormClient } from '../helpers/form-client.js';
import { freePort } from '../helpers/free-port.js';
import { advocate, runDigestTick } from '../helpers/digests.js';
import { issueApprovalToken } from '../../rules/tokens/approval-token.js';
import { clickToken, shareToken } from '../../rules/tokens/link-token.js';

// What an operator scrapes: a `kaiku worker` process's own /metrics (KAIKU_METRICS_ADDRESS) and the Temporal
// SDK's exporter (TEMPORAL_METRICS_ADDRESS), and the HTTP server's /metrics; each value read before and
// after the work that should move it.

const ADA = 'ada@testcity.example';

/** One sample of a Prometheus text page: `name{labels}`, summed over series when labels are left out. */
function sample(page: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of page.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => have[key] === value)) sum += Number(match[3]);
  }
  return sum;
}

const scrape = async (url: string) => {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};

describe('a kaiku worker process', () => {
  let feeds: FeedServer;
  let sink: MailSink;
  let bed: WorkerBed;
  beforeAll(async () => {
    feeds = await FeedServer.start();
    sink = await startMailSink();
    bed = await startWorkerBed('metrics');
  });
  afterAll(async () => {
    await bed?.close();
    await feeds?.close();
    await sink?.close();
  });

  test('serves its own metrics and the Temporal SDK’s, each on its port, and a poll moves both; its first log line says what it is', async () => {
    let releaseFeed!: () => void;
    const held = new Promise<void>((resolve) => (releaseFeed = resolve));
    const body = rss2('News', entries(`${feeds.origin}/news`, 4, 'news'));
    feeds.route('/news.xml', async (_req, res) => {
      await held;
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(body);
    });
    const [kaikuPort, temporalPort] = [await freePort(), await freePort()];
    const start = bed.workers(
      testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), pollEvery: '1 hour', allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
      }),
      { SMTP_URL: sink.url, KAIKU_METRICS_ADDRESS: `127.0.0.1:${kaikuPort}`, TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${temporalPort}` },
    );
    const worker = start();
    await worker.waitForOutput(/kaiku metrics served/);
    await waitUntil('the poll to reach the feed', async () => feeds.hits('/news.xml') >= 1);
    const kaikuUrl = `http://127.0.0.1:${kaikuPort}/metrics`;
    const temporalUrl = `http://127.0.0.1:${temporalPort}/metrics`;
    const [kaikuBefore, temporalBefore] = [await scrape(kaikuUrl), await scrape(temporalUrl)];
    expect(sample(kaikuBefore, 'kaiku_polls_total')).toBe(0);
    expect(sample(kaikuBefore, 'kaiku_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);

    releaseFeed();
    const kaikuAfter = await waitUntil('the poll and its approval requests counted', async () => {
      const page = await scrape(kaikuUrl);
      return sample(page, 'kaiku_approval_requests_total', { channel: 'email' }) >= 4 ? page : undefined;
    });
    expect(sample(kaikuAfter, 'kaiku_polls_total', { source: 'news', outcome: 'new' })).toBe(1);
    expect(sample(kaikuAfter, 'kaiku_items_ingested_total', { source: 'news' })).toBe(4);
    expect(sample(kaikuAfter, 'kaiku_approval_requests_total', { channel: 'email' })).toBe(4);
    expect(sample(kaikuAfter, 'kaiku_smtp_send_seconds_count', { outcome: 'sent' })).toBeGreaterThanOrEqual(4);

    const activities = (page: string) => sample(page, 'temporal_activity_execution_latency_count', { activity_type: 'fetchSource' });
    const temporalAfter = await waitUntil('the SDK to export the fetch activity', async () => {
      const page = await scrape(temporalUrl);
      return activities(page) > activities(temporalBefore) ? page : undefined;
    });
    expect(sample(temporalAfter, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker' })).toBeGreaterThan(0);
    expect(sample(temporalAfter, 'temporal_workflow_completed_total')).toBeGreaterThan(sample(temporalBefore, 'temporal_workflow_completed_total'));

    // The first line names what this worker is; every line, the SDK's own included, is JSON.
    const first = JSON.parse(worker.output[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({
      msg: 'kaiku worker 0.1.0 starting',
      role: 'worker',
      version: '0.1.0',
      taskQueue: bed.taskQueue,
      namespace: 'default',
      identity: expect.stringMatching(new RegExp(`^${worker.child.pid}@.+`)),
      store: expect.stringMatching(/^PostgreSQL at postgres:\/\/kaiku@127\.0\.0\.1:\d+\/kaiku_test_/),
      mail: expect.stringMatching(/^smtp:\/\/127\.0\.0\.1:\d+/),
    });
    for (const line of worker.output) expect(() => JSON.parse(line), line).not.toThrow();
  }, 180_000);
});

describe('the HTTP server', () => {
  let feeds: FeedServer;
  let harness: Harness;
  beforeAll(async () => {
    feeds = await FeedServer.start();
    feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 1, 'news')));
    harness = await startHarness({
      configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
        fetch: { enrich: false },
      }),
    });
    await harness.poll('news');
    await harness.approvalsRequested();
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await feeds?.close();
  });

  test('counts decisions by channel with their latency, clicks, shares and requests by route and status', async () => {
    const [item] = await harness.store.items.listByState('pending', 1);
    await harness.store.advocates.upsert([advocate({ email: 'sam@testcity.example' })]);
    const sam = await harness.store.advocates.byEmail('sam@testcity.example');
    const before = await (await harness.app.request('/metrics')).text();

    const linkPath = `/a/${issueApprovalToken(harness.secret, { kind: 'approve', itemId: item!.id, approverEmail: ADA, expiresAt: new Date(Date.now() + 3_600_000) })}`;
    const approver = FormClient.forApp(harness.app);
    expect((await approver.submit(await approver.get(linkPath))).status).toBe(200);
    const click = await harness.app.request(`/r/${clickToken(harness.secret, String(sam!.id), item!.id)}`, {
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux)', referer: 'https://www.linkedin.com/feed/' },
    });
    expect(click.status).toBe(302);
    const reader = FormClient.forApp(harness.app);
    expect((await reader.submit(await reader.get(`/s/${shareToken(harness.secret, String(sam!.id), item!.id, 'x', 3_600_000)}`))).status).toBe(303);
    expect((await harness.app.request('/no/such/page')).status).toBe(404);

    const after = await (await harness.app.request('/metrics')).text();
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('kaiku_decisions_total', { channel: 'link', outcome: 'approved' })).toBe(1);
    expect(moved('kaiku_decision_seconds_count', { channel: 'link' })).toBe(1);
    expect(moved('kaiku_decision_seconds_sum', { channel: 'link' })).toBeGreaterThan(0);
    expect(moved('kaiku_link_clicks_total', { network: 'linkedin' })).toBe(1);
    expect(moved('kaiku_shares_total', { network: 'x' })).toBe(1);
    // routes by pattern: the tokens in the paths never become series
    expect(moved('kaiku_http_requests_total', { route: '/a/:token', method: 'POST', status: '200' })).toBe(1);
    expect(moved('kaiku_http_requests_total', { route: '/r/:token', method: 'GET', status: '302' })).toBe(1);
    expect(moved('kaiku_http_requests_total', { route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(after).not.toContain(linkPath.slice(3));
  });

  test('counts digests planned and sent by the worker that ran them', async () => {
    await harness.store.advocates.upsert([advocate({ email: 'kim@testcity.example' })]);
    const before = await (await harness.app.request('/metrics')).text();
    const result = await runDigestTick(harness.client, harness.taskQueue, { force: true });
    const after = await (await harness.app.request('/metrics')).text();
    const moved = (name: string) => sample(after, name) - sample(before, name);
    expect(result.planned).toBeGreaterThanOrEqual(2);
    expect(moved('kaiku_digests_planned_total')).toBe(result.planned);
    expect(moved('kaiku_digests_sent_total')).toBe(result.sent);
    expect(result.sent).toBeGreaterThan(0);
    expect(moved('kaiku_digests_bounced_total')).toBe(0);
  }, 120_000);
});
