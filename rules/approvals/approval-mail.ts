import { html } from 'hono/html';
import type { ItemRow } from '../../db/schema.js';
import type { ItemCaptions, Network } from '../../model/item.js';
import { NETWORKS, NETWORK_NAMES } from '../captions/caption-limits.js';
import { captionsInTurn } from '../captions/caption-variants.js';
import { button, emailLayout, safeMail, wrapText, type RenderedMail } from '../mail/layout.js';

export type RequestKind = 'request' | 'reminder' | 'escalation';

export interface ApprovalMailInput {
  kind: RequestKind;
  item: Pick<ItemRow, 'id' | 'title' | 'summary' | 'url' | 'image_url' | 'language'>;
  sourceName: string;
  captions: ItemCaptions;
  approverName: string;
  programName: string;
  approveUrl: string;
  rejectUrl: string;
  replyAddress: string;
  /** "Monday 30 November at 08:30 (Europe/Helsinki)". */
  expiresText: string;
  waitingSince?: string;
}

export function approvalSubject(title: string): string {
  return `Approve? ${title}`;
}

// The caption box keeps the caption's own line breaks (pre-wrap), so nothing but the caption may sit inside it:
// a short one-line template that the formatter leaves alone.
const CAPTION_BOX = 'margin:0 0 12px;padding:10px 12px;background:#f6f7f9;border-left:3px solid #2457c5;white-space:pre-wrap;font-size:14px;';
const LABEL = 'margin:0 0 4px;font-size:12px;color:#5f6b7a;text-transform:uppercase;letter-spacing:.04em;';

/** "LinkedIn", or "LinkedIn · variant 2 of 3" where advocates get one of the network's variants. */
function variantLabel(network: Network, index: number, count: number): string {
  return count > 1 ? `${NETWORK_NAMES[network]} · variant ${index + 1} of ${count}` : NETWORK_NAMES[network];
}

/** Said once, under the captions, when some network has variants. */
export const VARIANTS_NOTE =
  'Where a network has variants, each advocate gets one of them, so colleagues do not all post the same words. A caption you write for a network replaces its variants.';

const hasVariants = (captions: ItemCaptions) => NETWORKS.some((network) => captionsInTurn(captions, network).length > 1);

/** The approval request, its reminder and its escalation: one template, three openings. */
export function renderApprovalMail(input: ApprovalMailInput): RenderedMail {
  const opening: Record<RequestKind, string> = {
    request: `A new item from ${input.sourceName} is waiting for your approval before it goes out to the advocates of ${input.programName}.`,
    reminder: `A reminder: this item from ${input.sourceName} is still waiting for a decision.`,
    escalation: `You are the backup approver: this item from ${input.sourceName} has waited${input.waitingSince ? ` since ${input.waitingSince}` : ''} without a decision.`,
  };
  const subject = input.kind === 'reminder' ? `Re: ${approvalSubject(input.item.title)}` : approvalSubject(input.item.title);
  const how = [
    'Reply to this email with one word on the first line:',
    '  approve (hyväksy, godkänn) to approve as it is;',
    '  reject (hylkää, avvisa), and a reason if you like, to reject;',
    '  approve, and a new caption on the lines below, to approve with it',
    '  (kaiku adds the link and the hashtag if you leave them out; start a',
    '  line with "X:" or "LinkedIn:" to write one caption for one network).',
  ];
  const body = html`<p style="margin:0 0 16px;">Hello ${input.approverName},</p>
    <p style="margin:0 0 16px;">${opening[input.kind]}</p>
    ${
      input.item.image_url
        ? html`<img
            src="${input.item.image_url}"
            alt=""
            width="552"
            style="display:block;width:100%;max-width:552px;height:auto;border-radius:6px;margin:0 0 16px;"
          />`
        : ''
    }
    <h1 style="font-size:20px;line-height:1.3;margin:0 0 8px;">
      <a href="${input.item.url}" style="color:#1d2433;text-decoration:none;">${input.item.title}</a>
    </h1>
    <p style="margin:0 0 8px;color:#5f6b7a;font-size:13px;">${input.sourceName} · <a href="${input.item.url}" style="color:#2457c5;">${input.item.url}</a></p>
    ${input.item.summary ? html`<p style="margin:0 0 16px;">${input.item.summary}</p>` : ''}
    <h2 style="font-size:15px;margin:20px 0 8px;">Proposed captions</h2>
    ${NETWORKS.flatMap((network) =>
      captionsInTurn(input.captions, network).map(
        (caption, index, all) =>
          html`<p style="${LABEL}">${variantLabel(network, index, all.length)}</p>
            <div style="${CAPTION_BOX}">${caption}</div>`,
      ),
    )}
    ${hasVariants(input.captions) ? html`<p style="margin:0 0 12px;font-size:13px;color:#5f6b7a;">${VARIANTS_NOTE}</p>` : ''}
    <div style="margin:20px 0 8px;">${button('Approve', input.approveUrl, '#1f7a4d')}${button('Reject', input.rejectUrl, '#b3261e')}</div>
    <p style="margin:8px 0 0;font-size:13px;color:#5f6b7a;">
      Each button opens a page where you confirm; nothing is decided by opening the link. Or reply to this email:<br />
      <strong>approve</strong> (hyväksy, godkänn), <strong>reject</strong> (hylkää, avvisa) and a reason, or <strong>approve</strong> with a new caption on the
      lines below.
    </p>`;
  const text = [
    `Hello ${input.approverName},`,
    '',
    opening[input.kind],
    '',
    input.item.title,
    `${input.sourceName} · ${input.item.url}`,
    '',
    input.item.summary ?? '',
    '',
    'PROPOSED CAPTIONS',
    ...NETWORKS.flatMap((network) =>
      captionsInTurn(input.captions, network).flatMap((caption, index, all) => ['', `${variantLabel(network, index, all.length)}:`, caption]),
    ),
    ...(hasVariants(input.captions) ? ['', VARIANTS_NOTE] : []),
    '',
    `Approve: ${input.approveUrl}`,
    `Reject:  ${input.rejectUrl}`,
    '(Each link opens a page where you confirm.)',
    '',
    ...how,
    '',
    `Waiting for a decision until ${input.expiresText}.`,
  ].join('\n');
  return safeMail({
    subject,
    html: emailLayout({
      title: subject,
      preheader: `${input.sourceName}: ${input.item.summary?.slice(0, 90) ?? input.item.title}`,
      body,
      footer: `Sent by kaiku for ${input.programName} because you approve content from ${input.sourceName}. Waiting for a decision until ${input.expiresText}.`,
    }),
    text: wrapText(text.replace(/\n{3,}/g, '\n\n')),
  });
}

