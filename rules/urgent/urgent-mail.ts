import { html } from 'hono/html';
import { NETWORK_NAMES } from '../captions/caption-limits.js';
import type { Network } from '../../model/item.js';
import { stringsFor } from '../digests/digest-strings.js';
import { button, emailLayout, safeMail, wrapText, type RenderedMail } from '../mail/layout.js';
import { urgentStringsFor } from './urgent-strings.js';

// The urgent "new post to share" mail: short, in the advocate's language, the item's title and summary, the
// advocate's caption for their first network and a share button per network (the digest's signed links).

export interface UrgentMailInput {
  advocate: { name: string; language: string };
  programName: string;
  item: { title: string; url: string; summary: string | null };
  /** The caption for `network`, with the advocate's tracked link in it. */
  caption: string;
  network: Network;
  /** One share link per network the advocate uses, the first network's first. */
  shares: readonly { network: Network; url: string }[];
  links: { preferences: string; unsubscribe: string; privacy: string };
}

export function renderUrgentMail(input: UrgentMailInput): RenderedMail {
  const u = urgentStringsFor(input.advocate.language);
  const t = stringsFor(input.advocate.language);
  const first = input.advocate.name.split(/\s+/)[0] ?? input.advocate.name;
  const subject = u.subject(input.item.title);
  const intro = u.intro(first, input.programName);
  const name = NETWORK_NAMES[input.network];
  const body = html`<p style="margin:0 0 16px;">${intro}</p>
    <h1 style="font-size:19px;line-height:1.3;margin:0 0 8px;">
      <a href="${input.item.url}" style="color:#1d2433;text-decoration:none;">${input.item.title}</a>
    </h1>
    ${input.item.summary ? html`<p style="margin:0 0 12px;color:#333d4d;">${input.item.summary}</p>` : ''}
    <div style="font-size:12px;font-weight:600;color:#5f6b7a;text-transform:uppercase;letter-spacing:.04em;">${u.captionFor(name)}</div>
    <div style="margin:6px 0 12px;padding:12px;background:#f3f4f7;border-radius:6px;white-space:pre-wrap;font-size:14px;">${input.caption}</div>
    ${input.shares.map((share) => button(t.shareOn(NETWORK_NAMES[share.network]), share.url, '#0a66c2'))}`;
  const footer = html`${t.why(input.programName)}<br /><a href="${input.links.preferences}" style="color:#5f6b7a;">${t.preferences}</a> ·
    <a href="${input.links.privacy}" style="color:#5f6b7a;">${t.privacy}</a> ·
    <a href="${input.links.unsubscribe}" style="color:#5f6b7a;">${t.unsubscribe}</a>`;
  const shares = input.shares.map((share) => `${t.shareOn(NETWORK_NAMES[share.network])}: ${share.url}`).join('\n');
  return safeMail({
    subject,
    html: emailLayout({ title: subject, preheader: intro, body, footer: footer as unknown as string }),
    text:
      `${wrapText(intro)}\n\n${input.item.title}\n${input.item.url}\n${input.item.summary ? `${wrapText(input.item.summary)}\n` : ''}\n` +
      `${u.captionFor(name)}:\n${input.caption}\n\n${shares}\n\n--\n${wrapText(t.why(input.programName))}\n` +
      `${t.preferences}: ${input.links.preferences}\n${t.privacy}: ${input.links.privacy}\n${t.unsubscribe}: ${input.links.unsubscribe}\n`,
  });
}
