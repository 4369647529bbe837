// How each network counts a post's length, and its limit. Pure and free of Node APIs: the approval
// workflow's update validator checks edited captions with it.

import type { Network } from '../../model/item.js';
import { safeText } from '../text/safe-text.js';

// New networks go at the end: a share link's token holds the network's place in this list.
export const NETWORKS: readonly Network[] = ['linkedin', 'x', 'facebook', 'bluesky', 'mastodon', 'threads', 'whatsapp'];

export const NETWORK_NAMES: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  threads: 'Threads',
  whatsapp: 'WhatsApp',
};

// Finnish says "on LinkedIn" by inflecting the name (inessive, with vowel harmony): "Jaa LinkedInissä".
const FINNISH_INESSIVE: Record<Network, string> = {
  linkedin: 'LinkedInissä',
  x: 'X:ssä',
  facebook: 'Facebookissa',
  bluesky: 'Blueskyssa',
  mastodon: 'Mastodonissa',
  threads: 'Threadsissä',
  whatsapp: 'WhatsAppissa',
};

/** "Share on <network>" in Finnish, e.g. `shareOnInFinnish('LinkedIn')` → "Jaa LinkedInissä"; a name kaiku does not know keeps the uninflected form. */
export function shareOnInFinnish(name: string): string {
  const network = NETWORKS.find((candidate) => NETWORK_NAMES[candidate] === name);
  return network ? `Jaa ${FINNISH_INESSIVE[network]}` : `Jaa palvelussa ${name}`;
}

interface Rule {
  limit: number;
  /** How the limit is counted, for the message an approver reads. */
  unit: string;
  count(text: string): number;
}

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
// X and Mastodon count every link as 23 characters, whatever its length.
const LINK_WEIGHT = 23;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

function withLinksAs(text: string, weight: number, count: (rest: string) => number): number {
  let links = 0;
  const rest = text.replace(URL_PATTERN, () => {
    links++;
    return '';
  });
  return count(rest) + links * weight;
}

// X's weighting (twitter-text v3): Latin, punctuation and common symbols count 1; CJK and most other
// scripts count 2; an emoji, however many code points, counts 2.
const LIGHT_RANGES: [number, number][] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

function countX(text: string): number {
  return withLinksAs(text, LINK_WEIGHT, (rest) => {
    let total = 0;
    for (const { segment } of graphemes.segment(rest)) {
      if (/\p{Extended_Pictographic}/u.test(segment)) {
        total += 2;
        continue;
      }
      for (const char of segment) {
        const code = char.codePointAt(0)!;
        total += LIGHT_RANGES.some(([from, to]) => code >= from && code <= to) ? 1 : 2;
      }
    }
    return total;
  });
}

export const NETWORK_RULES: Record<Network, Rule> = {
  linkedin: { limit: 3000, unit: 'characters', count: countCodePoints },
  x: { limit: 280, unit: 'characters, a link counting as 23', count: countX },
  facebook: { limit: 63206, unit: 'characters', count: countCodePoints },
  bluesky: { limit: 300, unit: 'characters (graphemes)', count: countGraphemes },
  mastodon: { limit: 500, unit: 'characters, a link counting as 23', count: (text) => withLinksAs(text, LINK_WEIGHT, countCodePoints) },
  // Threads counts a link in full.
  threads: { limit: 500, unit: 'characters', count: countCodePoints },
  // WhatsApp's own ceiling for one message; the proposals aim far lower.
  whatsapp: { limit: 65536, unit: 'characters', count: countCodePoints },
};

export interface CaptionCheck {
  network: Network;
  length: number;
  limit: number;
  ok: boolean;
  /** For a caption over the limit: what an approver reads. */
  problem?: string;
}

export function checkCaption(network: Network, text: string): CaptionCheck {
  const rule = NETWORK_RULES[network];
  const length = rule.count(text);
  if (text.trim() === '') return { network, length, limit: rule.limit, ok: false, problem: `The ${NETWORK_NAMES[network]} caption is empty.` };
  if (length <= rule.limit) return { network, length, limit: rule.limit, ok: true };
  return {
    network,
    length,
    limit: rule.limit,
    ok: false,
    problem: `The ${NETWORK_NAMES[network]} caption is ${length} ${rule.unit.split(',')[0]} long; ${NETWORK_NAMES[network]} allows ${rule.limit} (${rule.unit}). Shorten it by ${length - rule.limit}.`,
  };
}

/**
 * An approver's edit as it will be stored: their text, with the item's link and the program's first
 * hashtag added when they left them out (the link is what advocates share, the hashtag how the program
 * follows the posts).
 */
export function completeCaption(text: string, link: string, hashtag: string | undefined): string {
  let caption = safeText(text, { multiline: true }).trim();
  if (!caption.includes(link)) caption = `${caption}\n\n${link}`;
  if (hashtag && !caption.toLowerCase().includes(hashtag.toLowerCase())) caption = `${caption} ${hashtag}`;
  return caption;
}
