import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { defineSource } from '../../activities/sources/define-source.js';
import { startHarness, testConfigInput, type Harness } from '../helpers/harness.js';
import { approvalMailsTo, caughtMail, waitFor } from '../helpers/mail.js';
import { approvalStateQuery } from '../../workflows/approve-item.js';

// Reminders, escalation and expiry run on durable Temporal timers: they fire on time, and still do
// when the worker was down while they were due to be set or fired.
//
// "On time" is read from the workflow's own history, not from a stopwatch: each timer was set for its
// moment (since + remindAfter, escalateAfter, expireAfter), it fired, and its step came after. The store
// shows that nothing happened early. How late a timer fires on a loaded machine is the server's affair
// (a wall-clock bound here failed under load with every behaviour correct), so no test waits on one.
// Every wait ends on its event; the dev server has no time skipping, hence the few real seconds.

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

beforeAll(async () => {
  harness = await startHarness({
    sources: [events],
    configInput: testConfigInput([{ id: 'events', kind: 'test-events', url: 'https://events.example/api', approvers: [ADA] }], {
      approval: { remindAfter: '4 seconds', escalateAfter: '8 seconds', expireAfter: '12 seconds', backupApprovers: [BO] },
    }),
  });
  eventEndsAt = new Date(Date.now() + 6_000);
  await harness.poll('events');
  await harness.approvalsStarted();
}, 60_000);

afterAll(async () => harness?.close());

const ms = (time: { seconds?: unknown; nanos?: number | null } | null | undefined) => Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);

/**
 * The timers an approval workflow set, from its history: the moment each was due (the workflow's clock at
 * the task that set it, plus its duration), whether it fired, and the activities its firing led to.
 */