export interface ConfirmationInput {
  item: Pick<ItemRow, 'title'>;
  outcome: 'approved' | 'rejected';
  /** What kaiku stored: the caption per network (approved) … */
  captions?: ItemCaptions | null | undefined;
  /** … or the reason (rejected). */
  reason?: string | null | undefined;
  /** "approved by Ada Admin <ada@…> at … by email reply". */
  recorded: string;
  /** When it first goes out: "Monday 30 November at 08:30 (Europe/Helsinki)". */
  firstGoesOut: string;
  /** This is the confirmation of a correction. */
  corrected?: boolean;
}

/**
 * The confirmation of a decision, in lines for `renderNotice`: exactly what was stored (each network's caption,
 * or the reason) and how to correct it before the item first goes out.
 *
 * @example renderNotice({ subject: 'Re: Approve? Budget', lines: confirmationLines(input), programName: 'Vantaa' })
 */
export function confirmationLines(input: ConfirmationInput): string[] {
  const lines: string[] = [];
  const verb = input.outcome === 'approved' ? 'Approved' : 'Rejected';
  lines.push(
    input.outcome === 'approved'
      ? `${input.corrected ? 'Corrected: approved' : verb}: "${input.item.title}". It goes out to advocates in the next digest, ${input.firstGoesOut}.`
      : `${input.corrected ? 'Corrected: rejected' : verb}: "${input.item.title}". It will not reach advocates.`,
  );
  if (input.outcome === 'approved' && input.captions) {
    lines.push(input.captions.edited ? 'With the captions as you wrote them, for each network:' : 'With the proposed captions, for each network:');
    for (const network of NETWORKS) {
      const inTurn = captionsInTurn(input.captions, network);
      inTurn.forEach((caption, index) => lines.push(`${variantLabel(network, index, inTurn.length)}: ${caption}`));
    }
  }
  if (input.outcome === 'rejected') lines.push(input.reason ? `Reason: ${input.reason}` : 'No reason was given.');
  lines.push(`Recorded: ${input.recorded}.`);
  lines.push(
    input.outcome === 'approved'
      ? `Not what you meant? Until ${input.firstGoesOut}, reply to this mail: "approve" and the caption as it should be (a line starting "LinkedIn:" or "X:" for one network), or "reject" and a reason. kaiku then changes it and confirms again.`
      : `Not what you meant? Until ${input.firstGoesOut}, reply to this mail with "approve" (and a caption if you like); kaiku then approves it and confirms again.`,
  );
  return lines;
}

/** A short notice in the approval's thread: a confirmation, or why a reply changed nothing. */
export function renderNotice(input: { subject: string; lines: string[]; programName: string }): RenderedMail {
  // pre-wrap: a caption's own line breaks are part of what was stored.
  const body = html`${input.lines.map((line) => html`<p style="margin:0 0 12px;white-space:pre-wrap;">${line}</p>`)}`;
  return safeMail({
    subject: input.subject,
    html: emailLayout({ title: input.subject, preheader: input.lines[0] ?? '', body, footer: `kaiku for ${input.programName}` }),
    text: wrapText(input.lines.join('\n\n')),
  });
}
