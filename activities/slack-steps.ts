import { ApplicationFailure } from '@temporalio/activity';
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { AdminEntry } from '../model/admin.js';
import type { ItemRow } from '../db/schema.js';
import type { ItemCaptions } from '../model/item.js';
import type { Store } from '../db/store.js';
import type { Approver } from '../rules/approvals/decisions.js';
import { decidedCard, pendingCard, type CardItem, type CardOutcome } from '../integrations/slack/approval-card.js';
import type { SlackClient } from '../integrations/slack/web-client.js';
import { mrkdwn } from '../integrations/slack/slack-text.js';
import { metrics } from '../integrations/metrics/metrics.js';

export interface SlackStepsDeps {
  store: Store;
  config: KaikuConfig;
  /** Absent when Slack is off: a workflow planned with Slack on then fails its Slack steps for good, and says so. */
  slack?: SlackClient | undefined;
  log: Logger;
}

// Slack answers these when retrying cannot help: the card is given up, the workflow logs why.
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'message_not_found',
  'cant_update_message',
  'user_not_found',
  'invalid_blocks',
]);

// A member id as Slack writes it: only such an id becomes a mention.
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export function createSlackSteps(deps: SlackStepsDeps) {
  const { store, config } = deps;
  // kaiku.yaml's admins and the console's, read at each use: a change in the console holds without a restart.
  const adminsNow = async () => (await store.admins.inEffect(config)).admins;

  function client(): SlackClient {
    if (!deps.slack) throw ApplicationFailure.nonRetryable('Slack is not configured on this worker (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)', 'SlackOff');
    return deps.slack;
  }

  async function call<T>(what: string, itemId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof webApi.WebAPIPlatformError && PERMANENT.has(error.data.error)) {
        throw ApplicationFailure.nonRetryable(`Slack refused ${what} for ${itemId}: ${error.data.error}`, 'SlackRefused');
      }
      deps.log.warn({ itemId, err: error }, `Slack ${what} failed; retried`);
      throw error;
    }
  }

  async function cardItem(itemId: string): Promise<CardItem> {
    const item = await store.items.get(itemId);
    if (!item?.captions) throw ApplicationFailure.nonRetryable(`item ${itemId} has no captions to show`, 'UnknownItem');
    return toCardItem(item, (await store.sources.get(item.source_id))?.name ?? item.source_id);
  }

  /** Whom to mention, as mrkdwn: `<@U…>` for an admin with a well-formed Slack id, else their name, escaped. */
  const mention = (admins: readonly AdminEntry[], email: string) => {
    const admin = admins.find((a) => a.email === email);
    return admin?.slackUserId && SLACK_USER_ID.test(admin.slackUserId) ? `<@${admin.slackUserId}>` : mrkdwn(admin?.name ?? email);
  };

  return {
    /** Posts the item's card to each of its targets once (the row keyed by item × target is the proof). */
    async postApprovalCards(input: { itemId: string; approvers: Approver[] }): Promise<{ posted: number; targets: string[] }> {
      const item = await store.items.get(input.itemId);
      if (!item) throw ApplicationFailure.nonRetryable(`item ${input.itemId} is not in the store`, 'UnknownItem');
      const sourceIds = (await store.items.sourcesOf([item.id])).get(item.id) ?? [item.source_id];
      const targets = slackTargets(config, await adminsNow(), { sourceIds, topics: item.topics ?? [] }, input.approvers);
      if (targets.length === 0) {
        deps.log.warn({ itemId: item.id }, 'no Slack channel for this item and no approver with a slackUserId: the card goes nowhere');
        return { posted: 0, targets };
      }
      const card = pendingCard(await cardItem(item.id), config.program.name);
      let posted = 0;
      for (const target of targets) {
        if (await store.slack.message(item.id, target, 'card')) continue;
        const response = await call('chat.postMessage', item.id, () =>
          client().chat.postMessage({ channel: target, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false }),
        );
        await store.slack.record({ itemId: item.id, target, kind: 'card', channel: response.channel!, ts: response.ts! });
        deps.log.info({ itemId: item.id, target, channel: response.channel, ts: response.ts }, 'approval card posted in Slack');
        metrics.approvalRequests.inc({ channel: 'slack' });
        posted++;
      }
      return { posted, targets };
    },

    /** Replaces each card's buttons with the outcome, once per card and outcome. */
    async updateApprovalCards(input: { itemId: string; outcome: CardOutcomeInput }): Promise<{ updated: number }> {
      const cards = await store.slack.messages(input.itemId, 'card');
      const pending = cards.filter((card) => card.outcome !== input.outcome.outcome);
      if (pending.length === 0) return { updated: 0 };
      const outcome: CardOutcome =
        input.outcome.outcome === 'expired'
          ? input.outcome
          : { ...input.outcome, by: mention(await adminsNow(), input.outcome.byEmail), reason: input.outcome.reason };
      const item = await cardItem(input.itemId);
      const captions = input.outcome.outcome === 'expired' ? undefined : input.outcome.captions;
      const card = decidedCard(captions ? { ...item, captions } : item, config.program.name, outcome);
      for (const row of pending) {
        await call('chat.update', input.itemId, () => client().chat.update({ channel: row.channel, ts: row.ts, text: card.text, blocks: card.blocks }));
        await store.slack.markOutcome(input.itemId, row.target, input.outcome.outcome);
        deps.log.info({ itemId: input.itemId, channel: row.channel, ts: row.ts, outcome: input.outcome.outcome }, 'approval card updated in Slack');
      }
      return { updated: pending.length };
    },

    /** A reminder or escalation as a reply in each card's thread, mentioning whom it is for; once per card. */
    async postApprovalThreadReply(input: { itemId: string; kind: 'reminder' | 'escalation'; mention: Approver[] }): Promise<{ posted: number }> {
      const cards = await store.slack.messages(input.itemId, 'card');
      const admins = await adminsNow();
      const who = input.mention.map((approver) => mention(admins, approver.email)).join(', ');
      const text =
        input.kind === 'reminder'
          ? `${who}: a reminder, this item is still waiting for a decision.`
          : `${who}: this item has waited too long; you are asked as the backup approver.`;
      let posted = 0;
      for (const card of cards.filter((row) => row.outcome === null)) {
        if (await store.slack.message(input.itemId, card.target, input.kind)) continue;
        const response = await call('chat.postMessage', input.itemId, () => client().chat.postMessage({ channel: card.channel, thread_ts: card.ts, text }));
        await store.slack.record({ itemId: input.itemId, target: card.target, kind: input.kind, channel: card.channel, ts: response.ts! });
        posted++;
      }
      return { posted };
    },
  };
}

