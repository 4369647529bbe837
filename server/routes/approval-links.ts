import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { ItemRow } from '../../db/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { approverDigest, checkApprovalToken, type ApprovalToken } from '../../rules/tokens/approval-token.js';
import { approvalLinkUrl, approvalToken } from '../../rules/approvals/addresses.js';
import { closedItemReason, submitDecision } from '../../integrations/temporal/submit-decision.js';
import { HTTP_TEMPORAL_DEADLINE } from '../../integrations/temporal/deadline.js';
import { digestMomentOf, formatMoment, nextDigestAt } from '../../rules/digests/digest-moment.js';
import { simplePage } from '../pages/layout.js';
import { decisionForm, readDecisionForm } from '../pages/decision-form.js';
import { checkForm, formField, refuseForm } from '../form-guard.js';
import { localTimeText } from '../pages/local-time.js';
import { chooseConsoleLanguage, consoleLanguage } from '../console/console-language.js';
import { CONSOLE_STRINGS } from '../console/console-strings.js';
import type { ConsoleLanguage } from '../../db/queries/admin-languages.js';
import { refusalText, type DecisionRefusal } from '../../rules/approvals/decisions.js';

export interface LinkDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client?: Client | undefined;
  log: Logger;
}

/**
 * The Approve and Reject links of approval emails. GET only shows a confirmation page (mail scanners
 * prefetch links); the decision is taken on POST. The token names the item and the approver, whose console
 * language (their choice in the console, else their browser's) the pages speak; a link kaiku cannot read speaks
 * the browser's.
 */
export function approvalLinkRoutes(deps: LinkDeps) {
  const app = new Hono();
  const log = deps.log.child({ component: 'approval-links' });

  const resolve = async (
    c: Context,
    text: string,
  ): Promise<
    | { error: ReturnType<typeof simplePage> }
    | { token: ApprovalToken & { kind: 'approve' | 'reject' }; approver: { email: string; name: string }; item: ItemRow; lang: ConsoleLanguage }
  > => {
    const check = checkApprovalToken(deps.secret, text);
    const unknown = consoleLanguage(c);
    const t = CONSOLE_STRINGS[unknown].decided.link;
    if (!check.ok || check.token.kind === 'reply') {
      log.warn({ reason: check.ok ? 'reply token used as a link' : check.reason }, 'approval link refused');
      const expired = !check.ok && check.reason === 'expired';
      return {
        error: simplePage(expired ? t.expiredTitle : t.invalidTitle, html`<div class="notice bad">${expired ? t.expired : t.invalid}</div>`, unknown),
      };
    }
    const approver = (await deps.store.admins.inEffect(deps.config)).admins.find((admin) => approverDigest(admin.email) === check.token.approver);
    const item = await deps.store.items.get(check.token.itemId);
    if (!approver || !item) {
      log.warn({ itemId: check.token.itemId }, 'approval link for an unknown item or approver');
      return { error: simplePage(t.invalidTitle, html`<div class="notice bad">${t.noAdmin}</div>`, unknown) };
    }
    const lang = chooseConsoleLanguage(await deps.store.adminLanguages.of(approver.email), c.req.header('accept-language'));
    return { token: check.token as ApprovalToken & { kind: 'approve' | 'reject' }, approver, item, lang };
  };

  app.get('/:token', async (c) => {
    const resolved = await resolve(c, c.req.param('token'));
    if ('error' in resolved) return c.html(resolved.error, 403);
    const { token, approver, item, lang } = resolved;
    const t = CONSOLE_STRINGS[lang].decided.link;
    if (item.state !== 'pending') return c.html(simplePage(t.alreadyTitle, await decidedNotice(item, lang), lang));
    const other = approvalLinkUrl(
      deps.config,
      approvalToken(deps.secret, token.kind === 'approve' ? 'reject' : 'approve', item.id, approver.email, token.expiresAt),
    );
    const body = html`${itemSummary(item)}
      <p>${t.decidingAs[0]}<strong>${approver.name}</strong> &lt;${approver.email}&gt;${t.decidingAs[1]}</p>
      ${decisionForm({
        itemId: item.id,
        action: `/a/${c.req.param('token')}`,
        captions: item.captions!,
        only: token.kind,
        field: formField(c, deps, `/a/${c.req.param('token')}`, c.req.param('token')),
        language: lang,
      })}
      <p><a href="${new URL(other).pathname}">${token.kind === 'approve' ? t.rejectInstead : t.approveInstead}</a></p>`;
    return c.html(simplePage(token.kind === 'approve' ? t.approveTitle : t.rejectTitle, body, lang));
  });

  app.post('/:token', async (c) => {
    const resolved = await resolve(c, c.req.param('token'));
    if ('error' in resolved) return c.html(resolved.error, 403);
    const { token, approver, item, lang } = resolved;
    const body = await c.req.parseBody();
    const guard = checkForm(c, deps, body, c.req.param('token'));
    if (!guard.ok) return refuseForm(c, guard);
    const t = CONSOLE_STRINGS[lang].decided;
    const form = readDecisionForm(body, item.captions!);
    if (!form || form.decision !== token.kind) {
      return c.html(simplePage(t.notUnderstoodTitle, html`<div class="notice bad">${t.link.notUnderstood(token.kind)}</div>`, lang), 400);
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
          t.refusedTitle,
          html`${itemSummary(item)}
            <div class="notice bad">${refusalWords(deps.config, result, lang)}</div>`,
          lang,
        ),
        409,
      );
    return c.html(
      simplePage(
        result.decision.outcome === 'approved' ? t.approvedTitle : t.rejectedTitle,
        html`${itemSummary(item)}${outcomeNotice(deps.config, result.decision, lang)}`,
        lang,
      ),
    );
  });

  return app;

  async function decidedNotice(item: ItemRow, lang: ConsoleLanguage) {
    if (item.state === 'expired')
      return html`${itemSummary(item)}
        <div class="notice">${CONSOLE_STRINGS[lang].decided.link.expiredItem}</div>`;
    const reason = closedItemReason(item, await deps.store.admins.names(deps.config))!;
    return html`${itemSummary(item)}
      <div class="notice">${refusalWords(deps.config, { refusal: refusalText(reason), reason }, lang)}</div>`;
  }
}

