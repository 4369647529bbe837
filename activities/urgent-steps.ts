import { programNameIn } from '../config/program-name.js';
import { ApplicationFailure } from '@temporalio/activity';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../config/schema.js';
import type { Store } from '../db/store.js';
import type { Mailer } from '../integrations/email/mailer.js';
import type { SlackClient } from '../integrations/slack/web-client.js';
import { mrkdwn } from '../integrations/slack/slack-text.js';
import { mailDomain } from '../rules/approvals/addresses.js';
import { digestLinks, trackedUrl } from '../rules/digests/links.js';
import { personalCaption } from '../rules/digests/share-target.js';
import type { Secret } from '../rules/tokens/secret.js';
import { audienceOf, type UrgentSegment } from '../rules/urgent/urgent-audience.js';
import { renderUrgentMail } from '../rules/urgent/urgent-mail.js';
import { currentActivity } from './activity-context.js';
import { createKeyedMail } from './keyed-mail.js';
import { captionFor } from '../rules/captions/caption-variants.js';

// The steps of an urgent send (workflows/urgent-send.ts): plan its recipients once, mail them in batches (each mail
// keyed by send × advocate, so a retried batch mails nobody twice), and post one message in the programme's Slack channel.

export interface UrgentStepsDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  mailer: Mailer;
  slack?: SlackClient | undefined;
  log: Logger;
}

export interface UrgentSendInput {
  sendId: string;
  itemId: string;
  segment: UrgentSegment;
}

export function createUrgentSteps(deps: UrgentStepsDeps) {
  const { store, config } = deps;
  const sendKeyed = createKeyedMail(deps);
  const domain = mailDomain(config);

  async function approvedItem(itemId: string) {
    const item = await store.items.get(itemId);
    if (!item?.captions || item.state !== 'approved') throw ApplicationFailure.nonRetryable(`item ${itemId} is not an approved item`, 'NotApproved');
    // Retracted after the Count: the mails not yet sent are not sent.
    if (item.retracted_at) throw ApplicationFailure.nonRetryable(`item ${itemId} was retracted`, 'Retracted');
    return { ...item, captions: item.captions };
  }

  return {
    /** The send's recipients, decided once (the console's rule, at this moment): a retried plan finds the first. */
    async planUrgentSend(input: UrgentSendInput): Promise<{ planned: number; leftOut: Record<string, number> }> {
      await approvedItem(input.itemId);
      const cap = config.mail.urgentCap;
      const at = new Date();
      const rows = await store.urgent.audienceRows(new Date(at.getTime() - (cap?.per ?? 0)));
      const audience = audienceOf(rows, input.segment, cap, at);
      const plan = await store.urgent.plan(input.sendId, audience.reach, audience.leftOut);
      deps.log.info({ sendId: input.sendId, itemId: input.itemId, ...plan }, 'urgent send planned');
      return plan;
    },

    /** Mails up to `limit` of the send's recipients not mailed yet; `more` while some remain. */
    async sendUrgentMails(input: {
      sendId: string;
      itemId: string;
      limit: number;
    }): Promise<{ sent: number; already: number; refused: number; more: boolean }> {
      const activity = currentActivity();
      const item = await approvedItem(input.itemId);
      const recipients = await store.urgent.unsent(input.sendId, input.limit);
      const counts = { sent: 0, already: 0, refused: 0 };
      for (const advocate of recipients) {
        const links = digestLinks(config, deps.secret, advocate.advocate_id);
        const networks = advocate.networks.length > 0 ? advocate.networks : (['linkedin'] as const);
        const network = networks[0]!;
        const caption = personalCaption(
          network,
          captionFor(item.captions, network, advocate.advocate_id, item.id),
          item.url,
          trackedUrl(config, deps.secret, advocate.advocate_id, item.id),
        );
        const mail = renderUrgentMail({
          advocate,
          programName: programNameIn(config.program, advocate.language),
          item: { title: item.title, url: item.url, summary: item.summary },
          caption,
          network,
          shares: networks.map((n) => ({ network: n, url: links.share(item.id, n) })),
          links,
        });
        const outcome = await sendKeyed({
          key: `urgent:${input.sendId}:${advocate.advocate_id}`,
          kind: 'urgent',
          to: advocate.email,
          mail,
          headers: {
            'List-Unsubscribe': `<${links.unsubscribe}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'List-Id': `${config.program.name.replace(/[<>"]/g, '')} urgent <urgent.${domain}>`,
            'X-Kaiku-Urgent': `${input.sendId}/${advocate.advocate_id}`,
          },
        });
        // An address its mail server refused for good is not counted as mailed, nor against the advocate's urgent cap.
        await store.urgent.markMailed(input.sendId, advocate.advocate_id, outcome === 'refused' ? 'failed' : 'sent');
        counts[outcome]++;
        activity?.heartbeat(counts);
      }
      deps.log.info({ sendId: input.sendId, itemId: input.itemId, ...counts }, 'urgent mails sent');
      return { ...counts, more: recipients.length === input.limit };
    },

    /** One short message in the programme's Slack channel (`slack.channel`), once per send; nothing without one. */
    async postUrgentSlack(input: { sendId: string; itemId: string }): Promise<{ posted: boolean }> {
      const channel = config.slack.channel;
      if (!deps.slack || !channel) return { posted: false };
      const send = await store.urgent.get(input.sendId);
      if (send?.slack_ts) return { posted: false };
      const item = await approvedItem(input.itemId);
      const text = `:mega: New post to share from ${mrkdwn(config.program.name)}: <${item.url}|${mrkdwn(item.title)}>. Your share links are in your email.`;
      const response = await deps.slack.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
      await store.urgent.recordSlack(input.sendId, response.channel!, response.ts!);
      deps.log.info({ sendId: input.sendId, itemId: input.itemId, channel: response.channel, ts: response.ts }, 'urgent post in Slack');
      return { posted: true };
    },

    async finishUrgentSend(input: { sendId: string; itemId: string }): Promise<{ mailed: number }> {
      await store.urgent.finish(input.sendId);
      const mailed = await store.urgent.mailedCount(input.sendId);
      deps.log.info({ sendId: input.sendId, itemId: input.itemId, mailed }, 'urgent send done');
      return { mailed };
    },
  };
}
