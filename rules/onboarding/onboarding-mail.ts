import { html } from 'hono/html';
import { NETWORK_NAMES } from '../captions/caption-limits.js';
import type { Network } from '../../model/item.js';
import { button, emailLayout, safeMail, wrapText, type RenderedMail } from '../mail/layout.js';
import { onboardingStringsFor } from './onboarding-strings.js';

// The welcome sequence's mails: the welcome (the programme, its guideline, how sharing works, what is tracked
// and what is not, how to pause), "your first posts" with the best approved items, and a tip with the
// leaderboard opt-in. Pure; an admin's subject and intro replace kaiku's own for the advocate's language.

export type OnboardingKind = 'welcome' | 'first-posts' | 'tip';

export interface OnboardingMailInput {
  kind: OnboardingKind;
  advocate: { name: string; language: string };
  programName: string;
  /** The admin's words for this step, by language. */
  subject?: Partial<Record<string, string>> | undefined;
  intro?: Partial<Record<string, string>> | undefined;
  guideline?: { url: string; text?: Partial<Record<string, string>> | undefined } | undefined;
  preferencesUrl: string;
  /** For `first-posts`: the items, each with the advocate's caption and share button for one network. */
  items?: { title: string; url: string; caption: string; network: Network; shareUrl: string }[];
}

const HEADING = 'font-size:16px;margin:20px 0 6px;';

/**
 * @example
 * renderOnboardingMail({ kind: 'welcome', advocate: { name: 'Aino Virtanen', language: 'fi' }, programName: 'Vaasa', preferencesUrl });
 * // { subject: 'Tervetuloa mukaan: Vaasa', html: …, text: 'Hei Aino, tervetuloa mukaan …' }
 */
export function renderOnboardingMail(input: OnboardingMailInput): RenderedMail {
  const o = onboardingStringsFor(input.advocate.language);
  const name = input.advocate.name.split(/\s+/)[0] ?? input.advocate.name;
  const own = (words: Partial<Record<string, string>> | undefined) => words?.[input.advocate.language];
  const kaikuSubject = { welcome: o.welcomeSubject, 'first-posts': o.firstPostsSubject, tip: o.tipSubject }[input.kind](input.programName);
  const kaikuIntro = { welcome: o.welcomeIntro(name, input.programName), 'first-posts': o.firstPostsIntro(name), tip: o.tipIntro(name) }[input.kind];
  const subject = own(input.subject) ?? kaikuSubject;
  const intro = own(input.intro) ?? kaikuIntro;
  const sections: { title?: string; text: string; link?: { label: string; url: string } }[] = [];
  if (input.kind === 'welcome') {
    if (input.guideline) {
      sections.push({ title: o.guidelineTitle, text: own(input.guideline.text) ?? '', link: { label: o.guidelineLink, url: input.guideline.url } });
    }
    sections.push({ title: o.howTitle, text: o.how }, { title: o.trackedTitle, text: `${o.tracked} ${o.notTracked}` });
    sections.push({ title: o.pauseTitle, text: o.pause, link: { label: o.preferences, url: input.preferencesUrl } });
  }
  if (input.kind === 'tip') {
    sections.push({ text: o.tip }, { text: o.leaderboard, link: { label: o.leaderboardLink, url: input.preferencesUrl } });
  }
  const items = input.kind === 'first-posts' ? (input.items ?? []) : [];
  const body = html`<p style="margin:0 0 12px;">${intro}</p>
    ${sections.map(
      (section) =>
        html`${section.title ? html`<h2 style="${HEADING}">${section.title}</h2>` : ''}
        ${section.text ? html`<p style="margin:0 0 8px;">${section.text}</p>` : ''}
        ${section.link ? html`<p style="margin:0 0 8px;"><a href="${section.link.url}">${section.link.label}</a></p>` : ''}`,
    )}
    ${items.map(
      (item) =>
        html`<h2 style="${HEADING}"><a href="${item.url}" style="color:#1d2433;text-decoration:none;">${item.title}</a></h2>
          <div style="margin:6px 0 12px;padding:12px;background:#f3f4f7;border-radius:6px;white-space:pre-wrap;font-size:14px;">${item.caption}</div>
          ${button(o.shareOn(NETWORK_NAMES[item.network]), item.shareUrl, '#0a66c2')}`,
    )}
    ${input.kind === 'welcome' ? '' : html`<p style="margin:16px 0 0;font-size:13px;"><a href="${input.preferencesUrl}" style="color:#5f6b7a;">${o.preferences}</a></p>`}`;
  const text = [
    wrapText(intro),
    ...sections.map((section) =>
      [
        section.title ? `${section.title}\n` : '',
        section.text ? wrapText(section.text) : '',
        section.link ? `\n${section.link.label}: ${section.link.url}` : '',
      ]
        .join('')
        .trim(),
    ),
    ...items.map((item) => `${item.title}\n\n${item.caption}\n\n${o.shareOn(NETWORK_NAMES[item.network])}: ${item.shareUrl}`),
    ...(input.kind === 'welcome' ? [] : [`${o.preferences}: ${input.preferencesUrl}`]),
  ].join('\n\n');
  return safeMail({ subject, html: emailLayout({ title: subject, preheader: intro, body, footer: input.programName }), text: `${text}\n` });
}
