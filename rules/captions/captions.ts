import type { ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS, NETWORK_RULES } from './caption-limits.js';
import { safeText } from '../text/safe-text.js';

export interface CaptionInput {
  title: string;
  summary: string | null;
  url: string;
  language: string;
  hashtags: readonly string[];
}

/** What goes into a caption: the clean title, the summary unless it only repeats the title, the link, and the hashtags the title lacks. */
export interface CaptionParts {
  title: string;
  summary: string;
  url: string;
  tags: string;
  language: string;
}

// How long each network's proposal aims to be: well under the limit, as posts that get read are short.
export const TARGET: Record<Network, number> = { linkedin: 1300, x: 280, facebook: 1300, bluesky: 300, mastodon: 500, threads: 500, whatsapp: 700 };

export function captionParts(raw: CaptionInput): CaptionParts {
  // Stored titles and summaries are clean already; a caption is posted as written, so it is made sure of here.
  const title = safeText(raw.title);
  const rawSummary = raw.summary === null ? null : safeText(raw.summary);
  const tags = raw.hashtags.filter((tag) => !title.toLowerCase().includes(tag.toLowerCase())).join(' ');
  const summary = rawSummary && !title.toLowerCase().startsWith(rawSummary.slice(0, 40).toLowerCase()) ? rawSummary : '';
  return { title, summary, url: raw.url, tags, language: raw.language };
}

/** The caption `compose` makes, with the summary cut at a word, then the title, until it fits `budget` as the network counts. */
export function fitCaption(parts: CaptionParts, network: Network, budget: number, compose: (title: string, summary: string) => string): string {
  const count = NETWORK_RULES[network].count;
  let body = parts.summary;
  let caption = compose(parts.title, body);
  while (count(caption) > budget && body) {
    body = shorten(body, count(caption) - budget);
    caption = compose(parts.title, body);
  }
  let title = parts.title;
  while (count(caption) > budget && title.length > 1) {
    title = shorten(title, count(caption) - budget);
    caption = compose(title, '');
  }
  return caption;
}

/** The proposed caption for every network: title, as much of the summary as fits, the link and the program's hashtags. */
export function proposeCaptions(raw: CaptionInput): ItemCaptions {
  const parts = captionParts(raw);
  const networks = {} as Record<Network, string>;
  for (const network of NETWORKS) {
    const compose = (title: string, body: string) => [title, body, [parts.url, parts.tags].filter(Boolean).join(' ')].filter(Boolean).join('\n\n');
    networks[network] = fitCaption(parts, network, TARGET[network], compose);
  }
  return { language: parts.language, networks, edited: false };
}

/** Drops about `excess` characters from the end at a word boundary, with an ellipsis; empty when little is left. */
function shorten(text: string, excess: number): string {
  const keep = text.length - Math.max(excess, 1) - 1;
  if (keep < 20) return keep <= 0 ? '' : `${text.slice(0, keep).trimEnd()}…`;
  const cut = text.slice(0, keep);
  const space = cut.lastIndexOf(' ');
  return `${(space > keep * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
