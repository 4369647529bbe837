import { randomBytes } from 'node:crypto';
import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { ItemRow, UrgentSendRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { audienceOf, describeSegment, LEFT_OUT_REASONS, readSegment, type Audience, type UrgentSegment } from '../../rules/urgent/urgent-audience.js';
import { urgentSend, urgentSendWorkflowId } from '../../workflows/urgent-send.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { localTime } from '../pages/local-time.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditTrail, loadTrail } from '../pages/audit-trail.js';
import { auditedChange } from '../console/audited-change.js';
import { consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS, type ConsoleStrings } from '../console/console-strings.js';
import { durationText } from '../console/duration-text.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { numberText } from '../console/number-text.js';

// Urgent: an approved item sent now to a segment of the advocates (all, branches, topics, languages) as a short
// "new post to share" mail, within the per-advocate cap (mail.urgentCap). Three steps, each a form through the
// CSRF guard: pick the segment, Count (how many it reaches, how many it leaves out and why), Send now (a workflow
// whose id is the item's and the send's, so a double click starts nothing twice). Every signed-in admin has the
// admin role (the only one yet), which may send any approved item. The page speaks the admin's language (issue 17);
// the trail records the segment and who was left out in English, as every trail entry is recorded.

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
/** The trail records in English whatever language the sender reads the console in, as every trail entry is recorded. */
const TRAIL_WORDS = CONSOLE_STRINGS.en.urgent;

