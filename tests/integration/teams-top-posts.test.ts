import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { Worker } from '@temporalio/worker';
import type { Browser } from 'playwright-core';
import { FeedServer } from '../helpers/feed-server.js';
import { entries, rss2 } from '../helpers/feeds.js';
import { quietLog, startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { advocate, approveItems, runDigestTick } from '../helpers/digests.js';
import { sendDigests } from '../../workflows/send-digests.js';
import { startMailSink, waitFor, type MailSink } from '../helpers/mail.js';
import { startFakeTeams, type FakeTeams } from '../helpers/fake-teams.js';
import { launchChromium } from '../helpers/browser.js';
import { renderAdaptiveCard } from '../helpers/adaptive-card.js';
import { PROJECT_ROOT } from '../../integrations/temporal/cli-binary.js';
import { createTeamsSteps } from '../../activities/teams-steps.js';
import { createTeamsConnector } from '../../integrations/teams/connector.js';
import type { AdaptiveCard } from '../../integrations/teams/approval-card.js';
import { NETWORK_NAMES, NETWORKS } from '../../rules/captions/caption-limits.js';

// The week's top posts in the programme's Teams channel (issue 18, `teams.weeklyTopPosts`): after a digest run on
// the real Temporal dev server, one Adaptive Card to the fake Bot Connector, through a 429 with Retry-After, once
// per run; then the card as Microsoft's renderer draws it in Chromium, its share buttons clicked.

const ADA = 'ada@testcity.example';
const PROGRAMME = '19:advocates000000000000000000000000@thread.tacv2';
let feeds: FeedServer;
let sink: MailSink;
let teams: FakeTeams;
let harness: Harness;
let browser: Browser;

beforeAll(async () => {
  feeds = await FeedServer.start();
  sink = await startMailSink();
  teams = await startFakeTeams();
  feeds.feed('/culture.xml', rss2('Culture', entries(`${feeds.origin}/culture`, 2, 'culture'), { language: 'fi' }));
  feeds.feed('/jobs.xml', rss2('Jobs', entries(`${feeds.origin}/jobs`, 1, 'job'), { language: 'fi' }));
  harness = await startHarness({
    smtpUrl: sink.url,
    teams: teams.settings,
    configInput: testConfigInput(
      [
        { id: 'culture', kind: 'feed', url: feeds.url('/culture.xml'), topics: ['culture'], allowPrivateAddresses: true, approvers: [ADA] },
        { id: 'jobs', kind: 'feed', url: feeds.url('/jobs.xml'), topics: ['jobs'], allowPrivateAddresses: true, approvers: [ADA] },
      ],
      { fetch: { enrich: false }, teams: { programChannel: PROGRAMME, weeklyTopPosts: true } },
    ),
  });
  await harness.poll('culture');
  await harness.poll('jobs');
  await harness.approvalsRequested();
  const pending = await harness.store.items.listByState('pending', 10);
  await approveItems(
    { ...harness, log: quietLog },
    pending.map((item) => item.id),
    ADA,
  );
  // Each approval posts its short note in the channel first: wait for all three, on Teams and in the store.
  await waitFor('the approved-item posts, posted and recorded', async () =>
    (await Promise.all(pending.map((item) => harness.store.teams.post(`approved:${item.id}`)))).every(Boolean),
  );
  // Three read culture, one reads jobs: the culture posts are in three digests, the job in one.
  await harness.store.advocates.upsert([
    ...['c1', 'c2', 'c3'].map((name) => advocate({ email: `${name}@testcity.example`, topics: ['culture'] })),
    advocate({ email: 'j1@testcity.example', topics: ['jobs'] }),
  ]);
  browser = await launchChromium();
  mkdirSync(join(PROJECT_ROOT, 'test-results'), { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await teams?.close();
  await feeds?.close();
  await sink?.close();
});

const topCards = () => teams.cards().filter((message) => message.where === 'channel' && /^This week's top posts/.test(message.activity.summary ?? ''));

test('after a digest run the programme channel gets one card of its top posts, through a 429 with Retry-After, once per run', async () => {
  const before = teams.calls('createConversation').length;
  teams.fail('createConversation', { status: 429, retryAfter: 2 });
  const workflowId = `test-digest-${randomUUID()}`;
  const run = await harness.client.workflow.execute(sendDigests, {
    taskQueue: harness.taskQueue,
    workflowId,
    args: [{ force: true, heartbeatTimeoutMs: 5_000 }],
  });
  expect(run).toMatchObject({ sent: 4, teamsTopPosts: true });
  // the patched path's history replays against the workflow code (the recorded histories cover runs before it)
  const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
  await expect(Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId)).resolves.toBeUndefined();

  const creates = teams.calls('createConversation').slice(before);
  expect(creates.map((call) => call.answered)).toEqual([429, 200]);
  expect(creates[1]!.at - creates[0]!.at).toBeGreaterThanOrEqual(2_000);
  expect(topCards()).toHaveLength(1);
  const [posted] = topCards();
  expect(posted!.channelId).toBe(PROGRAMME);
  const recorded = await harness.store.teams.post(`top-posts:${run.runId}`);
  expect(recorded).toMatchObject({ activity_id: posted!.activityId });

  // Asked again for the same run (an activity retried after it recorded), it posts nothing.
  const steps = createTeamsSteps({ store: harness.store, config: harness.config, teams: createTeamsConnector(teams.settings, quietLog), log: quietLog });
  expect(await steps.postTeamsTopPosts({ runId: run.runId! })).toEqual({ posted: false, posts: 0 });
  // A run that sends nothing (everyone has had these posts) posts no card.
  expect(await runDigestTick(harness.client, harness.taskQueue, { force: true })).toMatchObject({ sent: 0 });
  expect(topCards()).toHaveLength(1);

  const card = teams.contentOf(posted!) as AdaptiveCard;
  const { page, elsewhere } = await renderAdaptiveCard(browser, card, 'top-posts');
  const text = await page.locator('#card').innerText();
  // most digests first: the two culture posts (3 each), then the job (1)
  expect(text).toMatch(/1\. culture number \d[\s\S]*in 3 digests[\s\S]*2\. culture number \d[\s\S]*in 3 digests[\s\S]*3\. job number 0[\s\S]*in 1 digest\b/);
  expect(text).toContain('Shares from here earn no points');
  // every network's button is there for each post (none dropped past a row's limit)
  const names = (await page.locator('#card button').allInnerTexts()).map((b) => b.trim());
  expect(names).toEqual(Array.from({ length: 3 }, () => ['Open', ...NETWORKS.map((n) => NETWORK_NAMES[n])]).flat());
  // the first post's buttons come first on the card
  await page.locator('#card button', { hasText: 'LinkedIn' }).first().click();
  await page
    .locator('#card button', { hasText: /^Open$/ })
    .first()
    .click();
  const opened = (await page.evaluate(() => (window as any).kaikuOpened)) as string[];
  expect(opened).toHaveLength(2);
  const linkedin = new URL(opened[0]!);
  expect(`${linkedin.origin}${linkedin.pathname}`).toBe('https://www.linkedin.com/feed/');
  expect(linkedin.searchParams.get('shareActive')).toBe('true');
  // the caption with the item's own (untracked) link in it
  expect(linkedin.searchParams.get('text')).toMatch(new RegExp(`culture number \\d[\\s\\S]*${feeds.origin}/culture/culture-\\d`));
  expect(opened[1]).toMatch(new RegExp(`^${feeds.origin}/culture/culture-\\d$`));
  expect(elsewhere).toEqual([]);
}, 180_000);
