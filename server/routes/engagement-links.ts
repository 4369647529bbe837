import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import { localDate } from '../../rules/digests/digest-moment.js';
import type { AdvocateRow } from '../../db/schema.js';
import type { Store } from '../../db/store.js';
import { OPEN_PURPOSE, SNOOZE_PURPOSE, SUGGEST_PURPOSE } from '../../rules/digests/links.js';
import { engagementStringsFor } from '../../rules/engagement/engagement-strings.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { verifyToken, type SignedPayload } from '../../rules/tokens/signed-token.js';
import { submitSuggestion, type SubmittedSuggestion } from '../../integrations/temporal/submit-suggestion.js';
import { HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import { simplePage } from '../pages/layout.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';

// /o/<token>.gif: a digest's open pixel (the first open is recorded). /n/<token>: "snooze reminders for a
// month" from a nudge. /suggest/<token>: an advocate's form to suggest a link. Each token names one
// advocate (or digest) and is signed for its purpose only. GETs never change anything but the open time:
// mail scanners follow links, so snoozing and suggesting take a POST from the page.

export interface EngagementLinkDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  log: Logger;
}

const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const MONTH_MS = 30 * 24 * 3_600_000;

export function engagementLinkRoutes(deps: EngagementLinkDeps) {
  const app = new Hono();
  const invalid = () =>
    simplePage(
      'Link not valid',
      html`<div class="notice bad">This link is not valid: it was altered or has expired. Use the link in your latest digest.</div>`,
    );

  async function advocateFor(token: string, purpose: string): Promise<AdvocateRow | undefined> {
    const read = verifyToken<SignedPayload & { a: string }>(deps.secret, purpose, token);
    if (!read.ok || typeof read.payload.a !== 'string') return undefined;
    return deps.store.advocates.get(read.payload.a);
  }

  app.get('/o/:file', async (c) => {
    const token = c.req.param('file').replace(/\.gif$/, '');
    const read = verifyToken<SignedPayload & { d: string }>(deps.secret, OPEN_PURPOSE, token);
    if (read.ok && typeof read.payload.d === 'string') await deps.store.engagement.markOpened(read.payload.d);
    return new Response(PIXEL, { headers: { 'content-type': 'image/gif', 'cache-control': 'no-store, private' } });
  });

  app.get('/n/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), SNOOZE_PURPOSE);
    if (!advocate) return c.html(invalid(), 403);
    const e = engagementStringsFor(advocate.language);
    return c.html(
      simplePage(
        e.snooze,
        html`<p>${advocate.email}</p>
          <form method="post" action="/n/${c.req.param('token')}">
            ${formField(c, deps, `/n/${c.req.param('token')}`, c.req.param('token'))}<button type="submit">${e.snooze}</button>
          </form>`,
      ),
    );
  });

  app.post('/n/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), SNOOZE_PURPOSE);
    if (!advocate) return c.html(invalid(), 403);
    const guard = checkForm(c, deps, await c.req.parseBody(), c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    const until = localDate(new Date(Date.now() + MONTH_MS), advocate.time_zone);
    await deps.store.engagement.snoozeNudges(advocate.id, until);
    deps.log.info({ advocateId: advocate.id, until }, 'nudges snoozed');
    return c.html(
      simplePage(engagementStringsFor(advocate.language).snooze, html`<div class="notice ok">${engagementStringsFor(advocate.language).snoozed(until)}</div>`),
    );
  });

  app.get('/suggest/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), SUGGEST_PURPOSE);
    if (!advocate) return c.html(invalid(), 403);
    return c.html(suggestPage(advocate, suggestForm(c)));
  });

  app.post('/suggest/:token', async (c) => {
    const advocate = await advocateFor(c.req.param('token'), SUGGEST_PURPOSE);
    if (!advocate) return c.html(invalid(), 403);
    const body = await c.req.parseBody();
    const guard = checkForm(c, deps, body, c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    if (!deps.client) return c.text('kaiku cannot take suggestions here: this process has no Temporal connection', 503);
    const url = typeof body.url === 'string' ? body.url : '';
    const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim() : undefined;
    const outcome = await submitSuggestion(
      { store: deps.store, client: deps.client, config: deps.config, log: deps.log, deadline: HTTP_TEMPORAL_DEADLINE },
      { advocateId: advocate.id, url, via: 'form', note },
    );
    return c.html(suggestPage(advocate, suggestForm(c), outcome, url), outcome.state === 'refused' ? 400 : 200);
  });

  /** The suggestion form's action and hidden token, bound to the page's own token. */
  function suggestForm(c: Context) {
    const action = `/suggest/${c.req.param('token')}`;
    return { action, field: formField(c, deps, action, c.req.param('token')!) };
  }

  return app;
}

function suggestPage(advocate: AdvocateRow, form: { action: string; field: unknown }, outcome?: SubmittedSuggestion, url = '') {
  const e = engagementStringsFor(advocate.language);
  const notice = !outcome
    ? ''
    : outcome.state === 'refused'
      ? html`<div class="notice bad">${outcome.reason}</div>`
      : outcome.state === 'duplicate'
        ? html`<div class="notice ok">${e.suggestKnown} (${outcome.title})</div>`
        : html`<div class="notice ok">${e.suggestThanks}${outcome.state === 'accepted' ? html` (${outcome.title})` : ''}</div>`;
  return simplePage(
    e.suggestTitle,
    html`${notice}
      <p>${e.suggestIntro}</p>
      <form method="post" class="prefs" action="${form.action}">
        ${form.field}
        <label>${e.suggestUrl}<br /><input name="url" type="url" required value="${outcome?.state === 'refused' ? url : ''}" class="wide" /></label>
        <label>${e.suggestNote}<br /><textarea name="note" rows="3" class="wide"></textarea></label>
        <button type="submit">${e.suggestSend}</button>
      </form>`,
  );
}
