// Which of the images a feed entry names is the article's picture. Feeds carry many that are not: web-bug
// pixels (1×1 GIFs from FeedBurner, Pheedo, Feedsportal), "share on…" buttons, FeedBurner's flare (`~ff/`, `~r/`).
// Shown as the item's image, such a pixel would be every advocate's preview; without one, the article page's
// og:image fills in (enrichment).

export interface ImageCandidate {
  url: string;
  type?: string | undefined;
  medium?: string | undefined;
  width?: string | undefined;
  height?: string | undefined;
  /** The byte length an enclosure declares. */
  length?: string | undefined;
  /** Found in the entry's HTML rather than in a media element. */
  inline?: boolean;
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|avif)(\?|#|$)/i;
// Hosts that serve counters and buttons, never an article's picture.
const TRACKING_HOSTS =
  /(^|\.)(feedburner\.com|feedproxy\.google\.com|feeds\.feedburner\.com|pheedo\.com|feedsportal\.com|doubleclick\.net|pixel\.wp\.com|stats\.wordpress\.com|feedblitz\.com|addtoany\.com|sharethis\.com|digg\.com|facebook\.com|twitter\.com|linkedin\.com|google-analytics\.com|quantserve\.com|scorecardresearch\.com)$/i;
const TRACKING_PATHS = /\/~(ff|r|a|f)\/|\/(pixel|tracking|tracker|beacon|spacer|1x1|share[-_]?button)s?([./_-]|$)/i;

/** True for an image that only counts reads or asks to share, whatever the feed calls it. */
export function isTrackingImage(candidate: ImageCandidate): boolean {
  const width = Number(candidate.width);
  const height = Number(candidate.height);
  if ((Number.isFinite(width) && width > 0 && width <= 2) || (Number.isFinite(height) && height > 0 && height <= 2)) return true;
  if ((width > 0 && width < 48 && height > 0 && height < 48) || Number(candidate.length) === 43) return true; // icons; 43 bytes is the classic 1×1 GIF
  let url: URL;
  try {
    url = new URL(candidate.url);
  } catch {
    return true;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  return TRACKING_HOSTS.test(url.hostname) || TRACKING_PATHS.test(url.pathname + url.search);
}

function isImage(candidate: ImageCandidate): boolean {
  if (candidate.medium) return candidate.medium === 'image';
  if (candidate.type) return candidate.type.toLowerCase().startsWith('image/');
  return IMAGE_EXTENSION.test(candidate.url);
}

/** The first candidate that is an image and not a tracker, in the order given (media elements before inline HTML). */
export function pickImage(candidates: readonly ImageCandidate[]): string | undefined {
  return candidates.find((candidate) => isImage(candidate) && !isTrackingImage(candidate))?.url;
}
