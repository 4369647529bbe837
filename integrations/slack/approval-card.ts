import type { types } from '@slack/bolt';
import { NETWORK_NAMES, NETWORK_RULES, NETWORKS } from '../../rules/captions/caption-limits.js';
import type { ItemCaptions, Network } from '../../model/item.js';
import { safeText } from '../../rules/text/safe-text.js';
import { captionsInTurn } from '../../rules/captions/caption-variants.js';
import { mrkdwn, plainText, slackLink } from './slack-text.js';

// The approval card in Slack (Block Kit) and the Edit caption modal. Pure: activities post these and
// the Bolt handlers read their ids back, so the action and block ids live here, once. What comes from a
// feed or a person (title, summary, captions, source name) goes in plain_text; mrkdwn holds kaiku's own
// words, the item's link and escaped text only (slack-text.ts).

export const ACTIONS = { approve: 'kaiku_approve', reject: 'kaiku_reject', edit: 'kaiku_edit_captions' } as const;
export const EDIT_VIEW = 'kaiku_edit_captions';
const CAPTION_BLOCK = 'caption_';
const CAPTION_INPUT = 'text';

export interface CardItem {
  id: string;
  title: string;
  url: string;
  summary: string | null;
  imageUrl: string | null;
  sourceName: string;
  captions: ItemCaptions;
}

export type CardOutcome = { outcome: 'approved' | 'rejected'; by: string; at: string; reason?: string | undefined } | { outcome: 'expired'; at: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** A time every reader sees in their own zone; the fallback is for clients that cannot. */
export function slackTime(iso: string): string {
  const at = new Date(iso);
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${at.toISOString().slice(0, 16).replace('T', ' ')} UTC>`;
}

function itemBlocks(item: CardItem, programName: string): types.KnownBlock[] {
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: plainText(clip(item.title, 150)) },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: slackLink(item.url) },
      ...(item.imageUrl ? { accessory: { type: 'image', image_url: item.imageUrl, alt_text: safeText(clip(item.title, 2000)) } } : {}),
    },
    ...(item.summary ? [{ type: 'section', text: plainText(clip(item.summary, 3000), { multiline: true }) } satisfies types.SectionBlock] : []),
    { type: 'context', elements: [plainText(clip(`${item.sourceName} · ${programName}`, 2000))] },
  ];
  for (const network of NETWORKS) {
    const inTurn = captionsInTurn(item.captions, network);
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: inTurn.length > 1 ? `*${NETWORK_NAMES[network]}* · ${inTurn.length} variants, one per advocate` : `*${NETWORK_NAMES[network]}*`,
        },
      ],
    });
    for (const caption of inTurn) blocks.push({ type: 'section', text: plainText(clip(caption, 3000), { multiline: true }) });
  }
  return blocks;
}

/** The card while the item waits: the item, its captions per network, and the three buttons. */
export function pendingCard(item: CardItem, programName: string): { text: string; blocks: types.KnownBlock[] } {
  return {
    text: `Waiting for approval: ${mrkdwn(item.title)}`,
    blocks: [
      ...itemBlocks(item, programName),
      {
        type: 'actions',
        block_id: 'decision',
        elements: [
          { type: 'button', action_id: ACTIONS.approve, text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: item.id },
          { type: 'button', action_id: ACTIONS.reject, text: { type: 'plain_text', text: 'Reject' }, style: 'danger', value: item.id },
          { type: 'button', action_id: ACTIONS.edit, text: { type: 'plain_text', text: 'Edit caption' }, value: item.id },
        ],
      },
    ],
  };
}

/** The card once decided or expired: the buttons give way to who decided and when. `by` is mrkdwn (a mention, or an escaped name). */
export function decidedCard(item: CardItem, programName: string, outcome: CardOutcome): { text: string; blocks: types.KnownBlock[] } {
  const line =
    outcome.outcome === 'expired'
      ? `:hourglass: Expired without a decision ${slackTime(outcome.at)}`
      : `${outcome.outcome === 'approved' ? ':white_check_mark: Approved' : ':no_entry_sign: Rejected'} by ${outcome.by} ${slackTime(outcome.at)}${
          outcome.outcome === 'rejected' && outcome.reason ? `: ${mrkdwn(clip(outcome.reason, 500))}` : ''
        }`;
  return {
    text: `${outcome.outcome === 'expired' ? 'Expired' : outcome.outcome === 'approved' ? 'Approved' : 'Rejected'}: ${mrkdwn(item.title)}`,
    blocks: [...itemBlocks(item, programName), { type: 'context', block_id: 'outcome', elements: [{ type: 'mrkdwn', text: line }] }],
  };
}

/** The Edit caption modal: one field per network, pre-filled; submitting approves with these captions. */
export function editCaptionsView(item: Pick<CardItem, 'id' | 'title' | 'captions'>, card: { channel: string; ts: string }): types.ModalView {
  return {
    type: 'modal',
    callback_id: EDIT_VIEW,
    private_metadata: JSON.stringify({ itemId: item.id, channel: card.channel, ts: card.ts }),
    title: { type: 'plain_text', text: 'Edit captions' },
    submit: { type: 'plain_text', text: 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'context',
        elements: [
          plainText(clip(item.title, 2000)),
          { type: 'mrkdwn', text: 'Approving with these captions. The link and hashtag are added if you leave them out.' },
        ],
      },
      ...NETWORKS.map((network): types.KnownBlock => ({
        type: 'input',
        block_id: `${CAPTION_BLOCK}${network}`,
        label: { type: 'plain_text', text: `${NETWORK_NAMES[network]} (at most ${NETWORK_RULES[network].limit} characters)` },
        element: {
          type: 'plain_text_input',
          action_id: CAPTION_INPUT,
          multiline: true,
          initial_value: safeText(item.captions.networks[network], { multiline: true }),
        },
      })),
    ],
  };
}

/** The captions an Edit caption submission holds, by network. */
export function captionsFromView(values: Record<string, Record<string, { value?: string | null }>>): Partial<Record<Network, string>> {
  const captions: Partial<Record<Network, string>> = {};
  for (const network of NETWORKS) {
    const value = values[`${CAPTION_BLOCK}${network}`]?.[CAPTION_INPUT]?.value;
    if (typeof value === 'string') captions[network] = value;
  }
  return captions;
}

/** The modal field (block id) that shows a network's caption error. */
export function captionBlockId(network: Network): string {
  return `${CAPTION_BLOCK}${network}`;
}