export type CardOutcomeInput =
  | {
      outcome: 'approved' | 'rejected';
      byEmail: string;
      at: string;
      reason?: string | undefined;
      /** The decided captions: the card shows them even before the store has recorded them. */
      captions?: ItemCaptions | undefined;
    }
  | { outcome: 'expired'; at: string };

export function toCardItem(item: ItemRow, sourceName: string): CardItem {
  return { id: item.id, title: item.title, url: item.url, summary: item.summary, imageUrl: item.image_url, sourceName, captions: item.captions! };
}

/**
 * Where an item's card goes: every `slack.channels` rule its sources or topics match, else `slack.channel`,
 * else (with `directMessages`) each approver who has a Slack id, by direct message.
 */
export function slackTargets(
  config: KaikuConfig,
  admins: readonly AdminEntry[],
  item: { sourceIds: readonly string[]; topics: readonly string[] },
  approvers: readonly Approver[],
): string[] {
  const matched = config.slack.channels
    .filter((rule) => rule.sources.some((id) => item.sourceIds.includes(id)) || rule.topics.some((topic) => item.topics.includes(topic)))
    .map((rule) => rule.channel);
  if (matched.length > 0) return [...new Set(matched)];
  if (config.slack.channel) return [config.slack.channel];
  if (!config.slack.directMessages) return [];
  const ids = approvers.map((approver) => admins.find((admin) => admin.email === approver.email)?.slackUserId).filter((id): id is string => !!id);
  return [...new Set(ids)];
}
