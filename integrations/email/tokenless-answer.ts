import type { KaikuConfig } from '../../config/schema.js';
import type { ItemRow } from '../../db/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import { approvalLinkUrl, approvalToken, replyAddress } from '../../rules/approvals/addresses.js';
import { approvalSubject } from '../../rules/approvals/approval-mail.js';

// What kaiku answers to mail that reached the reply mailbox without a signed reply address. It is mailed to the
// address on record only, so the links and the signed Reply-To in it reach no one the approval mail did not.
// Nothing of the incoming mail is echoed: its sender may not be who it says.

export interface TokenlessAnswer {
  subject: string;
  lines: string[];
  /** The approver's signed reply address for the item: replying to the answer then decides. */
  replyTo?: string;
}

/** The explanation for `approver`, with their own links when `item` (the one the thread points at) still waits. */
export function tokenlessAnswer(input: { config: KaikuConfig; secret: Secret; approver: string; item: ItemRow | undefined }): TokenlessAnswer {
  const { config, secret, approver, item } = input;
  const lines = [
    'kaiku received a mail from your address at its approvals mailbox, but not at the signed reply address of an approval mail (approvals+…), so it decided nothing. A forwarding rule or a mail program may have dropped that address.',
  ];
  const warning = 'If you did not send that mail, someone may have tried to decide in your name: nothing was changed.';
  if (!item) {
    lines.push('To decide an item, use Reply on its approval mail, or the Approve and Reject links in it.', warning);
    return { subject: `How to decide by email (${config.program.name})`, lines };
  }
  const subject = `Re: ${approvalSubject(item.title)}`;
  if (item.state !== 'pending' || !item.expires_at) {
    lines.push(
      `It seems to be about "${item.title}", which is ${item.state === 'pending' ? 'not ready for a decision yet' : `already ${item.state}`}.`,
      warning,
    );
    return { subject, lines };
  }
  const token = (kind: 'approve' | 'reject' | 'reply') => approvalToken(secret, kind, item.id, approver, item.expires_at!);
  lines.push(
    `It seems to be about "${item.title}". To decide it, reply to this mail with approve or reject on the first line, or open one of these links (they work for you only):`,
    `Approve: ${approvalLinkUrl(config, token('approve'))}`,
    `Reject: ${approvalLinkUrl(config, token('reject'))}`,
    warning,
  );
  return { subject, lines, replyTo: replyAddress(config, token('reply')) };
}
