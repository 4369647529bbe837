import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { KaikuConfig } from '../../config/schema.js';
import type { Store } from '../../db/store.js';
import type { InboundMailRow, InboundVia } from '../../db/schema.js';
import type { Secret } from '../../rules/tokens/secret.js';
import type { Mailer } from './mailer.js';
import type { InboundOutcome } from '../../db/queries/mail.js';
import { approverDigest, checkApprovalToken } from '../../rules/tokens/approval-token.js';
import { approvalSubject, confirmationLines, renderNotice } from '../../rules/approvals/approval-mail.js';
import { applyCaptionEdit, describeDecision } from '../../rules/approvals/decisions.js';
import { digestMomentOf, formatMoment, nextDigestAt } from '../../rules/digests/digest-moment.js';
import { approvalLinkUrl, approvalMessageId, approvalToken, mailDomain, tokenInAddress } from '../../rules/approvals/addresses.js';
import { authenticationResultsFields } from './authentication-results.js';
import { checkSender } from './sender-authentication.js';
import { tokenlessAnswer } from './tokenless-answer.js';
import { mailMessageId } from '../../rules/tokens/message-id.js';
import { submitDecision } from '../temporal/submit-decision.js';
import { automaticReason } from './auto-reply.js';
import { newTextOf, parseReplyCommand, signatureLinesOf, type ReplyCommand } from './reply-parser.js';
import { readSuggestReplyToken } from '../../rules/tokens/suggest-token.js';
import { submitSuggestion } from '../temporal/submit-suggestion.js';
import { engagementStringsFor } from '../../rules/engagement/engagement-strings.js';
import { hashtagsInEffect } from '../../rules/captions/program-hashtags.js';

export interface InboundDeps {
  store: Store;
  config: KaikuConfig;
  secret: Secret;
  client: Client;
  mailer: Mailer;
  log: Logger;
}

export interface ReceivedMail {
  raw: Buffer;
  via: InboundVia;
  envelopeFrom?: string | null | undefined;
  envelopeTo?: string[] | undefined;
}

// At most this many explanations per sender per hour: a misconfigured autoresponder that slips past
// the automatic-mail checks still cannot start a storm.
const ANSWERS_PER_HOUR = 10;
const LEASE_MS = 60_000;
// A References header can name any number of ids; the approval mail a reply answers is among its last.
const MAX_THREAD_IDS = 20;
// How many of a sender's earlier replies teach kaiku their custom signature.
const EARLIER_REPLIES = 5;
const PARSE_OPTIONS = { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2_000_000 } as const;

/**
 * Mail that reached kaiku, from any of the three doors (SMTP catcher, IMAP, webhook): stored first,
 * then read. A mail is read once: a crash mid-way leaves it `received`, and the sweep takes it again
 * (its decision goes out as the same Temporal update id, so it cannot count twice).
 */
