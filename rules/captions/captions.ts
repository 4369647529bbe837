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

// How long each network's proposal aims to be: well under the limit, as posts that get read are short.
const TARGET: Record<Network, number> = { linkedin: 1300, x: 280, facebook: 1300, bluesky: 300, mastodon: 500, threads: 500, whatsapp: 700 };

/** The proposed caption for every network: title, as much of the summary as fits, the link and the program's hashtags. */
export function proposeCaptions(raw: CaptionInput): ItemCaptions {
  // Stored titles and summaries are clean already; a caption is posted as written, so it is made sure of here.
  const input = { ...raw, title: safeText(raw.title), summary: raw.summary === null ? null : safeText(raw.summary) };
  const tags = input.hashtags.filter((tag) => !input.title.toLowerCase().includes(tag.toLowerCase())).join(' ');
  const summary = input.summary && !input.title.toLowerCase().startsWith(input.summary.slice(0, 40).toLowerCase()) ? input.summary : '';
  const networks = {} as Record<Network, string>;
  for (const network of NETWORKS) {
    const count = NETWORK_RULES[network].count;
    const compose = (title: string, body: string) => [title, body, [input.url, tags].filter(Boolean).join(' ')].filter(Boolean).join('\n\n');
    let body = summary;
    let caption = compose(input.title, body);
    // Cut the summary at a word, then the title, until the caption fits the network's target.
    while (count(caption) > TARGET[network] && body) {
      body = shorten(body, count(caption) - TARGET[network]);
      caption = compose(input.title, body);
    }
    let title = input.title;
    while (count(caption) > TARGET[network] && title.length > 1) {
      title = shorten(title, count(caption) - TARGET[network]);
      caption = compose(title, '');
    }
    networks[network] = caption;
  }
  return { language: input.language, networks, edited: false };
}

/** Drops about `excess` characters from the end at a word boundary, with an ellipsis; empty when little is left. */
function shorten(text: string, excess: number): string {
  const keep = text.length - Math.max(excess, 1) - 1;
  if (keep < 20) return keep <= 0 ? '' : `${text.slice(0, keep).trimEnd()}…`;
  const cut = text.slice(0, keep);
  const space = cut.lastIndexOf(' ');
  return `${(space > keep * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`;
}
