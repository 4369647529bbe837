import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { AdminEntry } from '../model/admin.js';
import type { Store } from '../db/store.js';
import type { Approver } from '../rules/approvals/decisions.js';
import { approvedPostCard, decidedTeamsCard, pendingTeamsCard, type AdaptiveCard, type TeamsCardOutcome } from '../integrations/teams/approval-card.js';
import { connectorStatus, type PostedActivity, type TeamsConnector } from '../integrations/teams/connector.js';
import { safeText } from '../rules/text/safe-text.js';
import { toCardItem, type CardOutcomeInput } from './slack-steps.js';
import { topPostsCard } from '../integrations/teams/top-posts-card.js';
import { hashtagsInEffect } from '../rules/captions/program-hashtags.js';

// How many posts the week's top-posts card lists.
const TOP_POSTS = 5;

export interface TeamsStepsDeps {
  store: Store;
  config: KaikuConfig;
  /** Absent when Teams is off: a workflow planned with Teams on then fails its Teams steps for good, and says so. */
  teams?: TeamsConnector | undefined;
  log: Logger;
}

// The Bot Connector answers these when retrying cannot help (a channel the bot is not in, a bad card, a
// revoked secret): the card is given up and the workflow logs why. 429 and 5xx are retried.
const PERMANENT = new Set([400, 401, 403, 404]);

const cardActivity = (card: AdaptiveCard, summary: string) => ({
  type: 'message',
  summary,
  attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
});

