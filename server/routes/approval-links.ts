import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { ItemRow } from '../../db/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { approverDigest, checkApprovalToken, type ApprovalToken } from '../../rules/tokens/approval-token.js';
import { approvalLinkUrl, approvalToken } from '../../rules/approvals/addresses.js';
import { describeItemDecision, submitDecision } from '../../integrations/temporal/submit-decision.js';
import { HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import { digestMomentOf, formatMoment, nextDigestAt } from '../../rules/digests/digest-moment.js';
import { simplePage } from '../pages/layout.js';
import { decisionForm, readDecisionForm } from '../pages/decision-form.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';

export interface LinkDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  log: Logger;
}

/**
 * The Approve and Reject links of approval emails. GET only shows a confirmation page (mail scanners
 * prefetch links); the decision is taken on POST. The token names the item and the approver.
 */
export function approvalLinkRoutes(deps: LinkDeps) {
  const app = new Hono();
  const log = deps.log.child({ component: 'approval-links' });

  const resolve = async (
    text: string,
  ): Promise<
    | { error: ReturnType<typeof simplePage> }
    | { token: ApprovalToken & { kind: 'approve' | 'reject' }; approver: { email: string; name: string }; item: ItemRow }
  > => {
    const check = checkApprovalToken(deps.secret, text);
    if (!check.ok || check.token.kind === 'reply') {
      log.warn({ reason: check.ok ? 'reply token used as a link' : check.reason }, 'approval link refused');
      const expired = !check.ok && check.reason === 'expired';
      return {
        error: simplePage(
          expired ? 'Link expired' : 'Link not valid',
          html`<div class="notice bad">
            ${
              expired
                ? 'This approval link has expired. Nothing was changed.'
                : 'This approval link is not valid: it was altered or not issued by kaiku. Nothing was changed.'
            }
          </div>`,
        ),
      };
    }
    const approver = (await deps.store.admins.inEffect(deps.config)).admins.find((admin) => approverDigest(admin.email) === check.token.approver);
    const item = await deps.store.items.get(check.token.itemId);
    if (!approver || !item) {
      log.warn({ itemId: check.token.itemId }, 'approval link for an unknown item or approver');
      return {
        error: simplePage(
          'Link not valid',
          html`<div class="notice bad">This link was issued to someone who is no longer an admin. Nothing was changed.</div>`,
        ),
      };
    }
    return { token: check.token as ApprovalToken & { kind: 'approve' | 'reject' }, approver, item };
  };

  app.get('/:token', async (c) => {
    const resolved = await resolve(c.req.param('token'));
    if ('error' in resolved) return c.html(resolved.error, 403);
    const { token, approver, item } = resolved;
    if (item.state !== 'pending') return c.html(simplePage('Already decided', await decidedNotice(item)));
    const other = approvalLinkUrl(
      deps.config,
      approvalToken(deps.secret, token.kind === 'approve' ? 'reject' : 'approve', item.id, approver.email, token.expiresAt),
    );
    const body = html`${itemSummary(item)}
      <p>Deciding as <strong>${approver.name}</strong> &lt;${approver.email}&gt;.</p>
      ${decisionForm({
        itemId: item.id,
        action: `/a/${c.req.param('token')}`,
        captions: item.captions!,
        only: token.kind,
        field: formField(c, deps, `/a/${c.req.param('token')}`, c.req.param('token')),
      })}
      <p><a href="${new URL(other).pathname}">${token.kind === 'approve' ? 'Reject instead' : 'Approve instead'}</a></p>`;
    return c.html(simplePage(token.kind === 'approve' ? 'Approve this item?' : 'Reject this item?', body));
  });

  app.post('/:token', async (c) => {
    const resolved = await resolve(c.req.param('token'));
    if ('error' in resolved) return c.html(resolved.error, 403);
    const { token, approver, item } = resolved;
    const body = await c.req.parseBody();
    const guard = checkForm(c, deps, body, c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard.reason);
    const form = readDecisionForm(body, item.captions!);
    if (!form || form.decision !== token.kind) {
      return c.html(simplePage('Not understood', html`<div class="notice bad">The form did not say ${token.kind}. Nothing was changed.</div>`), 400);
    }
    if (!deps.client) throw new Error('this server has no Temporal client');
    const result = await submitDecision(
      { client: deps.client, store: deps.store, config: deps.config, log: deps.log, deadline: HTTP_TEMPORAL_DEADLINE },
      item.id,
      { ...form, actor: approver.email, channel: 'link' },
      `link-${randomUUID()}`,
    );
    if (!result.ok)
      return c.html(
        simplePage(
          'Nothing changed',
          html`${itemSummary(item)}
            <div class="notice bad">${result.refusal}</div>`,
        ),
        409,
      );
    return c.html(
      simplePage(result.decision.outcome === 'approved' ? 'Approved' : 'Rejected', html`${itemSummary(item)}${outcomeNotice(deps.config, result.decision)}`),
    );
  });

  return app;

  async function decidedNotice(item: ItemRow) {
    if (item.state === 'expired')
      return html`${itemSummary(item)}
        <div class="notice">This item expired without a decision. Nothing was changed.</div>`;
    const text = describeItemDecision(item as ItemRow & { state: 'approved' | 'rejected' }, await deps.store.admins.names(deps.config));
    return html`${itemSummary(item)}
      <div class="notice">This item was already ${text}. Nothing was changed.</div>`;
  }
}

export function outcomeNotice(config: KaikuConfig, decision: { outcome: 'approved' | 'rejected'; at: string }) {
  const goesOut = formatMoment(nextDigestAt(new Date(decision.at), config.program.timeZone, digestMomentOf(config.digest)), config.program.timeZone);
  return html`<div class="notice ok">
    ${decision.outcome === 'approved' ? `Approved. It goes out to advocates in the next digest, ${goesOut}.` : 'Rejected. It will not reach advocates.'} A
    confirmation is on its way to your inbox.
  </div>`;
}

export function itemSummary(item: ItemRow) {
  return html`<div class="panel">
    <h2><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.title}</a></h2>
    ${item.summary ? html`<p>${item.summary}</p>` : ''}
    <code>${item.url}</code>
  </div>`;
}

export type { ApprovalToken };
