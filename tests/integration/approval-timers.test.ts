import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { defineSource } from '../../activities/sources/define-source.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, waitFor } from '../helpers/mail.js';

// Reminders, escalation and expiry run on durable Temporal timers: they fire on time, and still do
// when the worker was down while they were due to be set or fired.

const ADA = 'ada@testcity.example';
const BO = 'bo@testcity.example';
let eventEndsAt: Date;

const events = defineSource({
  kind: 'test-events',
  description: 'events with end times, for the expiry rule',
  configSchema: z.strictObject({}),
  async fetch() {
    return {
      items: [
        { url: 'https://events.example/past', title: 'Yesterday’s concert', eventEndsAt: new Date(Date.now() - 86_400_000) },
        { url: 'https://events.example/soon', title: 'Concert ending in a few seconds', eventEndsAt },
        { url: 'https://events.example/later', title: 'Exhibition next month', eventEndsAt: new Date(Date.now() + 30 * 86_400_000) },
      ],
    };
  },
});

let harness: Harness;
let started: number;

beforeAll(async () => {
  harness = await startHarness({
    sources: [events],
    configInput: testConfigInput([{ id: 'events', kind: 'test-events', url: 'https://events.example/api', approvers: [ADA] }], {
      approval: { remindAfter: '4 seconds', escalateAfter: '8 seconds', expireAfter: '12 seconds', backupApprovers: [BO] },
    }),
  });
  eventEndsAt = new Date(Date.now() + 6_000);
  started = Date.now();
  await harness.poll('events');
  await harness.approvalsStarted();
}, 60_000);

afterAll(async () => harness?.close());

const item = async (title: string) =>
  (await harness.store.items.listByState('pending', 100)).concat(await harness.store.items.listByState('expired', 100)).find((i) => i.title === title)!;

test('an event that has passed expires at once: nobody is asked to approve it', async () => {
  const past = await waitFor('the past event to expire', async () => {
    const row = await item('Yesterday’s concert');
    return row.state === 'expired' ? row : undefined;
  });
  const trail = (await harness.store.approvals.trails([past.id])).get(past.id)!;
  expect(trail.map((e) => e.kind)).toEqual(['expired']);
}, 30_000);

test('reminder, escalation and expiry fire on time, even across a worker restart while they wait', async () => {
  const later = await item('Exhibition next month');
  await waitFor('the approval request', async () => (await approvalMailsTo(harness.store, ADA)).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id));
  // The worker goes down for 2 s while the reminder (due at 4 s) waits; a new worker takes over.
  await harness.restartWorker(2_000);

  const reminder = await waitFor(
    'the reminder',
    async () => (await approvalMailsTo(harness.store, ADA, 'Re: Approve?')).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id),
    20_000,
    50,
  );
  const remindedAfter = Date.now() - started;
  const request = (await approvalMailsTo(harness.store, ADA)).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id)!;
  expect(reminder.parsed.inReplyTo).toBe(request.parsed.messageId); // same thread
  expect(reminder.parsed.text).toContain('A reminder');

  const escalation = await waitFor(
    'the escalation to the backup approver',
    async () => (await approvalMailsTo(harness.store, BO)).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id),
    20_000,
    50,
  );
  const escalatedAfter = Date.now() - started;
  expect(escalation.parsed.text).toContain('You are the backup approver');

  const expired = await waitFor(
    'the expiry',
    async () => ((await harness.store.items.get(later.id))!.state === 'expired' ? harness.store.items.get(later.id) : undefined),
    20_000,
    50,
  );
  const expiredAfter = Date.now() - started;
  expect(expired).toMatchObject({ decided_by: 'kaiku', decided_via: 'system' });

  // On time: each within 3 s of its moment (4, 8 and 12 s after the workflow started), in order.
  expect(remindedAfter).toBeGreaterThanOrEqual(3_500);
  expect(remindedAfter).toBeLessThan(7_000);
  expect(escalatedAfter).toBeGreaterThanOrEqual(7_500);
  expect(escalatedAfter).toBeLessThan(11_000);
  expect(expiredAfter).toBeGreaterThanOrEqual(11_500);
  expect(expiredAfter).toBeLessThan(15_000);

  const trail = (await harness.store.approvals.trails([later.id])).get(later.id)!;
  expect(trail.map((e) => [e.kind, e.recipient ?? e.actor, e.channel])).toEqual([
    ['requested', ADA, 'email'],
    ['reminded', ADA, 'email'],
    ['escalated', BO, 'email'],
    ['expired', 'kaiku', 'system'],
  ]);
  // exactly one of each, whatever the restart did
  const mails = (await caughtMail(harness.store)).filter((m) => m.parsed.headers.get('x-kaiku-item') === later.id);
  expect(mails).toHaveLength(3);
}, 60_000);

test('an event ending before the configured expiry expires when it ends', async () => {
  const soon = await item('Concert ending in a few seconds');
  const row = await waitFor(
    'the event item to expire',
    async () => ((await harness.store.items.get(soon.id))!.state === 'expired' ? harness.store.items.get(soon.id) : undefined),
    20_000,
    50,
  );
  expect(row!.expires_at!.getTime()).toBe(eventEndsAt.getTime());
  expect(Math.abs(row!.decided_at!.getTime() - eventEndsAt.getTime())).toBeLessThan(2_500);
}, 30_000);
