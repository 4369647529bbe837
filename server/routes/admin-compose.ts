import { html } from 'hono/html';
import type { Context, Hono } from 'hono';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { COMPOSED_SOURCE_ID, type KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { itemIdFor } from '../../activities/normalize-item.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';
import { notifyApprovalDispatcher } from '../../integrations/temporal/approval-dispatcher.js';
import { ensureTemporalReachable, HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { AdminSession } from '../session.js';
import type { HealthChecks } from '../health-checks.js';
import { formField, postedConsoleForm } from '../form-guard.js';
import { layout } from '../pages/layout.js';
import { adminHeader } from '../pages/admin-header.js';
import { auditedChange } from '../console/audited-change.js';
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
// dispatcher is told, as a poll tells it.

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
    const failed = Object.keys(errors).length > 0;
    const decides = deps.config.approval.authorMayApprove
      ? 'You may approve it yourself on its page, as may the programme’s other admins.'
      : 'The programme’s other admins decide it: your own approval does not suffice (approval.authorMayApprove).';
    return layout(
      'Compose a post',
      html`${adminHeader(c, deps, 'compose')}
        <main>
          <h1>Compose a post</h1>
          ${failed ? html`<div class="notice bad" role="alert">Nothing was saved: see what is wrong below.</div>` : ''}
          ${refusal ? html`<div class="notice bad" role="alert">${refusal}</div>` : ''}
          <p>An announcement, job ad or event that comes from no feed. It waits for approval like any item, then goes out in the digests. ${decides}</p>
          <section class="panel">
            <form method="post" action="/admin/compose">
              ${formField(c, deps, '/admin/compose', c.get('admin').id)} ${composeFields(fields, errors, languages)}
              <p><button type="submit" class="approve">Send for approval</button></p>
            </form>
          </section>
        </main>`,
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
    // The programme's hashtags in effect: kaiku.yaml's, else the console's.
    const hashtags = await hashtagsInEffect(deps.store.captions, deps.config.program.hashtags);
    const form = readComposeForm(fields, deps.config, hashtags, (await deps.store.urgent.segmentChoices()).branches);
    if (!form.ok) return c.html(page(c, fields, form.errors), 400);
    const { post } = form;
    const id = itemIdFor(post.url);
    const known = await deps.store.items.get(id);
    if (known) return c.html(page(c, fields, { url: `kaiku has this link already, as “${known.title}” (${known.state}): open it from the items list` }), 409);
    if (!deps.client) throw new Error('this kaiku server has no Temporal client: posts cannot be composed from it');
    await ensureTemporalReachable(
      deps.client,
      HTTP_TEMPORAL_DEADLINE.probeMs,
      'kaiku cannot reach Temporal, which runs approvals, for a moment; nothing was saved; try again in a minute.',
    );
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
    if (!stored) return c.html(page(c, fields, { url: 'another admin stored this link a moment ago: open it from the items list' }), 409);
    await notifyApprovalDispatcher(deps.client, deps.config.temporal.taskQueue, deps.config.temporal.activityHeartbeatTimeout);
    log.info({ admin: author, itemId: id }, 'post composed in the console; its approval is asked');
    return c.redirect(`/admin/items/${id}?done=composed${post.proposed.length > 0 ? `&proposed=${post.proposed.join(',')}` : ''}`, 303);
  });
}
