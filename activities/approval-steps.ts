import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import type { ItemRow } from '../db/schema.js';
import type { ItemCaptions } from '../model/item.js';
import type { Secret } from '../rules/tokens/secret.js';
import { PermanentMailError, type Mailer } from '../integrations/email/mailer.js';
import { currentActivity, keepAlive } from './activity-context.js';
import { proposeFromTemplates } from '../rules/captions/caption-variants.js';
import { hashtagsInEffect } from '../rules/captions/program-hashtags.js';
import { digestMomentOf, formatMoment, nextDigestAt } from '../rules/digests/digest-moment.js';
import { approvalLinkUrl, approvalMessageId, approvalToken, replyAddress } from '../rules/approvals/addresses.js';
import { describeDecision, type Approver, type Decision } from '../rules/approvals/decisions.js';
import { approversOf, authorOf, sourceApprovers } from '../rules/approvals/approvers.js';
import type { AdminRoster } from '../model/admin.js';
import { approvalSubject, confirmationLines, renderApprovalMail, renderNotice } from '../rules/approvals/approval-mail.js';
import { metrics } from '../integrations/metrics/metrics.js';

export interface ApprovalStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  log: Logger;
  /** Slack is on for this worker: approval workflows also post cards. */
  slack?: unknown;
  /** Teams is on for this worker: approval workflows also post Adaptive Cards. */
  teams?: unknown;
}

export type ApprovalMailKind = 'request' | 'reminder' | 'escalation' | 'confirmation';

export interface ApprovalPlan {
  /** Set when the store already holds the outcome: the workflow has nothing left to do. */
  finished?: 'decided' | 'expired';
  approvers: Approver[];
  backups: Approver[];
  captions: ItemCaptions;
  link: string;
  hashtag?: string | undefined;
  remindAt: string;
  escalateAt: string;
  expiresAt: string;
  /** Set when Slack is on: the workflow posts cards and keeps them current. Absent in plans made before Slack existed. */
  slack?: true;
  /** Set when Teams is on, as `slack`. */
  teams?: true;
}

const EVENT_OF: Record<ApprovalMailKind, 'requested' | 'reminded' | 'escalated' | 'confirmed'> = {
  request: 'requested',
  reminder: 'reminded',
  escalation: 'escalated',
  confirmation: 'confirmed',
};