export function createInboundProcessor(deps: InboundDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  const log = deps.log.child({ component: 'inbound-mail' });

  async function accept(mail: ReceivedMail): Promise<{ id?: string; duplicate: boolean }> {
    const id = await deps.store.mail.receive({
      dedupKey: dedupKeyOf(mail.raw),
      via: mail.via,
      envelopeFrom: mail.envelopeFrom ?? null,
      envelopeTo: mail.envelopeTo ?? [],
      raw: mail.raw,
    });
    if (!id) {
      log.info({ via: mail.via }, 'inbound mail seen before; ignored');
      return { duplicate: true };
    }
    log.info({ inboundId: id, via: mail.via, size: mail.raw.length }, 'inbound mail stored');
    void processWaiting([id]).catch((error: unknown) => log.error({ err: error, inboundId: id }, 'inbound mail processing failed; the sweep retries it'));
    return { id, duplicate: false };
  }

  async function processWaiting(ids?: readonly string[]): Promise<number> {
    const rows = await deps.store.mail.claim(ids ? ids.length : 20, LEASE_MS, ids);
    for (const row of rows) {
      try {
        const outcome = await processOne(row);
        if (outcome) await deps.store.mail.finish(row.id, outcome);
      } catch (error) {
        const delay = Math.min(5 * 60_000, 2_000 * 2 ** Math.min(row.attempts, 8));
        log.warn({ err: error, inboundId: row.id, attempt: row.attempts, retryInMs: delay }, 'inbound mail not processed yet; will retry');
        await deps.store.mail.retryLater(row.id, delay, String((error as Error).message));
      }
    }
    return rows.length;
  }

  /** Reads one stored mail; returns its outcome, or undefined when it must be tried again later. */
  async function processOne(row: InboundMailRow): Promise<InboundOutcome | undefined> {
    const rowLog = log.child({ inboundId: row.id, via: row.via });
    let mail: ParsedMail;
    try {
      // skipHtmlToText: an HTML-only reply must reach the reply parser as HTML, not as text with the quote flattened in.
      mail = await simpleParser(Buffer.from(row.raw), PARSE_OPTIONS);
    } catch (error) {
      rowLog.warn({ err: error }, 'inbound mail is not valid MIME; ignored');
      return { state: 'failed', outcome: 'malformed', detail: String((error as Error).message) };
    }
    const sender = fromAddress(mail);
    if (!sender) {
      rowLog.warn('inbound mail has no From address; ignored');
      return { state: 'failed', outcome: 'malformed', detail: 'no From address' };
    }
    const automatic = automaticReason(mail, row.envelope_from);
    if (automatic) {
      rowLog.info({ sender, reason: automatic }, 'automatic mail (auto-reply, bounce or list); ignored without an answer');
      return { state: 'done', outcome: 'ignored-automatic', detail: automatic, sender };
    }
    // The receiving server's word on the From address, when the operator named that server (email.authservId).
    const authentication = checkSender(authenticationResultsFields(mail.headerLines), sender, deps.config.email.authservId);
    if (authentication.ignored.length > 0)
      rowLog.debug({ authservIds: authentication.ignored }, 'Authentication-Results fields of servers not in email.authservId; not read');
    if (authentication.verdict === 'refused') {
      rowLog.warn({ sender, reason: authentication.detail }, 'the receiving mail server could not vouch for the sender; ignored');
      return { state: 'done', outcome: 'ignored-unauthenticated', detail: authentication.detail, sender };
    }

    // Only the signed token in our reply address says which item and whose decision a reply is.
    const recipients = [
      ...(row.envelope_to as unknown as string[]),
      ...addressesOf(mail.to),
      ...addressesOf(mail.cc),
      headerText(mail, 'delivered-to'),
      headerText(mail, 'x-original-to'),
    ];
    const tokenText = recipients.map((address) => tokenInAddress(deps.config, address)).find((token) => token !== undefined);
    const suggestion = tokenText !== undefined ? readSuggestReplyToken(deps.secret, tokenText) : undefined;
    if (suggestion) return suggestionReply(row, mail, sender, suggestion, rowLog);
    if (tokenText === undefined) return tokenlessReply(row, mail, sender, rowLog);
    const check = checkApprovalToken(deps.secret, tokenText);
    if (!check.ok) {
      rowLog.warn({ sender, reason: check.reason }, 'reply address token is not valid; ignored');
      return { state: 'done', outcome: 'ignored-bad-token', detail: check.reason, sender };
    }
    if (approverDigest(sender) !== check.token.approver) {
      rowLog.warn({ sender, itemId: check.token.itemId }, 'reply from an address the token was not issued to; ignored');
      return { state: 'done', outcome: 'ignored-wrong-sender', itemId: check.token.itemId, sender };
    }
    const itemId = check.token.itemId;

    if (!mail.text?.trim() && !mail.html) {
      rowLog.warn({ sender }, 'inbound mail has no readable text; ignored');
      return { state: 'failed', outcome: 'malformed', detail: 'no readable text part', sender };
    }
    const known = signatureLinesOf(await earlierRepliesOf(sender));
    const text = newTextOf({ text: mail.text, html: mail.html }, known);
    const command = parseReplyCommand(text, { informalApproval: deps.config.email.informalApproval });
    const itemLog = rowLog.child({ itemId, sender });
    if (command.action === 'unclear') {
      itemLog.info({ firstLine: command.firstLine, hedged: command.hedged ?? false }, 'reply not understood; explaining');
      const answered = await answer(row, mail, sender, itemId, await unclearAnswer(command, itemId, sender));
      return { state: 'done', outcome: answered ? 'unclear' : 'unclear-unanswered', detail: command.firstLine, itemId, sender };
    }

    // A reply to the confirmation, by the approver who decided, corrects the decision. The signed token says who
    // may; the thread only says that this is an answer to the confirmation, not a second first answer.
    const decided = await deps.store.items.get(itemId);
    const toConfirmation = threadIds(mail).includes(approvalMessageId(deps.config, deps.secret, 'confirmation', itemId, sender));
    if (toConfirmation && decided && (decided.state === 'approved' || decided.state === 'rejected') && decided.decided_by === sender) {
      return correction(row, mail, sender, decided, command, itemLog);
    }

    const result = await submitDecision(
      deps,
      itemId,
      {
        decision: command.action,
        actor: sender,
        channel: 'email',
        ...(command.action === 'reject' && command.reason ? { reason: command.reason } : {}),
        ...(command.action === 'approve' && (command.caption || command.captions) ? { captions: { all: command.caption, networks: command.captions } } : {}),
      },
      `mail-${row.id}-${row.dedup_key.slice(-16)}`,
    );
    if (result.ok) {
      itemLog.info({ outcome: result.decision.outcome, latencyMs: Date.now() - new Date(row.received_at).getTime() }, 'decision by email reply');
      return { state: 'done', outcome: 'decided', detail: result.decision.outcome, itemId, sender };
    }
    if (result.retryable && row.attempts < 10) throw new Error(result.refusal);
    const answered = await answer(row, mail, sender, itemId, [result.refusal]);
    return { state: 'done', outcome: answered ? 'refused' : 'refused-unanswered', detail: result.refusal, itemId, sender };
  }

  /**
   * A reply to the confirmation by the approver who decided: the decision is replaced as long as the item has
   * reached no advocate (no digest holds it), and confirmed again with exactly what is stored now.
   */
  async function correction(
    row: InboundMailRow,
    mail: ParsedMail,
    sender: string,
    item: NonNullable<Awaited<ReturnType<Store['items']['get']>>>,
    command: Exclude<ReplyCommand, { action: 'unclear' }>,
    itemLog: Logger,
  ): Promise<InboundOutcome> {
    const { program } = deps.config;
    const captions = item.captions!;
    const edit = command.action === 'approve' && (command.caption || command.captions) ? { all: command.caption, networks: command.captions } : undefined;
    const edited = applyCaptionEdit({ captions, link: item.url, hashtag: (await hashtagsInEffect(deps.store.captions, program.hashtags))[0] }, edit);
    const reason = command.action === 'reject' ? command.reason : undefined;
    const refuse = async (refusal: string) => {
      const answered = await answer(row, mail, sender, item.id, [refusal]);
      itemLog.info({ refusal }, 'correction refused');
      return { state: 'done' as const, outcome: answered ? 'refused' : 'refused-unanswered', detail: refusal, itemId: item.id, sender };
    };
    if (edited.problems.length > 0) return refuse(`${edited.problems.join(' ')} Nothing was changed; send the caption again, shorter.`);
    if (reason && reason.length > 2000) return refuse('The reason is longer than 2,000 characters. Nothing was changed.');
    const at = new Date();
    const state = command.action === 'approve' ? 'approved' : 'rejected';
    if (
      state === item.state &&
      (reason ?? null) === (item.decision_reason ?? null) &&
      JSON.stringify(edited.captions.networks) === JSON.stringify(captions.networks)
    ) {
      const by = (await deps.store.admins.inEffect(deps.config)).admins.find((admin) => admin.email === sender) ?? { email: sender, name: sender };
      const same = describeDecision({ outcome: state, by, at: item.decided_at!.toISOString(), channel: item.decided_via ?? 'email' });
      return refuse(`This item was already ${same}. Nothing was changed.`);
    }
    const changed = await deps.store.transaction(async (tx) => {
      if (!(await tx.approvals.correct(item.id, { state, by: sender, at, reason, captions: edited.captions }))) return false;
      await tx.approvals.recordEvent({
        key: `${item.id}:correction:${row.id}`,
        itemId: item.id,
        kind: state,
        actor: sender,
        channel: 'email',
        at,
        detail: { corrected: true, ...(reason ? { reason } : {}), captionsEdited: edited.captions.edited },
      });
      return true;
    });
    if (!changed) return refuse('This item has already reached advocates in a digest, so it can no longer be changed by mail. Nothing was changed.');
    const by = (await deps.store.admins.inEffect(deps.config)).admins.find((admin) => admin.email === sender) ?? { email: sender, name: sender };
    const firstGoesOut = formatMoment(nextDigestAt(at, program.timeZone, digestMomentOf(deps.config.digest)), program.timeZone);
    await answer(
      row,
      mail,
      sender,
      item.id,
      confirmationLines({
        item,
        outcome: state,
        captions: edited.captions,
        reason,
        recorded: describeDecision({ outcome: state, by, at: at.toISOString(), channel: 'email' }),
        firstGoesOut,
        corrected: true,
      }),
    );
    itemLog.info({ outcome: state }, 'decision corrected by email reply');
    return { state: 'done', outcome: 'corrected', detail: state, itemId: item.id, sender };
  }

  /** The texts of this sender's last approval replies, for the custom signature they share. */
  async function earlierRepliesOf(sender: string) {
    const raws = await deps.store.mail.earlierReplies(sender, EARLIER_REPLIES);
    const mails = await Promise.all(raws.map((raw) => simpleParser(raw, PARSE_OPTIONS).catch(() => undefined)));
    return mails.filter((m) => m !== undefined).map((m) => ({ text: m.text, html: m.html }));
  }

  /**
   * What kaiku answers to a reply it will not guess at: what it read, that nothing changed, the words that do
   * decide, and, while the item waits, the approver's own two signed links.
   */
  async function unclearAnswer(command: Extract<ReplyCommand, { action: 'unclear' }>, itemId: string, approver: string): Promise<string[]> {
    const quoted = command.firstLine ? `"${command.firstLine}"` : 'an empty reply';
    const lines = [
      command.hedged
        ? `kaiku did not understand ${quoted} as a decision (it asks a question or sets a condition), so nothing was changed.`
        : `kaiku did not understand ${quoted}, so nothing was changed.`,
      'Reply with one word on the first line: approve (hyväksy, godkänn) or reject (hylkää, avvisa). After reject you may give a reason; after approve, a new caption on the lines below.',
    ];
    const item = await deps.store.items.get(itemId);
    if (item?.state === 'pending' && item.expires_at) {
      const link = (kind: 'approve' | 'reject') => approvalLinkUrl(deps.config, approvalToken(deps.secret, kind, item.id, approver, item.expires_at!));
      lines.push('Or open one of these links (they work for you only, and ask you to confirm):', `Approve: ${link('approve')}`, `Reject: ${link('reject')}`);
    }
    return lines;
  }

  /**
   * Mail to the reply mailbox without a token (a forwarding rule or a mail program dropped the +token, or it was
   * written by hand, or forged): it decides nothing. Its thread headers only say which item it was probably
   * about; the explanation, with that approver's own links, goes to the address kaiku has on record.
   */
  async function tokenlessReply(row: InboundMailRow, mail: ParsedMail, sender: string, rowLog: Logger): Promise<InboundOutcome> {
    const sent = await deps.store.approvals.sentMessage(threadIds(mail), sender);
    // Never an address taken from the mail (its Reply-To, a display name): the approval mail's recipient or an admin.
    const onRecord = sent?.recipient ?? (await deps.store.admins.inEffect(deps.config)).admins.find((admin) => admin.email === sender)?.email;
    if (!onRecord) {
      rowLog.info({ sender }, 'mail to the reply mailbox without a token, from an address kaiku never mails; ignored without an answer');
      return { state: 'done', outcome: 'ignored-no-token', sender };
    }
    const item = sent ? await deps.store.items.get(sent.item_id) : undefined;
    const explanation = tokenlessAnswer({ config: deps.config, secret: deps.secret, approver: onRecord, item });
    const answered = await answer(row, mail, onRecord, item?.id ?? '', explanation.lines, {
      subject: explanation.subject,
      replyTo: explanation.replyTo,
      references: sent ? [sent.message_id] : [],
    });
    rowLog.warn({ sender, itemId: item?.id, answered }, 'reply without a signed reply address: decided nothing, explained to the address on record');
    return { state: 'done', outcome: answered ? 'no-token' : 'no-token-unanswered', detail: item ? `about ${item.id}` : undefined, itemId: item?.id, sender };
  }

  /** A reply to a digest: the first link in what the advocate wrote is their suggestion. */
  async function suggestionReply(
    row: InboundMailRow,
    mail: ParsedMail,
    sender: string,
    token: NonNullable<ReturnType<typeof readSuggestReplyToken>>,
    rowLog: Logger,
  ): Promise<InboundOutcome> {
    if (!token.ok) {
      rowLog.warn({ sender, reason: token.reason }, 'digest reply address token is not valid; ignored');
      return { state: 'done', outcome: 'ignored-bad-token', detail: token.reason, sender };
    }
    const advocate = await deps.store.advocates.get(token.advocateId);
    if (!advocate || advocate.email.toLowerCase() !== sender) {
      rowLog.warn({ sender, advocateId: token.advocateId }, 'digest reply from an address the digest was not sent to; ignored');
      return { state: 'done', outcome: 'ignored-wrong-sender', sender };
    }
    const text = newTextOf({ text: mail.text, html: mail.html });
    const url = /https?:\/\/[^\s<>"')\]]+/i.exec(text)?.[0]?.replace(/[.,;:!?]+$/, '');
    const e = engagementStringsFor(advocate.language);
    if (!url) {
      await answer(row, mail, sender, '', [
        `${e.suggestIntro}`,
        'kaiku found no link (https://…) in your reply, so nothing was suggested. Reply with the link on its own line.',
      ]);
      return { state: 'done', outcome: 'suggestion-without-link', sender };
    }
    const outcome = await submitSuggestion(deps, { advocateId: advocate.id, url, via: 'email', waitMs: 30_000 });
    const line =
      outcome.state === 'refused'
        ? outcome.reason
        : outcome.state === 'duplicate'
          ? `${e.suggestKnown} (${outcome.title})`
          : `${e.suggestThanks}${outcome.state === 'accepted' ? ` (${outcome.title})` : ''}`;
    await answer(row, mail, sender, outcome.state === 'accepted' || outcome.state === 'duplicate' ? outcome.itemId : '', [line]);
    rowLog.info({ sender, advocateId: advocate.id, outcome: outcome.state }, 'suggestion by digest reply');
    return { state: 'done', outcome: `suggestion-${outcome.state}`, detail: url, sender };
  }

  /**
   * Answers `to` in the thread of `mail`, at most ANSWERS_PER_HOUR an hour. `subject` and `references` replace
   * what the mail itself says where its sender is not known to be who it claims (kaiku then echoes none of it).
   */
  async function answer(
    row: InboundMailRow,
    mail: ParsedMail,
    to: string,
    itemId: string,
    lines: string[],
    own: { subject?: string; replyTo?: string | undefined; references?: string[] } = {},
  ): Promise<boolean> {
    if ((await deps.store.mail.answersTo(to, new Date(Date.now() - 3_600_000))) >= ANSWERS_PER_HOUR) {
      log.warn({ inboundId: row.id, sender: to }, 'answer limit reached for this sender; not answering');
      return false;
    }
    const item = await deps.store.items.get(itemId);
    const notice = renderNotice({
      subject: own.subject ?? (mail.subject?.startsWith('Re:') ? mail.subject : `Re: ${mail.subject ?? approvalSubject(item?.title ?? '')}`),
      lines,
      programName: deps.config.program.name,
    });
    const references = [...(own.references ?? threadIds(mail)), ...(mail.messageId ? [mail.messageId] : [])];
    await deps.mailer.send({
      from: deps.config.email.from,
      to,
      ...(own.replyTo ? { replyTo: own.replyTo } : {}),
      subject: notice.subject,
      html: notice.html,
      text: notice.text,
      // One answer per stored mail: its retry after a crash writes the same id.
      messageId: mailMessageId(deps.secret, mailDomain(deps.config), 'answer', [row.id]),
      ...(mail.messageId ? { inReplyTo: mail.messageId } : {}),
      references,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    return true;
  }

  return {
    accept,
    processWaiting,
    /** Sweeps mail left `received` (a crash, Temporal down) every `everyMs`. */
    start(everyMs = 15_000) {
      const sweep = () => {
        if (running) return;
        running = processWaiting().finally(() => (running = undefined));
        running.catch((error: unknown) => log.error({ err: error }, 'inbound mail sweep failed'));
      };
      timer = setInterval(sweep, everyMs);
      timer.unref();
      sweep();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

export type InboundProcessor = ReturnType<typeof createInboundProcessor>;

/** The Message-ID with the sender, so one mail arriving by two doors is read once; else the bytes. */
export function dedupKeyOf(raw: Buffer): string {
  const head =
    raw
      .subarray(0, Math.min(raw.length, 64 * 1024))
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const messageId = /^message-id:\s*(<[^>\s]+>)/im.exec(unfolded)?.[1];
  const from = /^from:\s*(.+)$/im.exec(unfolded)?.[1]?.trim().toLowerCase();
  if (messageId && from) return `mid:${createHash('sha256').update(`${messageId}\n${from}`).digest('hex')}`;
  return `sha:${createHash('sha256').update(raw).digest('hex')}`;
}

function fromAddress(mail: ParsedMail): string | undefined {
  return mail.from?.value[0]?.address?.trim().toLowerCase() || undefined;
}

/** The addresses in a parsed To/Cc/Reply-To field. */
export function addressesOf(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((object) => object.value.map((entry) => entry.address ?? '')).filter(Boolean);
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers.get(name);
  if (value === undefined) return '';
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(' ') : JSON.stringify(value);
}

/** The Message-IDs a mail says it answers (In-Reply-To, then the last References): for matching, never for authority. */
function threadIds(mail: ParsedMail): string[] {
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  const ids = [...(mail.inReplyTo ? mail.inReplyTo.split(/\s+/) : []), ...references.slice(-MAX_THREAD_IDS)];
  return [...new Set(ids.filter((id) => /^<[^<>\s]+>$/.test(id)))].slice(0, MAX_THREAD_IDS);
}
