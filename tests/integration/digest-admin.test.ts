import { expect, onTestFinished, test } from 'vitest';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput } from '../helpers/harness.js';
import { advocate, approveItems } from '../helpers/digests.js';
import { startMailSink, waitFor } from '../helpers/mail.js';
import { FormClient, signInAsAdmin, sinkMailsTo, type Page } from '../helpers/form-client.js';
import { sendDigests } from '../../workflows/send-digests.js';

// The console's Digests page follows a run as it sends: the test freezes the run at a chosen advocate
// (the mail server holds that RCPT TO), reads the page, lets the run finish and reads it again.

const ADA = 'ada@testcity.example';
const ADVOCATES = 60;
const BATCH = 30;

/** The figures of one part of the page (`data-figure` cells), by name. */
function figures(page: Page, selector: string): Record<string, number> {
  const cells = page.$(selector).find('[data-figure]').toArray();
  return Object.fromEntries(cells.map((cell) => [page.$(cell).attr('data-figure')!, Number(page.$(cell).text().trim().split(/\s/)[0])]));
}

test('the Digests page shows the run in progress by batch and worker while it sends, then among the last runs with its totals', async () => {
  const held = `advocate${BATCH + 10}@testcity.example`;
  const feeds = await FeedServer.start();
  onTestFinished(() => feeds.close());
  feeds.feed('/news.xml', rss2('News', entries(`${feeds.origin}/news`, 3, 'news'), { language: 'fi' }));
  const sink = await startMailSink({ keepRaw: true, hold: [held] });
  onTestFinished(() => sink.close());
  const harness = await startHarness({
    smtpUrl: sink.url,
    configInput: testConfigInput([{ id: 'news', kind: 'feed', url: feeds.url('/news.xml'), allowPrivateAddresses: true, approvers: [ADA] }], {
      fetch: { enrich: false },
      // one batch at a time, so the second waits for the first
      digest: { batchSize: BATCH, relay: { connections: 1 } },
    }),
  });
  onTestFinished(() => harness.close());
  await harness.poll('news');
  await harness.approvalsRequested();
  await approveItems(
    { ...harness, log: quietLog },
    (await harness.store.items.listByState('pending', 10)).map((item) => item.id),
    ADA,
  );
  await harness.store.advocates.upsert(Array.from({ length: ADVOCATES }, (_, i) => advocate({ email: `advocate${i}@testcity.example` })));
  const admin = FormClient.forApp(harness.app);
  await signInAsAdmin(admin, sinkMailsTo(sink), ADA);

  const before = await admin.get('/admin/digests');
  expect(before.status).toBe(200);
  expect(before.$('nav.top a[aria-current="page"]').text()).toBe('Digests');
  expect(before.$('#current-run')).toHaveLength(0);
  expect(before.$('.empty').text()).toContain('No digest has been sent yet');

  const handle = await harness.client.workflow.start(sendDigests, {
    taskQueue: harness.taskQueue,
    workflowId: `${harness.taskQueue}:digest-now`,
    args: [{ force: true, heartbeatTimeoutMs: 5_000 }],
  });
  await waitFor('the run frozen at the second batch’s 11th advocate', async () => sink.held.includes(held));
  const sentSoFar = BATCH + 10;
  await waitFor('the messages before it recorded', async () => figures(await admin.get('/admin/digests'), '#current-run .kpis').sent === sentSoFar);

  const during = await admin.get('/admin/digests');
  expect(figures(during, '#current-run .kpis')).toEqual({ planned: ADVOCATES, sent: sentSoFar, deferred: 0, failed: 0, empty: 0, open: ADVOCATES - sentSoFar });
  expect(figures(during, 'tr[data-batch="0"]')).toMatchObject({ planned: BATCH, sent: BATCH, open: 0 });
  expect(figures(during, 'tr[data-batch="1"]')).toMatchObject({ planned: BATCH, sent: 10, open: BATCH - 10 });
  expect(during.$('tr[data-batch="1"] td').eq(1).text()).toMatch(new RegExp(`^${process.pid}@`));
  const runId = during.$('#current-run').attr('data-run')!;
  expect(during.$(`#last-runs tr[data-run="${runId}"] [data-state]`).text()).toBe('sending');

  sink.release();
  const result = await handle.result();
  expect(result).toMatchObject({ runId, sent: ADVOCATES });
  const after = await admin.get('/admin/digests');
  expect(after.$('#current-run')).toHaveLength(0);
  expect(figures(after, `#last-runs tr[data-run="${runId}"]`)).toEqual({ planned: ADVOCATES, sent: ADVOCATES, deferred: 0, failed: 0, empty: 0, held: 0 });
  expect(after.$(`#last-runs tr[data-run="${runId}"] [data-state]`).text()).toBe('done');
}, 180_000);