export function createTeamsSteps(deps: TeamsStepsDeps) {
  const { store, config } = deps;
  // kaiku.yaml's admins and the console's, read at each use: a change in the console holds without a restart.
  const adminsNow = async () => new Map((await store.admins.inEffect(config)).admins.map((admin) => [admin.email, admin]));

  function connector(): TeamsConnector {
    if (!deps.teams) throw ApplicationFailure.nonRetryable('Teams is not configured on this worker (TEAMS_APP_ID, TEAMS_APP_PASSWORD)', 'TeamsOff');
    return deps.teams;
  }

  async function call<T>(what: string, itemId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = connectorStatus(error);
      if (status !== undefined && PERMANENT.has(status)) {
        throw ApplicationFailure.nonRetryable(`Teams refused ${what} for ${itemId}: HTTP ${status} ${(error as Error).message}`, 'TeamsRefused');
      }
      deps.log.warn({ itemId, status, err: error }, `Teams ${what} failed; retried`);
      throw error;
    }
  }

  async function cardItem(itemId: string) {
    const item = await store.items.get(itemId);
    if (!item?.captions) throw ApplicationFailure.nonRetryable(`item ${itemId} has no captions to show`, 'UnknownItem');
    return toCardItem(item, (await store.sources.get(item.source_id))?.name ?? item.source_id);
  }

  const nameOf = (admins: ReadonlyMap<string, AdminEntry>, email: string) => admins.get(email)?.name ?? email;

  function post(target: string, activity: ReturnType<typeof cardActivity>): Promise<PostedActivity> {
    const [kind, id] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
    return kind === 'user' ? connector().postToUser(id, activity) : connector().postToChannel(id, activity);
  }

  return {
    /** Posts the item's card to each of its Teams targets once (the row keyed by item × target is the proof). */
    async postTeamsApprovalCards(input: { itemId: string; approvers: Approver[] }): Promise<{ posted: number; targets: string[] }> {
      const item = await store.items.get(input.itemId);
      if (!item) throw ApplicationFailure.nonRetryable(`item ${input.itemId} is not in the store`, 'UnknownItem');
      const sourceIds = (await store.items.sourcesOf([item.id])).get(item.id) ?? [item.source_id];
      const targets = teamsTargets(config, [...(await adminsNow()).values()], { sourceIds, topics: item.topics ?? [] }, input.approvers);
      if (targets.length === 0) {
        deps.log.warn({ itemId: item.id }, 'no Teams channel for this item and no approver with an entraObjectId: the card goes nowhere');
        return { posted: 0, targets };
      }
      const shown = await cardItem(item.id);
      const activity = cardActivity(pendingTeamsCard(shown, config.program.name), `Waiting for approval: ${safeText(shown.title)}`);
      let posted = 0;
      for (const target of targets) {
        if (await store.teams.message(item.id, target, 'card')) continue;
        const sent = await call('posting the card', item.id, () => post(target, activity));
        await store.teams.record({ itemId: item.id, target, kind: 'card', ...sent });
        deps.log.info({ itemId: item.id, target, conversationId: sent.conversationId, activityId: sent.activityId }, 'approval card posted in Teams');
        posted++;
      }
      return { posted, targets };
    },

    /** Replaces each card's buttons with the outcome, for everyone who sees it; once per card and outcome. */
    async updateTeamsApprovalCards(input: { itemId: string; outcome: CardOutcomeInput }): Promise<{ updated: number }> {
      const cards = (await store.teams.messages(input.itemId, 'card')).filter((card) => card.outcome !== input.outcome.outcome);
      if (cards.length === 0) return { updated: 0 };
      const outcome: TeamsCardOutcome =
        input.outcome.outcome === 'expired'
          ? input.outcome
          : { ...input.outcome, by: nameOf(await adminsNow(), input.outcome.byEmail), reason: input.outcome.reason };
      const item = await cardItem(input.itemId);
      const captions = input.outcome.outcome === 'expired' ? undefined : input.outcome.captions;
      const card = decidedTeamsCard(captions ? { ...item, captions } : item, config.program.name, outcome);
      const activity = cardActivity(card, `${input.outcome.outcome}: ${safeText(item.title)}`);
      for (const row of cards) {
        await call('updating the card', input.itemId, () => connector().update(row.conversation_id, row.activity_id, activity));
        await store.teams.markOutcome(input.itemId, row.target, input.outcome.outcome);
        deps.log.info(
          { itemId: input.itemId, conversationId: row.conversation_id, activityId: row.activity_id, outcome: input.outcome.outcome },
          'approval card updated in Teams',
        );
      }
      return { updated: cards.length };
    },

    /** A reminder or escalation as a reply in each open card's thread, naming (and mentioning, by Entra id) whom it is for. */
    async postTeamsThreadReply(input: { itemId: string; kind: 'reminder' | 'escalation'; mention: Approver[] }): Promise<{ posted: number }> {
      const cards = (await store.teams.messages(input.itemId, 'card')).filter((row) => row.outcome === null);
      const admins = await adminsNow();
      const people = input.mention.map((approver) => ({
        name: safeText(nameOf(admins, approver.email)).replace(/[<>]/g, ''),
        id: admins.get(approver.email)?.entraObjectId,
      }));
      const who = people.map((person) => (person.id ? `<at>${person.name}</at>` : person.name)).join(', ');
      const text =
        input.kind === 'reminder'
          ? `${who}: a reminder, this item is still waiting for a decision.`
          : `${who}: this item has waited too long; you are asked as the backup approver.`;
      const entities = people
        .filter((person) => person.id)
        .map((person) => ({ type: 'mention', text: `<at>${person.name}</at>`, mentioned: { id: person.id!, name: person.name } }));
      let posted = 0;
      for (const card of cards) {
        if (await store.teams.message(input.itemId, card.target, input.kind)) continue;
        const sent = await call(`the ${input.kind}`, input.itemId, () =>
          connector().reply(card.conversation_id, card.activity_id, { type: 'message', text, textFormat: 'xml', entities }),
        );
        await store.teams.record({ itemId: input.itemId, target: card.target, kind: input.kind, ...sent });
        posted++;
      }
      return { posted };
    },

    /**
     * The digest run's top posts as one card in the programme channel (`teams.weeklyTopPosts`), once per run by
     * the key `top-posts:<run>`. At least once: a worker killed after Teams took the card and before the key was
     * recorded posts it again on the retry (the Bot Connector takes no idempotency key to ask it by).
     */
    async postTeamsTopPosts(input: { runId: string }): Promise<{ posted: boolean; posts: number }> {
      const channel = config.teams.programChannel;
      if (!channel || !config.teams.weeklyTopPosts) return { posted: false, posts: 0 };
      const key = `top-posts:${input.runId}`;
      if (await store.teams.post(key)) return { posted: false, posts: 0 };
      const top = await store.digests.topOfRun(input.runId, TOP_POSTS);
      if (top.length === 0) {
        deps.log.info({ runId: input.runId }, 'the digest run sent no digest: no top posts to post in Teams');
        return { posted: false, posts: 0 };
      }
      const posts = top.map((item) => ({
        id: item.id,
        title: item.title,
        url: item.url,
        sourceName: item.source_name,
        captions: item.captions,
        digests: item.digests,
      }));
      const activity = cardActivity(
        topPostsCard(posts, config.program.name, await hashtagsInEffect(deps.store.captions, config.program.hashtags)),
        `This week's top posts: ${safeText(top[0]!.title)}`,
      );
      const sent = await call('the top posts', `run ${input.runId}`, () => connector().postToChannel(channel, activity));
      await store.teams.recordPost(key, sent.conversationId, sent.activityId);
      deps.log.info({ runId: input.runId, channel, activityId: sent.activityId, items: posts.map((p) => p.id) }, 'top posts posted in the programme channel');
      return { posted: true, posts: posts.length };
    },

    /** The short post in the programme's channel once an item is approved; once per item. */
    async postTeamsApprovedItem(input: { itemId: string }): Promise<{ posted: boolean }> {
      const channel = config.teams.programChannel;
      if (!channel) return { posted: false };
      const key = `approved:${input.itemId}`;
      if (await store.teams.post(key)) return { posted: false };
      const shown = await cardItem(input.itemId);
      const sent = await call('the programme post', input.itemId, () =>
        connector().postToChannel(channel, cardActivity(approvedPostCard(shown, config.program.name), `Ready to share: ${safeText(shown.title)}`)),
      );
      await store.teams.recordPost(key, sent.conversationId, sent.activityId);
      deps.log.info({ itemId: input.itemId, channel, activityId: sent.activityId }, 'approved item posted in the programme channel');
      return { posted: true };
    },
  };
}

/**
 * Where an item's Teams card goes: every `teams.channels` rule its sources or topics match, else `teams.channel`,
 * else (with `directMessages`) each approver who has an `entraObjectId`, in a personal chat.
 */
export function teamsTargets(
  config: KaikuConfig,
  admins: readonly AdminEntry[],
  item: { sourceIds: readonly string[]; topics: readonly string[] },
  approvers: readonly Approver[],
): string[] {
  const matched = config.teams.channels
    .filter((rule) => rule.sources.some((id) => item.sourceIds.includes(id)) || rule.topics.some((topic) => item.topics.includes(topic)))
    .map((rule) => `channel:${rule.channel}`);
  if (matched.length > 0) return [...new Set(matched)];
  if (config.teams.channel) return [`channel:${config.teams.channel}`];
  if (!config.teams.directMessages) return [];
  const ids = approvers.map((approver) => admins.find((admin) => admin.email === approver.email)?.entraObjectId).filter((id): id is string => !!id);
  return [...new Set(ids)].map((id) => `user:${id}`);
}
