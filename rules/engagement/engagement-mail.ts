import { html } from 'hono/html';
import { NETWORK_NAMES } from '../captions/caption-limits.js';
import type { Network } from '../../model/item.js';
import { engagementStringsFor } from './engagement-strings.js';
import { button, emailLayout, safeMail, wrapText, type RenderedMail } from '../mail/layout.js';

// The engagement cycles' mails: a nudge to a quiet advocate, a winner's mail, the admins' reward summary,
// and an approver's daily summary of what waits for them.

function firstName(name: string): string {
  return name.split(/\s+/)[0] ?? name;
}

export function renderNudge(input: {
  advocate: { name: string; language: string };
  programName: string;
  item: { title: string; url: string; caption: string; network: Network };
  shareUrl: string;
  snoozeUrl: string;
}): RenderedMail {
  const e = engagementStringsFor(input.advocate.language);
  const subject = e.nudgeSubject(input.programName);
  const intro = e.nudgeBody(firstName(input.advocate.name), input.programName);
  const body = html`<p style="margin:0 0 16px;">${intro}</p>
    <h1 style="font-size:19px;line-height:1.3;margin:0 0 8px;">
      <a href="${input.item.url}" style="color:#1d2433;text-decoration:none;">${input.item.title}</a>
    </h1>
    <div style="margin:6px 0 12px;padding:12px;background:#f3f4f7;border-radius:6px;white-space:pre-wrap;font-size:14px;">${input.item.caption}</div>
    ${button(`${e.nudgeBest} (${NETWORK_NAMES[input.item.network]})`, input.shareUrl, '#0a66c2')}
    <p style="margin:16px 0 0;font-size:13px;"><a href="${input.snoozeUrl}" style="color:#5f6b7a;">${e.snooze}</a></p>`;
  return safeMail({
    subject,
    html: emailLayout({ title: subject, preheader: intro, body, footer: input.programName }),
    text: `${wrapText(intro)}\n\n${input.item.title}\n\n${input.item.caption}\n\n${e.nudgeBest}: ${input.shareUrl}\n\n${e.snooze}: ${input.snoozeUrl}\n`,
  });
}

export function renderRewardWinner(input: {
  advocate: { name: string; language: string };
  programName: string;
  month: string;
  points: number;
  kind: 'top' | 'draw';
  rank: number;
  prize: string;
}): RenderedMail {
  const e = engagementStringsFor(input.advocate.language);
  const subject = `${e.rewardSubject(input.month)} (${input.programName})`;
  const text = e.rewardBody(firstName(input.advocate.name), input.month, input.points, input.prize, input.kind, input.rank);
  return safeMail({
    subject,
    html: emailLayout({ title: subject, preheader: text, body: html`<p style="margin:0 0 12px;font-size:17px;">🏆 ${text}</p>`, footer: input.programName }),
    text: `${wrapText(text)}\n`,
  });
}

export interface SummaryWinner {
  name: string;
  email: string;
  branch: string | null;
  points: number;
  kind: 'top' | 'draw';
  rank: number;
}

export function renderRewardSummary(input: {
  programName: string;
  month: string;
  prize: string;
  winners: readonly SummaryWinner[];
  adminUrl: string;
}): RenderedMail {
  const subject = `Rewards for ${input.month}: ${input.winners.length} winner${input.winners.length === 1 ? '' : 's'} to hand out (${input.programName})`;
  const label = (w: SummaryWinner) => (w.kind === 'top' ? `#${w.rank}` : 'drawn');
  const lines = input.winners.map((w) => `${label(w)}  ${w.name} <${w.email}>${w.branch ? `, ${w.branch}` : ''}: ${w.points} points`);
  const intro =
    input.winners.length > 0
      ? `${input.month} is closed. Each winner has been told by email; please hand out the rewards (${input.prize}).`
      : `${input.month} is closed with no winners: nobody earned points this month.`;
  const body = html`<p style="margin:0 0 12px;">${intro}</p>
    ${
      input.winners.length > 0
        ? html`<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px;">
            ${input.winners.map(
              (w) =>
                html`<tr style="border-top:1px solid #e3e7ee;">
                  <td>${label(w)}</td>
                  <td>${w.name}</td>
                  <td><a href="mailto:${w.email}">${w.email}</a></td>
                  <td>${w.branch ?? ''}</td>
                  <td style="text-align:right;">${w.points}</td>
                </tr>`,
            )}
          </table>`
        : ''
    }
    <p style="margin:16px 0 0;"><a href="${input.adminUrl}">The leaderboards on the admin page</a></p>`;
  return safeMail({
    subject,
    html: emailLayout({ title: subject, preheader: intro, body, footer: `kaiku for ${input.programName}` }),
    text: `${wrapText(intro)}\n\n${lines.join('\n')}\n\n${input.adminUrl}\n`,
  });
}

export interface WaitingItem {
  title: string;
  url: string;
  sourceName: string;
  waitingSince: string;
  approveUrl: string;
  rejectUrl: string;
}

export function renderApproverSummary(input: { approverName: string; programName: string; items: readonly WaitingItem[] }): RenderedMail {
  const n = input.items.length;
  const subject = `${n} item${n === 1 ? '' : 's'} waiting for your approval (${input.programName})`;
  const intro = `Hello ${firstName(input.approverName)}, here is everything waiting for your decision today. Each button opens a confirmation page.`;
  const body = html`<p style="margin:0 0 16px;">${intro}</p>
    ${input.items.map(
      (item) =>
        html`<div style="border-top:1px solid #e3e7ee;padding:12px 0;">
          <div style="font-weight:600;"><a href="${item.url}" style="color:#1d2433;">${item.title}</a></div>
          <div style="font-size:13px;color:#5f6b7a;margin:0 0 8px;">${item.sourceName} · waiting since ${item.waitingSince}</div>
          ${button('Approve', item.approveUrl, '#1a7f37')} ${button('Reject', item.rejectUrl, '#b42318')}
        </div>`,
    )}`;
  const text = `${wrapText(intro)}\n\n${input.items
    .map(
      (item) => `${item.title}\n${item.sourceName} · waiting since ${item.waitingSince}\n${item.url}\nApprove: ${item.approveUrl}\nReject: ${item.rejectUrl}\n`,
    )
    .join('\n')}`;
  return safeMail({ subject, html: emailLayout({ title: subject, preheader: intro, body, footer: `kaiku for ${input.programName}` }), text });
}
