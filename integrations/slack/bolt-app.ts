import { App, type BlockAction, type ButtonAction, type SlackViewAction } from '@slack/bolt';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import { NETWORKS } from '../../rules/captions/caption-limits.js';
import { applyCaptionEdit } from '../../rules/approvals/decisions.js';
import { closedItemRefusal, submitDecision } from '../temporal/submit-decision.js';
import { HTTP_TEMPORAL_DEADLINE, TemporalUnavailableError } from '../temporal/deadline.js';
import { ACTIONS, captionBlockId, captionsFromView, EDIT_VIEW, editCaptionsView } from './approval-card.js';
import { KaikuSlackReceiver } from './receiver.js';
import { submitSuggestion } from '../temporal/submit-suggestion.js';
import { engagementStringsFor } from '../../rules/engagement/engagement-strings.js';
import { createSlackClient, slackLogger, type SlackSettings } from './web-client.js';
import { mrkdwn, slackLink } from './slack-text.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';

export interface SlackAppDeps {
  settings: SlackSettings;
  config: KaikuConfig;
  store: Store;
  /** For decisions (the `decide` Update, as the email channel sends it). */
  client: Client;
  log: Logger;
}

export const SLACK_COMMAND = '/kaiku';

/**
 * The Slack channel into the approval workflow: Bolt's listeners for the card's buttons, the Edit
 * caption modal and `/kaiku`. Every click is acknowledged first (Slack allows three seconds), then
 * sent as the same `decide` Update the email channel uses; the workflow updates the cards.
 */
