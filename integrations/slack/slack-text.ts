import type { types } from '@slack/bolt';
import { safeText, type SafeTextOptions } from '../../rules/text/safe-text.js';

// Every text kaiku sends to Slack goes through here. Slack parses a message's `text` and every mrkdwn
// object: `<…>` is a link, a mention (`<@U…>`, `<!channel>`, `<!here>`) or a date, and `&` starts an entity.
// Slack documents the escape for exactly those three (&amp; &lt; &gt;) and decodes no other entity.
// plain_text objects are shown as they are, so text kaiku did not write goes in them where a block allows.

/**
 * Text for mrkdwn or a message's `text`: control characters out, `&`, `<` and `>` escaped, so that a feed
 * title such as `<!channel>` or `<https://evil.example|Log in>` shows as those characters.
 *
 * @example
 * mrkdwn('<!channel> Fish & chips'); // '&lt;!channel&gt; Fish &amp; chips'
 */
export function mrkdwn(text: string, options: SafeTextOptions = {}): string {
  return safeText(text, options).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A mrkdwn link to a URL kaiku chose (an item's stored URL), shown as `label` or else as the URL. The URL
 * cannot end the link early (`|` and `>` are percent-encoded, `&` escaped); the label is escaped and its `|`
 * becomes '∣', as Slack has no escape for it. A URL that is not http(s) is not linked at all.
 *
 * @example
 * slackLink('https://e.org/a?b=1&c=2', 'Fish | chips'); // '<https://e.org/a?b=1&amp;c=2|Fish ∣ chips>'
 */
export function slackLink(url: string, label?: string): string {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return mrkdwn(label ?? url);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return mrkdwn(label ?? url);
  const href = target.href.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
  return label === undefined ? `<${href}>` : `<${href}|${mrkdwn(label).replace(/\|/g, '∣')}>`;
}

/** A plain_text object: shown as it is (not even `:emoji:` codes are read), so only cleaned, never escaped. */
export function plainText(text: string, options: SafeTextOptions = {}): types.PlainTextElement {
  return { type: 'plain_text', text: safeText(text, options), emoji: false };
}
