import { NETWORK_NAMES, NETWORKS } from '../../rules/captions/caption-limits.js';
import { shareTarget } from '../../rules/digests/share-target.js';
import { safeText } from '../../rules/text/safe-text.js';
import type { ItemCaptions } from '../../model/item.js';
import { card, plainRun, type AdaptiveCard } from './approval-card.js';

// The week's top posts in the programme's Teams channel, after a digest run (`teams.weeklyTopPosts`). Its share
// buttons open each network's own dialog with the item's caption and untracked link: a channel post has no
// advocate to track, so these shares earn no points (the digest's buttons do), and the card says so.

export interface TopPost {
  id: string;
  title: string;
  url: string;
  sourceName: string;
  captions: ItemCaptions;
  /** In how many of the run's sent digests it was. */
  digests: number;
}

// Teams and the renderer show at most 5 buttons in a row and drop the rest: the buttons go in rows of 5.
const PER_ROW = 5;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/** The network's share dialog for the item's own caption (Mastodon: the share hub, which asks for the server). */
export function channelShareUrl(network: (typeof NETWORKS)[number], post: Pick<TopPost, 'captions'>, hashtags: readonly string[]): string | undefined {
  return shareTarget(network, post.captions.networks[network], hashtags, null).url;
}

/**
 * One card: each post's title, source, how many digests carried it, "Open" and a share button per network.
 * @example
 * topPostsCard([{ id, title: 'Library opens', url, sourceName: 'City news', captions, digests: 120 }], 'Vaasa advocates', ['#Vaasa']);
 */
export function topPostsCard(posts: readonly TopPost[], programName: string, hashtags: readonly string[]): AdaptiveCard {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: `This week's top posts in ${safeText(programName)}`, wrap: true, weight: 'Bolder', size: 'Medium', color: 'Accent' },
    {
      type: 'TextBlock',
      text: 'The posts in most of this week’s digests. Share one with a click: the network opens with the caption written. Shares from here earn no points; your digest’s buttons do.',
      wrap: true,
      size: 'Small',
      isSubtle: true,
    },
  ];
  posts.forEach((post, index) => {
    const actions = [
      ...(isWebUrl(post.url) ? [{ type: 'Action.OpenUrl', title: 'Open', url: post.url }] : []),
      ...NETWORKS.flatMap((network) => {
        const url = channelShareUrl(network, post, hashtags);
        return url ? [{ type: 'Action.OpenUrl', title: NETWORK_NAMES[network], url }] : [];
      }),
    ];
    body.push({
      type: 'Container',
      id: `post-${index + 1}`,
      separator: true,
      spacing: 'Medium',
      items: [
        plainRun(`${index + 1}. ${clip(post.title, 300)}`, { weight: 'Bolder' }),
        plainRun(clip(`${post.sourceName} · in ${post.digests} digest${post.digests === 1 ? '' : 's'}`, 300), { isSubtle: true, size: 'Small' }),
        ...Array.from({ length: Math.ceil(actions.length / PER_ROW) }, (_, row) => ({
          type: 'ActionSet',
          spacing: row === 0 ? 'Default' : 'Small',
          actions: actions.slice(row * PER_ROW, (row + 1) * PER_ROW),
        })),
      ],
    });
  });
  return card(body, []);
}