export function createApprovalSteps(deps: ApprovalStepsDeps) {
  const { store, config } = deps;
  const program = config.program;
  // kaiku.yaml's admins and the console's, read at each use: a change in the console holds without a restart.
  const roster = () => store.admins.inEffect(config);

  async function itemOrFail(itemId: string): Promise<ItemRow> {
    const item = await store.items.get(itemId);
    if (!item) throw ApplicationFailure.nonRetryable(`item ${itemId} is not in the store`, 'UnknownItem');
    return item;
  }

  async function sourceName(sourceId: string): Promise<string> {
    return (await store.sources.get(sourceId))?.name ?? sourceId;
  }

  return {
    /** Who approves this item, its captions, and when to remind, escalate and expire. */
    async prepareApproval(input: { itemId: string; startedAt: string }): Promise<ApprovalPlan> {
      const item = await itemOrFail(input.itemId);
      const started = new Date(input.startedAt).getTime();
      const sourceIds = (await store.items.sourcesOf([item.id])).get(item.id) ?? [item.source_id];
      const sources = (await Promise.all(sourceIds.map((id) => store.sources.get(id)))).filter((source) => source !== undefined);
      const { approvers, backups } = approversOf(
        await roster(),
        sources.flatMap((source) => sourceApprovers(source.settings)),
        item.topics,
        authorOf(item, config),
      );

      let captions = item.captions;
      // The console's hashtags and templates are read here, in the activity: the workflow only sees the captions made.
      const hashtags = await hashtagsInEffect(store.captions, program.hashtags);
      if (!captions) {
        const language = item.language ?? program.defaultLanguage;
        captions = proposeFromTemplates(
          { title: item.title, summary: item.summary, url: item.url, language, hashtags },
          await store.captions.forLanguage(language),
        );
        await store.approvals.setCaptionsIfMissing(item.id, captions);
      }
      let expiresAt = started + config.approval.expireAfter;
      // An event item is useful only until the event has passed.
      if (item.event_ends_at && item.event_ends_at.getTime() < expiresAt) expiresAt = item.event_ends_at.getTime();
      await store.approvals.setExpiry(item.id, new Date(expiresAt));
      const finished = item.state === 'pending' ? undefined : item.state === 'expired' ? ('expired' as const) : ('decided' as const);
      return {
        ...(finished ? { finished } : {}),
        approvers,
        backups,
        captions,
        link: item.url,
        hashtag: hashtags[0],
        remindAt: new Date(started + config.approval.remindAfter).toISOString(),
        escalateAt: new Date(started + config.approval.escalateAfter).toISOString(),
        expiresAt: new Date(expiresAt).toISOString(),
        ...(deps.slack ? { slack: true as const } : {}),
        ...(deps.teams ? { teams: true as const } : {}),
      };
    },

    /** One approval mail to one approver, sent once: the audit row keyed by item × approver × kind is the proof. */
    async sendApprovalMail(input: { itemId: string; to: Approver; kind: ApprovalMailKind; expiresAt: string }): Promise<{ sent: boolean }> {
      // Beats while it works, so a worker that dies mid-send is noticed at the heartbeat timeout, not minutes later.
      const stopKeepAlive = keepAlive(currentActivity());
      try {
        const key = `${input.itemId}:${input.to.email}:${input.kind}`;
        const log = deps.log.child({ itemId: input.itemId, to: input.to.email, kind: input.kind });
        if (await store.approvals.eventByKey(key)) {
          log.debug('approval mail already sent');
          return { sent: false };
        }
        // An approver who chose a daily summary gets this item in it (activities/engagement-steps.ts), not a mail of its own.
        if (
          (input.kind === 'request' || input.kind === 'reminder') &&
          (await roster()).admins.some((admin) => admin.email === input.to.email && admin.approvalMail === 'daily')
        ) {
          await store.approvals.recordEvent({
            key,
            itemId: input.itemId,
            kind: EVENT_OF[input.kind],
            actor: 'kaiku',
            channel: 'email',
            recipient: input.to.email,
            detail: { deliveredIn: 'daily summary' },
          });
          log.info('approver reads a daily summary: no mail of its own');
          return { sent: false };
        }
        const item = await itemOrFail(input.itemId);
        const messageId = approvalMessageId(config, deps.secret, input.kind, item.id, input.to.email);
        const threaded = input.kind === 'reminder' || input.kind === 'confirmation';
        // Threaded under the request as it was sent: one sent before Message-IDs were signed keeps its old id.
        const requestId = threaded
          ? ((await store.approvals.eventByKey(`${item.id}:${input.to.email}:request`))?.message_id ??
            approvalMessageId(config, deps.secret, 'request', item.id, input.to.email))
          : undefined;
        const from = config.email.from;
        const replyTo = replyAddress(config, approvalToken(deps.secret, 'reply', item.id, input.to.email, input.expiresAt));
        let rendered;
        if (input.kind === 'confirmation') {
          rendered = confirmationMail(item, await roster());
        } else {
          rendered = renderApprovalMail({
            kind: input.kind,
            item,
            sourceName: await sourceName(item.source_id),
            captions: item.captions!,
            approverName: input.to.name,
            programName: program.name,
            approveUrl: approvalLinkUrl(config, approvalToken(deps.secret, 'approve', item.id, input.to.email, input.expiresAt)),
            rejectUrl: approvalLinkUrl(config, approvalToken(deps.secret, 'reject', item.id, input.to.email, input.expiresAt)),
            replyAddress: replyTo,
            expiresText: formatMoment(new Date(input.expiresAt), program.timeZone),
            ...(input.kind === 'escalation' && item.approval_started_at ? { waitingSince: formatMoment(item.approval_started_at, program.timeZone) } : {}),
          });
        }
        try {
          await deps.mailer.send({
            from,
            to: `${input.to.name} <${input.to.email}>`,
            replyTo,
            subject: rendered.subject,
            html: rendered.html,
            text: rendered.text,
            messageId,
            ...(requestId ? { inReplyTo: requestId, references: [requestId] } : {}),
            headers: { 'Auto-Submitted': input.kind === 'confirmation' ? 'auto-replied' : 'auto-generated', 'X-Kaiku-Item': item.id },
          });
        } catch (error) {
          if (error instanceof PermanentMailError) throw ApplicationFailure.nonRetryable(error.message, 'PermanentMailError');
          throw error;
        }
        await store.approvals.recordEvent({
          key,
          itemId: item.id,
          kind: EVENT_OF[input.kind],
          actor: 'kaiku',
          channel: 'email',
          recipient: input.to.email,
          messageId,
        });
        if (input.kind === 'request') metrics.approvalRequests.inc({ channel: 'email' });
        log.info({ messageId }, 'approval mail sent');
        return { sent: true };
      } finally {
        stopKeepAlive();
      }
    },

    /** Writes the decision onto the item and into the audit trail, once. */
    async recordDecision(input: { itemId: string; decision: Decision }): Promise<void> {
      const { decision } = input;
      await store.transaction(async (tx) => {
        await tx.approvals.decide(input.itemId, {
          state: decision.outcome,
          by: decision.by.email,
          at: new Date(decision.at),
          via: decision.channel,
          reason: decision.reason,
          captions: decision.captions,
        });
        await tx.approvals.recordEvent({
          key: `${input.itemId}:decision`,
          itemId: input.itemId,
          kind: decision.outcome,
          actor: decision.by.email,
          channel: decision.channel,
          at: new Date(decision.at),
          detail: { ...(decision.reason ? { reason: decision.reason } : {}), captionsEdited: decision.captions.edited },
        });
      });
      deps.log.info({ itemId: input.itemId, outcome: decision.outcome, by: decision.by.email, via: decision.channel }, 'approval decided');
    },

    async recordExpiry(input: { itemId: string; expiredAt: string }): Promise<void> {
      await store.transaction(async (tx) => {
        await tx.approvals.expire(input.itemId, new Date(input.expiredAt));
        await tx.approvals.recordEvent({
          key: `${input.itemId}:expired`,
          itemId: input.itemId,
          kind: 'expired',
          actor: 'kaiku',
          channel: 'system',
          at: new Date(input.expiredAt),
        });
      });
      deps.log.info({ itemId: input.itemId }, 'approval expired without a decision');
    },
  };

  function confirmationMail(item: ItemRow, people: AdminRoster) {
    const decision = {
      outcome: item.state as 'approved' | 'rejected',
      by: people.admins.find((admin) => admin.email === item.decided_by) ?? { email: item.decided_by ?? '', name: item.decided_by ?? '' },
      at: item.decided_at!.toISOString(),
      channel: item.decided_via ?? 'email',
    };
    return renderNotice({
      subject: `Re: ${approvalSubject(item.title)}`,
      lines: confirmationLines({
        item,
        outcome: decision.outcome,
        captions: item.captions,
        reason: item.decision_reason,
        recorded: describeDecision(decision),
        firstGoesOut: formatMoment(nextDigestAt(item.decided_at!, program.timeZone, digestMomentOf(config.digest)), program.timeZone),
      }),
      programName: program.name,
    });
  }
}