async function timersOf(workflowId: string): Promise<{ dueAt: number; fired: boolean; then: string[] }[]> {
  const events = (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  let clock = 0;
  const timers: { id: number; dueAt: number; fired: boolean; then: string[] }[] = [];
  let firing: (typeof timers)[number] | undefined;
  for (const event of events) {
    if (event.workflowTaskStartedEventAttributes) clock = ms(event.eventTime);
    if (event.timerStartedEventAttributes)
      timers.push({ id: Number(event.eventId), dueAt: clock + ms(event.timerStartedEventAttributes.startToFireTimeout), fired: false, then: [] });
    if (event.timerFiredEventAttributes) {
      firing = timers.find((timer) => timer.id === Number(event.timerFiredEventAttributes!.startedEventId));
      if (firing) firing.fired = true;
    }
    if (event.activityTaskScheduledEventAttributes && firing) firing.then.push(event.activityTaskScheduledEventAttributes.activityType!.name!);
    if (event.timerStartedEventAttributes || event.workflowExecutionCompletedEventAttributes) firing = undefined;
  }
  return timers.map(({ dueAt, fired, then }) => ({ dueAt, fired, then }));
}

/** The mail and expiry steps an approval workflow took, from its history, each with the workflow's clock when it was scheduled. */
async function stepsOf(workflowId: string): Promise<{ step: string; at: number }[]> {
  const events = (await harness.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  let clock = 0;
  const steps: { step: string; at: number }[] = [];
  for (const event of events) {
    if (event.workflowTaskStartedEventAttributes) clock = ms(event.eventTime);
    const step = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (step === 'sendApprovalMail' || step === 'recordExpiry') steps.push({ step, at: clock });
  }
  return steps;
}

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
    50,
  );
  const request = (await approvalMailsTo(harness.store, ADA)).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id)!;
  expect(reminder.parsed.inReplyTo).toBe(request.parsed.messageId); // same thread
  expect(reminder.parsed.text).toContain('A reminder');

  const escalation = await waitFor(
    'the escalation to the backup approver',
    async () => (await approvalMailsTo(harness.store, BO)).find((m) => m.parsed.headers.get('x-kaiku-item') === later.id),
    50,
  );
  expect(escalation.parsed.text).toContain('You are the backup approver');

  const expired = await waitFor(
    'the expiry',
    async () => ((await harness.store.items.get(later.id))!.state === 'expired' ? harness.store.items.get(later.id) : undefined),
    50,
  );
  expect(expired).toMatchObject({ decided_by: 'kaiku', decided_via: 'system' });

  // The moments: 4, 8 and 12 s after the workflow began, as configured.
  const state = await harness.client.workflow.getHandle(later.id).query(approvalStateQuery);
  const since = Date.parse(state.since);
  const [remindAt, escalateAt, expiresAt] = [state.remindAt, state.escalateAt, state.expiresAt].map((at) => Date.parse(at!));
  expect([remindAt! - since, escalateAt! - since, expiresAt! - since]).toEqual([4_000, 8_000, 12_000]);
  // Each step was taken no sooner than its moment: the request, then the reminder, the escalation, the expiry.
  const steps = await stepsOf(later.id);
  expect(steps.map((s) => s.step)).toEqual(['sendApprovalMail', 'sendApprovalMail', 'sendApprovalMail', 'recordExpiry']);
  expect(steps[1]!.at).toBeGreaterThanOrEqual(remindAt!);
  expect(steps[2]!.at).toBeGreaterThanOrEqual(escalateAt!);
  expect(steps[3]!.at).toBeGreaterThanOrEqual(expiresAt!);
  // Each timer was set for a moment, fired, and that moment's step followed. A moment may have no timer: when the step
  // before it ends past it (a loaded machine; CI's reminder mail ran past the escalation's moment), the workflow takes
  // the step at once, no sooner than its moment as checked above.
  const stepAt = new Map([
    [remindAt, 'sendApprovalMail'],
    [escalateAt, 'sendApprovalMail'],
    [expiresAt, 'recordExpiry'],
  ]);
  const timers = await timersOf(later.id);
  expect(timers.length).toBeGreaterThan(0);
  expect(timers.every((timer) => timer.fired && stepAt.has(timer.dueAt))).toBe(true);
  expect(timers.map((timer) => timer.then)).toEqual(timers.map((timer) => [stepAt.get(timer.dueAt)]));

  // Nothing early: each recorded no sooner than its moment, in order.
  const trail = (await harness.store.approvals.trails([later.id])).get(later.id)!;
  expect(trail.map((e) => [e.kind, e.recipient ?? e.actor, e.channel])).toEqual([
    ['requested', ADA, 'email'],
    ['reminded', ADA, 'email'],
    ['escalated', BO, 'email'],
    ['expired', 'kaiku', 'system'],
  ]);
  const at = (kind: string) => trail.find((e) => e.kind === kind)!.at.getTime();
  expect(at('reminded')).toBeGreaterThanOrEqual(remindAt!);
  expect(at('escalated')).toBeGreaterThanOrEqual(escalateAt!);
  expect(expired!.decided_at!.getTime()).toBeGreaterThanOrEqual(expiresAt!);
  // exactly one of each, whatever the restart did
  const mails = (await caughtMail(harness.store)).filter((m) => m.parsed.headers.get('x-kaiku-item') === later.id);
  expect(mails).toHaveLength(3);
}, 120_000);

test('an event ending before the configured expiry expires when it ends', async () => {
  const soon = await item('Concert ending in a few seconds');
  const row = await waitFor(
    'the event item to expire',
    async () => ((await harness.store.items.get(soon.id))!.state === 'expired' ? harness.store.items.get(soon.id) : undefined),
    50,
  );
  expect(row!.expires_at!.getTime()).toBe(eventEndsAt.getTime());
  // It waited for nothing past the event's end (the configured expiry is 12 s), and expired when the end came: on a
  // timer due at the end itself, or right after the reminder's step if that ran past the end on a loaded machine.
  const timers = await timersOf(soon.id);
  expect(timers.length).toBeGreaterThan(0);
  expect(timers.every((timer) => timer.fired && timer.dueAt <= eventEndsAt.getTime())).toBe(true);
  expect(timers.at(-1)!.then.at(-1)).toBe('recordExpiry');
  expect(row!.decided_at!.getTime()).toBeGreaterThanOrEqual(eventEndsAt.getTime());
}, 60_000);