/** Why a decision was not taken, in `lang`: the refusal's data said in the admin's words, or its English when there is none. */
export function refusalWords(config: KaikuConfig, refused: { refusal: string; reason?: DecisionRefusal | undefined }, lang: ConsoleLanguage): string {
  if (!refused.reason) return refused.refusal;
  const zone = config.program.timeZone;
  return CONSOLE_STRINGS[lang].decided.refused(refused.reason, refused.refusal, (iso) => localTimeText(new Date(iso), zone, lang));
}

/** What a decision taken does next, in `lang`: when an approved item goes out, and that a confirmation mail follows. */
export function outcomeNotice(config: KaikuConfig, decision: { outcome: 'approved' | 'rejected'; at: string }, lang: ConsoleLanguage = 'en') {
  const t = CONSOLE_STRINGS[lang].decided;
  const zone = config.program.timeZone;
  const goesOut = formatMoment(
    nextDigestAt(new Date(decision.at), zone, digestMomentOf(config.digest)),
    zone,
    lang === 'en' ? 'en-GB' : CONSOLE_STRINGS[lang].locale,
  );
  return html`<div class="notice ok">${decision.outcome === 'approved' ? t.approved(goesOut) : t.rejected} ${t.confirmation}</div>`;
}

export function itemSummary(item: ItemRow) {
  return html`<div class="panel">
    <h2><a href="${item.url}" rel="noopener noreferrer" target="_blank">${item.title}</a></h2>
    ${item.summary ? html`<p>${item.summary}</p>` : ''}
    <code>${item.url}</code>
  </div>`;
}

export type { ApprovalToken };