export function addUrgentPages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: UrgentDeps) {
  const log = deps.log.child({ component: 'urgent' });
  const zone = deps.config.program.timeZone;
  const path = (item: ItemRow) => `/admin/items/${item.id}/urgent`;
  const field = (c: AdminContext, action: string) => formField(c, deps, action, c.get('admin').id);

  const capText = (lang: ConsoleLanguage) => {
    const cap = deps.config.mail.urgentCap;
    const t = CONSOLE_STRINGS[lang].urgent;
    return cap ? t.cap(cap.count, durationText(cap.per, lang)) : t.noCap;
  };
  /** The segment in the page's words, its languages by name. */
  const segmentText = (segment: UrgentSegment, t: ConsoleStrings['urgent']) =>
    t.segment(segment.kind, segment.kind === 'languages' ? segment.values.map((code) => t.languageNames[code] ?? code) : segment.values);

  async function audience(segment: UrgentSegment): Promise<Audience> {
    const cap = deps.config.mail.urgentCap;
    const at = new Date();
    return audienceOf(await deps.store.urgent.audienceRows(new Date(at.getTime() - (cap?.per ?? 0))), segment, cap, at);
  }

  async function itemOf(c: AdminContext) {
    return deps.store.items.get(c.req.param('id') ?? '');
  }

  function notFound(c: AdminContext) {
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].items;
    return c.html(
      layout(
        t.notFoundTitle,
        html`${adminHeader(c, deps, 'items')}
          <main>
            <div class="notice bad" role="alert">${t.notFound(c.req.param('id') ?? '')} <a href="/admin">${t.backToItems}</a>.</div>
          </main>`,
        lang,
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
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].urgent;
    const chosen = options.segment;
    const checked = (kind: UrgentSegment['kind'], value?: string) =>
      chosen?.kind === kind && (value === undefined || chosen.values.includes(value)) ? html`checked` : '';
    const group = (kind: 'branches' | 'topics' | 'languages', legend: string, values: readonly string[], label = (v: string) => v) =>
      html`<div class="segment-group">
        <label><input type="radio" name="kind" value="${kind}" ${checked(kind)} /> ${legend}</label>
        ${
          values.length === 0
            ? html`<span class="muted">${t.noneHasOne}</span>`
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
    const reached = counted ? counted.audience.reach.length : 0;
    const [reachBefore, reachAfter] = t.reach(reached);
    const body = html`${adminHeader(c, deps, 'items')}
      <main class="urgent-page" data-item-id="${item.id}">
        <p><a href="/admin/items/${item.id}">‹ ${item.title}</a></p>
        <h1>${t.title(item.title)}</h1>
        <p>${t.intro(Boolean(deps.config.slack.channel), capText(lang))}</p>
        ${options.done ? html`<div class="notice ok" role="status" id="urgent-done">${options.done}</div>` : ''}
        ${options.error ? html`<div class="notice bad" role="alert" id="urgent-error">${options.error}</div>` : ''}
        ${
          !approved
            ? html`<div class="notice bad" role="alert" id="not-approved">${t.notApproved(item.retracted_at ? 'retracted' : item.state)}</div>`
            : html`<form class="panel" method="post" action="${path(item)}/count">
                ${field(c, `${path(item)}/count`)}
                <fieldset>
                  <legend>${t.whom}</legend>
                  <div class="segment-group">
                    <label><input type="radio" name="kind" value="all" ${checked('all')} /> ${t.all}</label>
                  </div>
                  ${group('branches', t.groups.branches, choices.branches)} ${group('topics', t.groups.topics, choices.topics)}
                  ${group('languages', t.groups.languages, choices.languages, (code) => t.languageNames[code] ?? code)}
                </fieldset>
                <p><button type="submit">${t.count}</button></p>
              </form>`
        }
        ${
          approved && counted && chosen
            ? html`<section class="panel" aria-labelledby="count-heading" id="urgent-count">
                <h2 id="count-heading">${t.countHeading(segmentText(chosen, t))}</h2>
                <p id="reach">${reachBefore}<strong data-reach="${reached}">${numberText(reached, lang)}</strong>${reachAfter}</p>
                ${leftOutList(counted.audience, lang)}
                ${
                  counted.audience.reach.length > 0
                    ? html`<form method="post" action="${path(item)}/send">
                        ${field(c, `${path(item)}/send`)}
                        <input type="hidden" name="sendId" value="${counted.sendId}" />
                        <input type="hidden" name="kind" value="${chosen.kind}" />
                        ${chosen.values.map((value) => html`<input type="hidden" name="${chosen.kind}" value="${value}" />`)}
                        <p><button type="submit" class="approve">${t.sendTo(numberText(reached, lang))}</button></p>
                      </form>`
                    : html`<p class="muted">${t.nobody}</p>`
                }
              </section>`
            : ''
        }
        <h2>${t.sentSoFar}</h2>
        ${sendsTable(sends, trail.names, states, lang)} ${auditTrail(trail, zone, { language: lang })}
      </main>`;
    return layout(t.title(item.title), body, lang);
  }

  function leftOutList(audience: Audience, lang: ConsoleLanguage) {
    const t = CONSOLE_STRINGS[lang].urgent;
    const rows = LEFT_OUT_REASONS.filter((reason) => (audience.leftOut[reason] ?? 0) > 0);
    const total = rows.reduce((sum, reason) => sum + audience.leftOut[reason]!, 0);
    if (total === 0) return html`<p id="left-out">${t.noneLeftOut}</p>`;
    return html`<p id="left-out">${t.leftOut(numberText(total, lang))}</p>
      <ul class="left-out">
        ${rows.map(
          (reason) =>
            html`<li data-reason="${reason}">
              <strong>${numberText(audience.leftOut[reason]!, lang)}</strong> ${t.reasons[reason]}${reason === 'cap reached' ? html` (${capText(lang)})` : ''}
            </li>`,
        )}
      </ul>`;
  }

  /** "3 of 4 · 1 refused by its mail server": what was mailed, not what was planned. */
  function mailed(send: UrgentSendRow, state: { sent: number; failed: number } | undefined, t: ConsoleStrings['urgent']) {
    if (send.planned === null) return t.planning;
    const { sent, failed } = state ?? { sent: 0, failed: 0 };
    return t.mailed(sent, send.planned, failed, !send.finished_at);
  }

  function sendsTable(
    sends: readonly UrgentSendRow[],
    names: ReadonlyMap<string, string>,
    states: ReadonlyMap<string, { sent: number; failed: number }>,
    lang: ConsoleLanguage,
  ) {
    const t = CONSOLE_STRINGS[lang].urgent;
    if (sends.length === 0) return html`<p class="empty">${t.notSent}</p>`;
    return html`<div class="table-scroll" tabindex="0">
      <table class="urgent-sends">
        <thead>
          <tr>
            <th>${t.columns.when}</th>
            <th>${t.columns.by}</th>
            <th>${t.columns.to}</th>
            <th>${t.columns.mailed}</th>
            <th>${t.columns.slack}</th>
          </tr>
        </thead>
        <tbody>
          ${sends.map(
            (send) =>
              html`<tr data-send-id="${send.id}">
                <td>${localTime(send.created_at, zone, lang)}</td>
                <td>${names.get(send.actor) ?? send.actor}</td>
                <td>${segmentText(send.segment, t)}</td>
                <td>${mailed(send, states.get(send.id), t)}</td>
                <td>${send.slack_ts ? t.posted : '—'}</td>
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
    const t = CONSOLE_STRINGS[consoleLanguage(c)].urgent;
    const done = send ? t.done(segmentText(send.segment, t)) : undefined;
    return c.html(await page(c, item, done ? { done } : {}));
  });

  /** `POST /admin/items/<id>/urgent/count`: how many the chosen segment reaches, who is left out and why; nothing sent. */
  app.post('/items/:id/urgent/count', async (c) => {
    const { body, form } = await readForm(c);
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check);
    const item = await itemOf(c);
    if (!item) return notFound(c);
    if (item.state !== 'approved' || item.retracted_at) return c.html(await page(c, item), 409);
    const read = readSegment(form, await deps.store.urgent.segmentChoices(), CONSOLE_STRINGS[consoleLanguage(c)].urgent.refusals);
    if (!read.ok) return c.html(await page(c, item, { error: read.error }), 400);
    const counted = { audience: await audience(read.segment), sendId: randomBytes(8).toString('hex') };
    return c.html(await page(c, item, { segment: read.segment, counted }));
  });

  /** `POST /admin/items/<id>/urgent/send` (sendId, the segment): starts the send once, records it in the trail, and shows it. */
  app.post('/items/:id/urgent/send', async (c) => {
    const { body, form } = await readForm(c);
    const check = checkForm(c, deps, body, c.get('admin').id);
    if (!check.ok) return refuseForm(c, check);
    const item = await itemOf(c);
    if (!item) return notFound(c);
    if (item.state !== 'approved' || !item.captions || item.retracted_at) return c.html(await page(c, item), 409);
    const t = CONSOLE_STRINGS[consoleLanguage(c)].urgent;
    const sendId = String(body.sendId ?? '');
    if (!SEND_ID.test(sendId)) return c.html(await page(c, item, { error: t.noSend }), 400);
    const read = readSegment(form, await deps.store.urgent.segmentChoices(), t.refusals);
    if (!read.ok) return c.html(await page(c, item, { error: `${read.error}${t.nothingSent}` }), 400);
    if (!deps.client) throw new Error('this server has no Temporal client');
    const reached = await audience(read.segment);
    const known = await deps.store.urgent.get(sendId);
    if (known && known.item_id !== item.id) return c.html(await page(c, item, { error: t.otherItem }), 400);
    if (!known && reached.reach.length === 0) return c.html(await page(c, item, { error: t.unreachable, segment: read.segment }), 400);
    const admin = c.get('admin').email;
    const sendLog = log.child({ itemId: item.id, sendId });
    if (!known) {
      await auditedChange(deps.store, { actor: admin, entity: 'item', entityId: item.id, action: 'sent urgently' }, async (tx) => {
        await tx.urgent.create({ id: sendId, itemId: item.id, actor: admin, segment: read.segment });
        const leftOut = LEFT_OUT_REASONS.filter((r) => reached.leftOut[r]).map((r) => `${reached.leftOut[r]} ${TRAIL_WORDS.reasons[r]}`);
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
