import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { COMPOSED_SOURCE_ID, type KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';
import { notifyApprovalDispatcher } from '../../integrations/temporal/approval-dispatcher.js';
import { ensureTemporalReachable, HTTP_TEMPORAL_DEADLINE, TemporalUnavailableError } from '../../integrations/temporal/deadline.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditedChange } from '../console/audited-change.js';
import { consoleLanguage, languageNameIn } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';
import {
  composeFields,
  composeFieldsOf,
  emptyCompose,
  readComposeForm,
  recordedPost,
  type ComposeErrors,
  type ComposeFields,
} from '../console/compose-form.js';

// "Compose a post" in the console: an announcement, job ad or event that no feed carries becomes an item of kaiku's
// own `composed` source and enters the same approval as any item (its author decides it only when
// approval.authorMayApprove says so). The item and its trail entry are stored in one transaction, then the approval
// dispatcher is told, as a poll tells it. The page, its refusals and each field's error speak the admin's language
// (issue 17); the trail records the post's fields as given.

type AdminContext = Context<{ Variables: { admin: AdminSession } }>;
export interface ComposeDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  log: Logger;
  client?: Client | undefined;
  health?: HealthChecks | undefined;
}

class Taken extends Error {}

export function addComposePages(app: Hono<{ Variables: { admin: AdminSession } }>, deps: ComposeDeps) {
  const log = deps.log.child({ component: 'admin-compose' });
  const languages = deps.config.program.languages;

  function page(c: AdminContext, fields: ComposeFields, errors: ComposeErrors, refusal?: string) {
    const lang = consoleLanguage(c);
    const t = CONSOLE_STRINGS[lang].compose;
    const failed = Object.keys(errors).length > 0;
    const decides = deps.config.approval.authorMayApprove ? t.authorMayApprove : t.othersDecide;
    return layout(
      t.title,
      html`${adminHeader(c, deps, 'compose')}
        <main>
          <h1>${t.title}</h1>
          ${failed ? html`<div class="notice bad" role="alert">${t.failed}</div>` : ''}
          ${refusal ? html`<div class="notice bad" role="alert">${refusal}</div>` : ''}
          <p>${t.intro} ${decides}</p>
          <section class="panel">
            <form method="post" action="/admin/compose">
              ${formField(c, deps, '/admin/compose', c.get('admin').id)} ${composeFields(fields, errors, languages, t, languageNameIn(lang))}
              <p><button type="submit" class="approve">${t.submit}</button></p>
            </form>
          </section>
        </main>`,
      lang,
    );
  }

  /**
   * `GET /admin/compose`: the form for a post that comes from no feed.
   *
   * @example
   * GET /admin/compose → Title · Link · Text · Image address · Topics · Language · Caption · "Send for approval"
   */
  app.get('/compose', (c) => c.html(page(c, emptyCompose(deps.config), {})));

  /**
   * `POST /admin/compose`: stores the post as an item waiting for approval and starts its approval.
   *
   * @example
   * POST /admin/compose  _csrf=…&title=Summer jobs&url=https://www.vantaa.fi/jobs/summer&language=fi&topics=jobs
   * → 303 /admin/items/itm_…?done=composed
   */
  app.post('/compose', async (c) => {
    const body = await postedConsoleForm(c, deps, log);
    if (body instanceof Response) return body;
    const fields = composeFieldsOf(body);
    const t = CONSOLE_STRINGS[consoleLanguage(c)].compose;
    // The programme's hashtags in effect: kaiku.yaml's, else the console's.
    const hashtags = await hashtagsInEffect(deps.store.captions, deps.config.program.hashtags);
    const form = readComposeForm(fields, deps.config, hashtags, (await deps.store.urgent.segmentChoices()).branches, t);
    if (!form.ok) return c.html(page(c, fields, form.errors), 400);
    const { post } = form;
    const id = itemIdFor(post.url);
    const known = await deps.store.items.get(id);
    if (known) return c.html(page(c, fields, { url: t.errors.known(known.title, known.state) }), 409);
    if (!deps.client) throw new Error('this kaiku server has no Temporal client: posts cannot be composed from it');
    try {
      await ensureTemporalReachable(deps.client, HTTP_TEMPORAL_DEADLINE.probeMs, t.temporalDown);
    } catch (error) {
      if (!(error instanceof TemporalUnavailableError)) throw error;
      // The form again, as written, with why it was not taken: nothing is stored before Temporal answers.
      log.warn({ err: error }, 'Temporal is out of reach; the post was not stored; answered 503');
      c.header('retry-after', '30');
      return c.html(page(c, fields, {}, error.message), 503);
    }
    const author = c.get('admin').email;
    const stored = await auditedChange(deps.store, { actor: author, entity: 'item', entityId: id, action: 'composed' }, async (tx) => {
      const inserted = await tx.items.insertNew([
        {
          id,
          url: post.url,
          source_id: COMPOSED_SOURCE_ID,
          title: post.title,
          summary: post.summary,
          image_url: post.imageUrl,
          author: null,
          language: post.language,
          topics: JSON.stringify(post.topics),
          branches: JSON.stringify(post.branches),
          categories: JSON.stringify([]),
          published_at: new Date(),
          event_ends_at: null,
          approval_started_at: null,
          captions: post.captions === null ? null : JSON.stringify(post.captions),
          composed_by: author,
        },
      ]);
      if (inserted.length === 0) throw new Taken();
      await tx.items.link([{ item_id: id, source_id: COMPOSED_SOURCE_ID, guid: null, seen_url: post.url }]);
      return { before: null, after: recordedPost(post), value: true };
    }).catch((error: unknown) => {
      if (error instanceof Taken) return false;
      throw error;
    });
    if (!stored) return c.html(page(c, fields, { url: t.errors.taken }), 409);
    await notifyApprovalDispatcher(deps.client, deps.config.temporal.taskQueue, deps.config.temporal.activityHeartbeatTimeout);
    log.info({ admin: author, itemId: id }, 'post composed in the console; its approval is asked');
    return c.redirect(`/admin/items/${id}?done=composed${post.proposed.length > 0 ? `&proposed=${post.proposed.join(',')}` : ''}`, 303);
  });
}
