import { randomBytes } from 'node:crypto';
import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import { formatDuration } from '../../config/units.js';
import type { ItemRow, UrgentSendRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import {
  audienceOf,
  describeSegment,
  languageName,
  LEFT_OUT_REASONS,
  readSegment,
  type Audience,
  type LeftOutReason,
  type UrgentSegment,
} from '../../rules/urgent/urgent-audience.js';
import { urgentSend, urgentSendWorkflowId } from '../../workflows/urgent-send.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { localTime } from '../pages/local-time.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';

// Urgent: an approved item sent now to a segment of the advocates (all, branches, topics, languages) as a short
// "new post to share" mail, within the per-advocate cap (mail.urgentCap). Three steps, each a form through the
// CSRF guard: pick the segment, Count (how many it reaches, how many it leaves out and why), Send now (a workflow
// whose id is the item's and the send's, so a double click starts nothing twice). Every signed-in admin has the
// admin role (the only one yet), which may send any approved item.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface UrgentDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  log: Logger;
  health?: HealthChecks | undefined;
}

const SEND_ID = /^[a-f0-9]{16}$/;

export function addUrgentPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: UrgentDeps) {
  const log = deps.log.child({ component: 'urgent' });
  const zone = deps.config.program.timeZone;
  const path = (item: ItemRow) => `/admin/items/${item.id}/urgent`;
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);

  const capText = () => {
    const cap = deps.config.mail.urgentCap;
    return cap
      ? `at most ${cap.count} urgent mail${cap.count === 1 ? '' : 's'} per advocate in ${formatDuration(cap.per)} (mail.urgentCap)`
      : 'no cap (mail.urgentCap: null)';
  };
  const reasonText: Record<LeftOutReason, string> = {
    removed: 'removed from the programme',
    unsubscribed: 'unsubscribed',
    paused: 'paused their mail',
    bouncing: 'their address bounces',
    'cap reached': 'had their urgent mail already',
  };

  async function audience(segment: UrgentSegment): Promise<Audience> {
    const cap = deps.config.mail.urgentCap;
    const at = new Date();
    return audienceOf(await deps.store.urgent.audienceRows(new Date(at.getTime() - (cap?.per ?? 0))), segment, cap, at);
  }

  async function itemOf(c: AdminContext) {
    return deps.store.items.get(c.req.param('id') ?? '');
  }

  function notFound(c: AdminContext) {
    return c.html(
      layout(
        'Not found',
        html`${adminHeader(c, deps, 'items')}
          <main>
            <div class="notice bad" role="alert">There is no item with the id “${c.req.param('id')}”. <a href="/admin">Back to the items</a>.</div>
          </main>`,
      ),
      404,
    );
  }

  /** The page: the item, the segment form (with what was chosen), the count when asked, the sends so far and the trail. */
  async function page(
    c: AdminContext,
    item: ItemRow,
    options: { error?: string; done?: string; segment?: UrgentSegment; counted?: { audience: Audience; sendId: string } } = {},
  ) {
    const [choices, sends, trail] = await Promise.all([
      deps.store.urgent.segmentChoices(),
      deps.store.urgent.ofItem(item.id),
      loadTrail(deps, 'item', item.id),
    ]);
    const states = await deps.store.urgent.mailStates(sends.map((send) => send.id));
    const chosen = options.segment;
    const checked = (kind: UrgentSegment['kind'], value?: string) =>
      chosen?.kind === kind && (value === undefined || chosen.values.includes(value)) ? html`checked` : '';
    const group = (kind: 'branches' | 'topics' | 'languages', legend: string, values: readonly string[], label = (v: string) => v) =>
      html`<div class="segment-group">
        <label><input type="radio" name="kind" value="${kind}" ${checked(kind)} /> ${legend}</label>
        ${
          values.length === 0
            ? html`<span class="muted"> (no advocate has one)</span>`
            : html`<fieldset aria-label="${legend}">
                ${values.map(
                  (value) =>
                    html`<label class="check"><input type="checkbox" name="${kind}" value="${value}" ${checked(kind, value)} /> ${label(value)}</label>`,
                )}
              </fieldset>`
        }
      </div>`;
    // A retracted item stays approved (its trail says so) but goes to no one again.
    const approved = item.state === 'approved' && item.captions && !item.retracted_at;
    const counted = options.counted;
    const body = html`${adminHeader(c, deps, 'items')}
      <main class="urgent-page" data-item-id="${item.id}">
        <p><a href="/admin/items/${item.id}">‹ ${item.title}</a></p>
        <h1>Send now: ${item.title}</h1>
        <p>
          A short “new post to share” email to the advocates you choose, in each one’s language, with their caption and share
          buttons${deps.config.slack.channel ? ', and one message in the programme’s Slack channel' : ''}. The cap: ${capText()}. Quiet periods do not hold an
          urgent mail.
        </p>
        ${options.done ? html`<div class="notice ok" role="status" id="urgent-done">${options.done}</div>` : ''}
        ${options.error ? html`<div class="notice bad" role="alert" id="urgent-error">${options.error}</div>` : ''}
        ${
          !approved
            ? html`<div class="notice bad" role="alert" id="not-approved">
                Only an approved item can be sent now; this one is
                ${item.retracted_at ? 'retracted' : item.state === 'pending' ? 'waiting for approval' : item.state}. Nothing was sent.
              </div>`
            : html`<form class="panel" method="post" action="${path(item)}/count">
                ${field(c, `${path(item)}/count`)}
                <fieldset>
                  <legend>Whom to send it to</legend>
                  <div class="segment-group">
                    <label><input type="radio" name="kind" value="all" ${checked('all')} /> All advocates</label>
                  </div>
                  ${group('branches', 'These branches', choices.branches)} ${group('topics', 'Those following these topics', choices.topics)}
                  ${group('languages', 'These languages', choices.languages, languageName)}
                </fieldset>
                <p><button type="submit">Count</button></p>
              </form>`
        }
        ${
          approved && counted && chosen
            ? html`<section class="panel" aria-labelledby="count-heading" id="urgent-count">
                <h2 id="count-heading">Count: ${describeSegment(chosen)}</h2>
                <p id="reach">
                  It will reach <strong data-reach="${counted.audience.reach.length}">${counted.audience.reach.length}</strong>
                  advocate${counted.audience.reach.length === 1 ? '' : 's'}.
                </p>
                ${leftOutList(counted.audience)}
                ${
                  counted.audience.reach.length > 0
                    ? html`<form method="post" action="${path(item)}/send">
                        ${field(c, `${path(item)}/send`)}
                        <input type="hidden" name="sendId" value="${counted.sendId}" />
                        <input type="hidden" name="kind" value="${chosen.kind}" />
                        ${chosen.values.map((value) => html`<input type="hidden" name="${chosen.kind}" value="${value}" />`)}
                        <p><button type="submit" class="approve">Send now to ${counted.audience.reach.length}</button></p>
                      </form>`
                    : html`<p class="muted">Nobody to send it to: choose another segment.</p>`
                }
              </section>`
            : ''
        }
        <h2>Sent so far</h2>
        ${sendsTable(sends, trail.names, states)} ${auditTrail(trail, zone)}
      </main>`;
    return layout(`Send now: ${item.title}`, body);
  }

  function leftOutList(audience: Audience) {
    const rows = LEFT_OUT_REASONS.filter((reason) => (audience.leftOut[reason] ?? 0) > 0);
    const total = rows.reduce((sum, reason) => sum + audience.leftOut[reason]!, 0);
    if (total === 0) return html`<p id="left-out">Nobody in it is left out.</p>`;
    return html`<p id="left-out">${total} left out:</p>
      <ul class="left-out">
        ${rows.map(
          (reason) =>
            html`<li data-reason="${reason}">
              <strong>${audience.leftOut[reason]}</strong> ${reasonText[reason]}${reason === 'cap reached' ? html` (${capText()})` : ''}
            </li>`,
        )}
      </ul>`;
  }

  /** "3 of 4 · 1 refused by its mail server": what was mailed, not what was planned. */
  function mailed(send: UrgentSendRow, state: { sent: number; failed: number } | undefined) {
    if (send.planned === null) return 'planning…';
    const { sent, failed } = state ?? { sent: 0, failed: 0 };
    return `${sent} of ${send.planned}${failed > 0 ? ` · ${failed} refused by ${failed === 1 ? 'its' : 'their'} mail server` : ''}${send.finished_at ? '' : ' (sending)'}`;
  }

  function sendsTable(sends: readonly UrgentSendRow[], names: ReadonlyMap<string, string>, states: ReadonlyMap<string, { sent: number; failed: number }>) {
    if (sends.length === 0) return html`<p class="empty">Not sent urgently yet.</p>`;
    return html`<div class="table-scroll" tabindex="0">
      <table class="urgent-sends">
        <thead>
          <tr>
            <th>When</th>
            <th>By</th>
            <th>To</th>
            <th>Mailed</th>
            <th>Slack</th>
          </tr>
        </thead>
        <tbody>
          ${sends.map(
            (send) =>
              html`<tr data-send-id="${send.id}">
                <td>${localTime(send.created_at, zone)}</td>
                <td>${names.get(send.actor) ?? send.actor}</td>
                <td>${describeSegment(send.segment)}</td>
                <td>${mailed(send, states.get(send.id))}</td>
                <td>${send.slack_ts ? 'posted' : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  async function readForm(c: AdminContext) {
    const body = await c.req.parseBody({ all: true });
    const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
    return { body, form: { kind: body.kind, branches: list(body.branches), topics: list(body.topics), languages: list(body.languages) } };
  }

  /** `GET /admin/items/<id>/urgent`: the segment form, the sends so far and the trail. */
  app.get('/items/:id/urgent', async (c) => {
    const item = await itemOf(c);
    if (!item) return notFound(c);
    const sent = c.req.query('sent');
    const send = sent && SEND_ID.test(sent) ? await deps.store.urgent.get(sent) : undefined;
    const done = send ? `Sending now to ${describeSegment(send.segment)}: the mails are on their way.` : undefined;
    return c.html(await page(c, item, done ? { done } : {}));
  });

  /** `POST /admin/items/<id>/urgent/count`: how many the chosen segment reaches, who is left out and why; nothing sent. */
  app.post('/items/:id/urgent/count', async (c) => {
    const { body, form } = await readForm(c);
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check.reason);
    const item = await itemOf(c);
    if (!item) return notFound(c);
    if (item.state !== 'approved' || item.retracted_at) return c.html(await page(c, item), 409);
    const read = readSegment(form, await deps.store.urgent.segmentChoices());
    if (!read.ok) return c.html(await page(c, item, { error: read.error }), 400);
    const counted = { audience: await audience(read.segment), sendId: randomBytes(8).toString('hex') };
    return c.html(await page(c, item, { segment: read.segment, counted }));
  });

  /** `POST /admin/items/<id>/urgent/send` (sendId, the segment): starts the send once, records it in the trail, and shows it. */
  app.post('/items/:id/urgent/send', async (c) => {
    const { body, form } = await readForm(c);
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check.reason);
    const item = await itemOf(c);
    if (!item) return notFound(c);
    if (item.state !== 'approved' || !item.captions || item.retracted_at) return c.html(await page(c, item), 409);
    const sendId = String(body.sendId ?? '');
    if (!SEND_ID.test(sendId)) return c.html(await page(c, item, { error: 'The form carries no send of kaiku’s: press Count again. Nothing was sent.' }), 400);
    const read = readSegment(form, await deps.store.urgent.segmentChoices());
    if (!read.ok) return c.html(await page(c, item, { error: `${read.error} Nothing was sent.` }), 400);
    if (!deps.client) throw new Error('this server has no Temporal client');
    const reached = await audience(read.segment);
    const known = await deps.store.urgent.get(sendId);
    if (known && known.item_id !== item.id)
      return c.html(await page(c, item, { error: 'That send belongs to another item: press Count again. Nothing was sent.' }), 400);
    if (!known && reached.reach.length === 0)
      return c.html(await page(c, item, { error: 'Nobody in that segment can be reached now. Nothing was sent.', segment: read.segment }), 400);
    const admin = c.get('admin').email;
    const sendLog = log.child({ itemId: item.id, sendId });
    if (!known) {
      await auditedChange(deps.store, { actor: admin, entity: 'item', entityId: item.id, action: 'sent urgently' }, async (tx) => {
        await tx.urgent.create({ id: sendId, itemId: item.id, actor: admin, segment: read.segment });
        const leftOut = LEFT_OUT_REASONS.filter((r) => reached.leftOut[r]).map((r) => `${reached.leftOut[r]} ${reasonText[r]}`);
        return {
          before: null,
          after: { to: describeSegment(read.segment), reached: reached.reach.length, 'left out': leftOut.join('; ') || 'nobody' },
          value: undefined,
        };
      });
    }
    // The segment sent is the one first recorded under this send id, whatever a resubmitted form says.
    const segment = known ? known.segment : read.segment;
    const taskQueue = deps.config.temporal.taskQueue;
    try {
      await deps.client.workflow.start(urgentSend, {
        taskQueue,
        workflowId: urgentSendWorkflowId(taskQueue, item.id, sendId),
        args: [{ sendId, itemId: item.id, segment }],
      });
      sendLog.info({ admin, segment, reach: reached.reach.length }, 'urgent send started');
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      sendLog.info({ admin }, 'urgent send was started before; nothing started again');
    }
    return c.redirect(`${path(item)}?sent=${sendId}`, 303);
  });
}