export function createSlackApp(deps: SlackAppDeps): { receiver: KaikuSlackReceiver; app: App } {
  const { config, store, log } = deps;
  const receiver = new KaikuSlackReceiver({
    signingSecret: deps.settings.signingSecret,
    known: { actions: new Set(Object.values(ACTIONS)), views: new Set([EDIT_VIEW]), commands: new Set([SLACK_COMMAND]) },
    log,
  });
  const web = createSlackClient(deps.settings, log);
  // Who the bot is, asked once it is needed and again after a failure (a Slack outage at start must
  // not leave the app unable to answer until a restart).
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const app = new App({
    receiver,
    clientOptions: { slackApiUrl: deps.settings.apiUrl },
    logger: slackLogger(log),
    authorize: async () => {
      identity ??= web.auth.test().then(
        (result) => ({ ...(result.bot_id ? { botId: result.bot_id } : {}), ...(result.user_id ? { botUserId: result.user_id } : {}) }),
        (error: unknown) => {
          identity = undefined;
          throw error;
        },
      );
      return { botToken: deps.settings.token, ...(await identity) };
    },
  });

  // kaiku.yaml's admins and the console's, read at each click: a change in the console holds without a restart.
  const approverOf = async (slackUserId: string) => (await store.admins.inEffect(config)).admins.find((admin) => admin.slackUserId === slackUserId);
  const notAnApprover = (slackUserId: string) =>
    `You are not one of this program's approvers in kaiku (no admin has the Slack id ${slackUserId}; an admin adds it as \`slackUserId\` in the config). Nothing was changed.`;
  // What kaiku says privately is its own prose around names, titles and addresses: all of it escaped.
  const tellPrivately = async (channel: string, user: string, text: string) => {
    await web.chat
      .postEphemeral({ channel, user, text: mrkdwn(text, { multiline: true }) })
      .catch((error: unknown) => log.warn({ err: error, channel, user }, 'could not answer privately in Slack'));
  };

  /** The item a click is about: the card's own record, so a button can act only on the item its card shows. */
  async function clickedItem(body: BlockAction, value: string | undefined): Promise<string | undefined> {
    const channel = body.container?.channel_id ?? body.channel?.id;
    const ts = body.container?.message_ts ?? body.message?.ts;
    if (!channel || !ts) return undefined;
    const card = await store.slack.cardAt(channel, ts);
    return card && card.item_id === value ? card.item_id : undefined;
  }

  async function alreadyClosed(itemId: string): Promise<string | undefined> {
    const item = await store.items.get(itemId);
    return item ? closedItemRefusal(item, await store.admins.names(config)) : 'kaiku does not know this item. Nothing was changed.';
  }

  for (const decision of ['approve', 'reject'] as const) {
    app.action<BlockAction<ButtonAction>>(ACTIONS[decision], async ({ ack, body, action }) => {
      await ack();
      const channel = body.container?.channel_id ?? body.channel?.id ?? '';
      const user = body.user.id;
      const clickLog = log.child({ slackUser: user, channel, ts: body.container?.message_ts, decision });
      const itemId = await clickedItem(body, action.value);
      if (!itemId) {
        clickLog.warn({ value: action.value }, 'Slack click on a card kaiku did not post');
        return tellPrivately(channel, user, 'kaiku does not know this card. Nothing was changed.');
      }
      const admin = await approverOf(user);
      if (!admin) {
        clickLog.info({ itemId }, 'Slack click from someone who is not an approver');
        return tellPrivately(channel, user, notAnApprover(user));
      }
      // The click was acknowledged; Temporal out of reach is told to the clicker within the HTTP deadline.
      const result = await submitDecision(
        { client: deps.client, store, config, log, deadline: HTTP_TEMPORAL_DEADLINE },
        itemId,
        { decision, actor: admin.email, channel: 'slack' },
        `slack:${channel}:${body.container?.message_ts}:${user}:${action.action_ts}`,
      ).catch((error: unknown) => {
        if (!(error instanceof TemporalUnavailableError)) throw error;
        clickLog.warn({ itemId, err: error.cause }, 'Temporal out of reach: the Slack click was not taken');
        return { ok: false as const, refusal: error.message };
      });
      if (!result.ok) return tellPrivately(channel, user, result.refusal);
      clickLog.info({ itemId }, 'decision taken in Slack');
    });
  }

  app.action<BlockAction<ButtonAction>>(ACTIONS.edit, async ({ ack, body, action }) => {
    await ack();
    const channel = body.container?.channel_id ?? body.channel?.id ?? '';
    const user = body.user.id;
    const itemId = await clickedItem(body, action.value);
    if (!itemId) return tellPrivately(channel, user, 'kaiku does not know this card. Nothing was changed.');
    if (!(await approverOf(user))) return tellPrivately(channel, user, notAnApprover(user));
    const closed = await alreadyClosed(itemId);
    if (closed) return tellPrivately(channel, user, closed);
    const item = (await store.items.get(itemId))!;
    await web.views.open({
      trigger_id: body.trigger_id,
      view: editCaptionsView({ id: item.id, title: item.title, captions: item.captions! }, { channel, ts: body.container!.message_ts! }),
    });
  });

  app.view<SlackViewAction>(EDIT_VIEW, async ({ ack, body, view }) => {
    const firstField = captionBlockId(NETWORKS[0]!);
    let meta: { itemId?: string; channel?: string };
    try {
      meta = JSON.parse(view.private_metadata) as { itemId?: string; channel?: string };
    } catch {
      meta = {};
    }
    const admin = await approverOf(body.user.id);
    if (!meta.itemId) return ack({ response_action: 'errors', errors: { [firstField]: 'kaiku does not know this form. Nothing was changed.' } });
    if (!admin) return ack({ response_action: 'errors', errors: { [firstField]: notAnApprover(body.user.id) } });
    const closed = await alreadyClosed(meta.itemId);
    if (closed) return ack({ response_action: 'errors', errors: { [firstField]: closed } });
    const item = (await store.items.get(meta.itemId))!;
    const edits = captionsFromView(view.state.values);
    const context = { captions: item.captions!, link: item.url, hashtag: (await hashtagsInEffect(store.captions, config.program.hashtags))[0] };
    const errors: Record<string, string> = {};
    for (const network of NETWORKS) {
      const text = edits[network];
      if (text === undefined) continue;
      const { problems } = applyCaptionEdit(context, { networks: { [network]: text } });
      if (text.trim() === '') errors[captionBlockId(network)] = 'Write a caption, or Cancel to keep the proposals.';
      else if (problems[0]) errors[captionBlockId(network)] = problems[0];
    }
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
    await ack();
    const result = await submitDecision(
      { client: deps.client, store, config, log },
      meta.itemId,
      { decision: 'approve', actor: admin.email, channel: 'slack', captions: { networks: edits } },
      `slack-view:${view.id}:${body.user.id}`,
    );
    if (!result.ok && meta.channel) await tellPrivately(meta.channel, body.user.id, result.refusal);
  });

  app.command(SLACK_COMMAND, async ({ ack, command }) => {
    const suggested = /^\s*suggest\b\s*(.*)$/i.exec(command.text ?? '');
    if (suggested) {
      const url = suggested[1]!.trim().replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1'); // Slack wraps links as <url> or <url|label>
      if (!url) return ack({ response_type: 'ephemeral', text: 'Give the link to suggest: `/kaiku suggest https://…`' });
      // Slack wants an answer within 3 seconds; reading the page can take longer, so the outcome follows privately.
      await ack({ response_type: 'ephemeral', text: `Checking ${mrkdwn(url)} …` });
      const text = await suggestFromSlack(command.user_id, url);
      await tellPrivately(command.channel_id, command.user_id, text);
      return;
    }
    const admin = await approverOf(command.user_id);
    if (!admin) return ack(mrkdwn(notAnApprover(command.user_id)));
    const pending = await store.items.listByState('pending', 10);
    if (pending.length === 0) return ack('Nothing is waiting for a decision.');
    await ack({
      response_type: 'ephemeral',
      text: `Waiting for a decision (${pending.length === 10 ? 'the 10 oldest' : pending.length}):\n${pending.map((item) => `• ${slackLink(item.url, item.title)}`).join('\n')}`,
    });
  });

  async function suggestFromSlack(slackUserId: string, url: string): Promise<string> {
    const profile = await web.users.info({ user: slackUserId }).catch((error: unknown) => {
      log.warn({ err: error, slackUserId }, 'users.info failed');
      return undefined;
    });
    const email = profile?.user?.profile?.email?.toLowerCase();
    if (!email) return 'kaiku could not read the email address on your Slack profile (the app needs the users:read.email scope), so nothing was suggested.';
    const advocate = await store.advocates.byEmail(email);
    if (!advocate) return `${email} is not on the advocates' roster, so kaiku cannot credit a suggestion to you. Ask the programme's admins to add you.`;
    const outcome = await submitSuggestion({ store, client: deps.client, config, log }, { advocateId: advocate.id, url, via: 'slack' });
    const e = engagementStringsFor(advocate.language);
    if (outcome.state === 'refused') return outcome.reason;
    if (outcome.state === 'duplicate') return `${e.suggestKnown} (${outcome.title})`;
    return `${e.suggestThanks}${outcome.state === 'accepted' ? ` (${outcome.title})` : ''}`;
  }

  app.error(async (error) => {
    log.error({ err: error }, 'Slack listener error');
  });

  return { receiver, app };
}
