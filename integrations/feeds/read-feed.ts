import { BodyDecodeError, decodeBodyDetailed } from '../http/decode-body.js';
import { FeedParseError } from './feed-error.js';
import { parseFeed, type ParsedFeed } from './parse-feed.js';

/**
 * A fetched body as a feed: decompressed if it is gzip/zlib without saying so, decoded by its charset,
 * parsed. What was repaired on the way is in `warnings`; what cannot be read throws `FeedParseError`.
 *
 * @example const feed = await readFeed(response.body, { contentType: response.contentType, url: response.url });
 */
export async function readFeed(body: Buffer, options: { contentType?: string | undefined; url: string; maxBytes?: number }): Promise<ParsedFeed> {
  let decoded;
  try {
    decoded = decodeBodyDetailed(body, options.contentType, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes });
  } catch (error) {
    if (error instanceof BodyDecodeError) throw new FeedParseError(error.message);
    throw error;
  }
  const feed = await parseFeed(decoded.text, options.url);
  return { ...feed, warnings: [...decoded.warnings, ...feed.warnings] };
}
