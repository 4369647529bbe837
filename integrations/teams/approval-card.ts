import { NETWORK_NAMES, NETWORK_RULES, NETWORKS } from '../../rules/captions/caption-limits.js';
import type { Network } from '../../model/item.js';
import { safeText } from '../../rules/text/safe-text.js';
import { captionsInTurn } from '../../rules/captions/caption-variants.js';
import type { CardItem } from '../slack/approval-card.js';

// The approval card in Teams, as an Adaptive Card (1.4: Universal Actions). Pure: activities post these and the
// bot reads their verbs and inputs back, so the ids live here, once. What comes from a feed or a person goes in
// a RichTextBlock's TextRun, which Teams shows as it is (a TextBlock would read Markdown: `[Log in](https://…)`
// would become a link); TextBlocks hold kaiku's own words only.

export const VERBS = { approve: 'kaiku.approve', reject: 'kaiku.reject', approveEdited: 'kaiku.approveEdited' } as const;
export type Verb = (typeof VERBS)[keyof typeof VERBS];
const CAPTION_INPUT = 'caption_';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; body: Record<string, unknown>[]; actions?: Record<string, unknown>[] };

export type TeamsCardOutcome = { outcome: 'approved' | 'rejected'; by: string; at: string; reason?: string | undefined } | { outcome: 'expired'; at: string };

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Text that Teams shows as written: never Markdown, never a link. */
export function plainRun(text: string, style: Record<string, unknown> = {}, multiline = false): Record<string, unknown> {
  return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: safeText(text, { multiline }), ...style }] };
}

/** kaiku's own words (headings, labels): a TextBlock. */
function heading(text: string, style: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextBlock', text, wrap: true, weight: 'Bolder', ...style };
}

/** A time every reader sees in their own zone (Adaptive Cards' DATE and TIME want seconds, no fraction). */
export function cardTime(iso: string): string {
  const at = `${new Date(iso).toISOString().slice(0, 19)}Z`;
  return `{{DATE(${at}, SHORT)}} {{TIME(${at})}}`;
}

const isHttps = (url: string | null): url is string => !!url && /^https:\/\//i.test(url);
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

function itemBody(item: CardItem, programName: string, captions = true): Record<string, unknown>[] {
  return [
    plainRun(clip(item.title, 300), { weight: 'Bolder', size: 'Medium' }),
    ...(isHttps(item.imageUrl) ? [{ type: 'Image', url: item.imageUrl, altText: safeText(clip(item.title, 300)), size: 'Stretch' }] : []),
    ...(item.summary ? [plainRun(clip(item.summary, 1500), {}, true)] : []),
    plainRun(clip(`${item.sourceName} · ${programName}`, 300), { isSubtle: true, size: 'Small' }),
    ...(captions
      ? NETWORKS.flatMap((network) => {
          const inTurn = captionsInTurn(item.captions, network);
          return [
            heading(inTurn.length > 1 ? `${NETWORK_NAMES[network]} · ${inTurn.length} variants, one per advocate` : NETWORK_NAMES[network], {
              size: 'Small',
              spacing: 'Medium',
            }),
            ...inTurn.map((caption) => plainRun(clip(caption, 3000), {}, true)),
          ];
        })
      : []),
  ];
}

function openArticle(item: Pick<CardItem, 'url'>): Record<string, unknown>[] {
  return isWebUrl(item.url) ? [{ type: 'Action.OpenUrl', title: 'Open the article', url: item.url }] : [];
}

/** Action.Execute, with Action.Submit as the fallback for clients without Universal Actions (a message submit). */
function execute(verb: Verb, title: string, itemId: string, style?: string): Record<string, unknown> {
  const data = { kaiku: verb, itemId };
  return { type: 'Action.Execute', verb, title, data, ...(style ? { style } : {}), fallback: { type: 'Action.Submit', title, data } };
}

/** An Adaptive Card 1.4 of `body` and `actions`, full width in Teams. */
export function card(body: Record<string, unknown>[], actions: Record<string, unknown>[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body,
    ...(actions.length > 0 ? { actions } : {}),
    msteams: { width: 'Full' },
  };
}

/** The card while the item waits: the item, its captions per network, Approve / Reject / Edit caption. */
export function pendingTeamsCard(item: CardItem, programName: string): AdaptiveCard {
  const editor = card(
    [
      heading('Approving with these captions. The link and hashtag are added if you leave them out.', { weight: 'Default', size: 'Small' }),
      ...NETWORKS.map((network) => ({
        type: 'Input.Text',
        id: `${CAPTION_INPUT}${network}`,
        label: `${NETWORK_NAMES[network]} (at most ${NETWORK_RULES[network].limit} characters)`,
        isMultiline: true,
        value: safeText(item.captions.networks[network], { multiline: true }),
      })),
    ],
    [execute(VERBS.approveEdited, 'Approve with these captions', item.id, 'positive')],
  );
  return card(
    [...itemBody(item, programName), heading('Waiting for a decision', { size: 'Small', spacing: 'Medium', color: 'Attention' })],
    [
      execute(VERBS.approve, 'Approve', item.id, 'positive'),
      execute(VERBS.reject, 'Reject', item.id, 'destructive'),
      { type: 'Action.ShowCard', title: 'Edit caption', card: editor },
      ...openArticle(item),
    ],
  );
}

/** The card once decided or expired: the buttons give way to who decided and when. */
export function decidedTeamsCard(item: CardItem, programName: string, outcome: TeamsCardOutcome): AdaptiveCard {
  const line =
    outcome.outcome === 'expired'
      ? [heading(`⌛ Expired without a decision ${cardTime(outcome.at)}`, { color: 'Warning' })]
      : [
          heading(`${outcome.outcome === 'approved' ? '✅ Approved' : '🚫 Rejected'} ${cardTime(outcome.at)}, by`, {
            color: outcome.outcome === 'approved' ? 'Good' : 'Attention',
          }),
          plainRun(outcome.by),
          ...(outcome.outcome === 'rejected' && outcome.reason ? [plainRun(`Reason: ${clip(outcome.reason, 500)}`, { isSubtle: true }, true)] : []),
        ];
  return card([...itemBody(item, programName), { type: 'Container', id: 'outcome', separator: true, items: line }], openArticle(item));
}

/** The short post in the programme's channel when an item is approved. */
export function approvedPostCard(item: CardItem, programName: string): AdaptiveCard {
  return card(
    [heading(`New in ${safeText(programName)}: ready to share`, { size: 'Small', color: 'Accent' }), ...itemBody(item, programName, false)],
    openArticle(item),
  );
}

/** The captions an "Approve with these captions" click carries, by network. */
export function captionsFromInputs(data: Record<string, unknown> | undefined): Partial<Record<Network, string>> {
  const captions: Partial<Record<Network, string>> = {};
  for (const network of NETWORKS) {
    const value = data?.[`${CAPTION_INPUT}${network}`];
    if (typeof value === 'string') captions[network] = value;
  }
  return captions;
}

/** The input id that holds a network's caption. */
export function captionInputId(network: Network): string {
  return `${CAPTION_INPUT}${network}`;
}
