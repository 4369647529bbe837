import * as cheerio from 'cheerio';
import EmailReplyParser from 'email-reply-parser';
import type { Network } from '../../model/item.js';
import { quoteEnd, quoteStart } from './quote-headers.js';
import { normalizeSignatureLine, withoutSignOff } from './sign-off.js';

// Reads what an approver wrote above (or, bottom-posted, below) the quoted approval email: approve, reject with
// a reason, or approve with a new caption. HTML-only mail becomes text with cheerio (quote containers removed, an
// Outlook rule marked); then kaiku cuts at the first line of quoted history in any of its admins' languages
// (quote-headers.ts), lets email-reply-parser take what it knows of signatures, and takes off the sign-off
// (sign-off.ts). A caption or reason goes to every advocate as it is, so what is unsure is not a decision: a
// hedged reply ("approve? not sure") reads as unclear.
//
// Time is linear in the reply: lines are scanned once, each test reads a bounded prefix, and only the first
// NEW_TEXT_MAX characters above the quote are read further (a caption is at most 3,000, a reason 2,000).

export type ReplyCommand =
  | { action: 'approve'; caption?: string; captions?: Partial<Record<Network, string>> }
  | { action: 'reject'; reason?: string }
  | { action: 'unclear'; firstLine: string; hedged?: boolean };

export interface ReplyReading {
  /** Approve on a bare "OK", "yes", "👍" (`email.informalApproval` in the config); off by default. */
  informalApproval?: boolean;
}

const NEW_TEXT_MAX = 20_000;

const APPROVE_WORDS = new Set(['approve', 'approved', 'hyväksy', 'hyväksyn', 'hyväksytään', 'hyväksytty', 'godkänn', 'godkänner', 'godkänd', 'godkänt']);
const REJECT_WORDS = new Set(['reject', 'rejected', 'hylkää', 'hylkään', 'hylätään', 'hylätty', 'avvisa', 'avvisar', 'avvisas', 'avvisad']);
// Informal yeses: they approve only where the programme turns that on.
const INFORMAL_YES =
  /^(ok(ay)?|k|yes|yep|yeah|sure|fine|lgtm|sounds good|go( ahead)?|yes,? (please|approve|approved|go ahead|ok)|ok,? approve|kyllä|joo|juu|ok,? hyväksy|kyllä,? hyväksy|ja|jo|jepp|javisst|okej|ok,? godkänn|ja,? godkänn|👍(🏻|🏼|🏽|🏾|🏿)?|✅|✔️?)$/iu;
// A caption that opens with a condition, a doubt or a delay is not one: "approve\nbut not until Monday".
// Only words that cannot open a real caption in their language (not "se", "de", "no", which do).
const HEDGE_OPENING =
  /^(but|unless|only (if|when|after)|once|not (yet|until|before)|maybe|perhaps|wait|hold on|mutta|kunhan|vasta|ehkä|odota|men inte|inte förrän|kanske|vänta|aber|erst|vielleicht|warte|mais|sauf|peut-être|attends|però|forse|aspetta|maar|misschien|wacht|pero|quizás|espera|porém|talvez|ale|dopiero|może|но|только|может|nhưng)\b/iu;
// What may follow the keyword on its line and still be a plain decision: "Approve!", "approve, thanks".
const PLAIN_CLOSE = /^[\s,.!]*((thanks|thank you|thx|kiitos|tack|tak|takk|danke|merci|grazie|gracias|obrigad[oa]|dzięki|спасибо)[\s.!]*)?$/iu;

const NETWORK_LABELS: Record<string, Network> = {
  linkedin: 'linkedin',
  x: 'x',
  twitter: 'x',
  facebook: 'facebook',
  bluesky: 'bluesky',
  mastodon: 'mastodon',
  threads: 'threads',
  whatsapp: 'whatsapp',
};

/**
 * The text the sender wrote in this message, without quoted history, sign-off or signature. `knownSignature`
 * holds lines (normalised by `normalizeSignatureLine`) this sender's earlier replies ended with.
 *
 * @example newTextOf({ text: 'Approve\n\nThanks,\nAlex\n\nOn Mon, 23 Nov 2026 at 10:00, kaiku <k@x> wrote:\n> …' }) === 'Approve'
 */
export function newTextOf(mail: MailText, knownSignature?: ReadonlySet<string>): string {
  // email-reply-parser knows more signature shapes; it only ever sees the text above the quote.
  const newText = new EmailReplyParser().read(ownLines(mail).join('\n').slice(0, NEW_TEXT_MAX)).getVisibleText();
  const kept = withoutSignOff(
    newText.split('\n').map((line) => line.replace(/\u00a0/g, ' ').trimEnd()),
    knownSignature,
  );
  return kept.join('\n').trim();
}

/**
 * The lines a sender's earlier replies (at least two of them) carried below their first line: a custom
 * signature no pattern knows ("Sent a magnificent torch of pixels", a motto). Normalised for `newTextOf`.
 */
export function signatureLinesOf(earlier: readonly MailText[]): Set<string> {
  const seen = new Map<string, number>();
  for (const mail of earlier) {
    const lines = ownLines(mail)
      .slice(0, 60)
      .map((line) => normalizeSignatureLine(line.slice(0, 200)));
    const first = lines.findIndex((line) => line !== '');
    for (const line of new Set(lines.slice(first + 1).filter(Boolean))) seen.set(line, (seen.get(line) ?? 0) + 1);
  }
  return new Set([...seen].filter(([, count]) => count >= 2).map(([line]) => line));
}

type MailText = { text?: string | undefined; html?: string | false | undefined };

/** The writer's own lines: above the first quoted line or, with nothing there, below the quote. */
function ownLines(mail: MailText): string[] {
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlReplyToText(mail.html) : '';
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const start = quoteStart(lines);
  const mine = lines.slice(0, start);
  if (mine.some((line) => line.trim() !== '') || start >= lines.length) return mine;
  // Nothing above the quote: the writer answered below it (bottom-posting), up to the next quote if any.
  const after = quoteEnd(lines, start);
  return lines.slice(after, quoteStart(lines, after));
}

// planer did this before (through jsdom) and took 0.1–1 s for a mail of a few kB, growing faster than the mail;
// on the reply corpus it cut nothing the line rules below do not (and emptied Outlook 2010's mails whole).
function htmlReplyToText(html: string): string {
  const $ = cheerio.load(html);
  $('blockquote, .gmail_quote, .yahoo_quoted, style, script, head, title').remove();
  // Outlook separates the quoted mail with a rule and a From/Sent block: mark it as a cut line.
  $('hr, #divRplyFwdMsg').before('\n________________\n');
  $('br').replaceWith('\n');
  $('p, div, li, tr, h1, h2, h3').each((_, element) => {
    $(element).append('\n');
  });
  return $.root()
    .text()
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/**
 * Reads the command from the first non-empty line of the new text; the lines after it are a caption or a reason.
 * A keyword with a doubt or a condition on its line or as the next line ("approve? not sure", "approve, but not
 * until Monday", "reject? no wait, approve") is unclear: kaiku asks again rather than guess.
 *
 * @example parseReplyCommand('approve\nOur new caption') // { action: 'approve', caption: 'Our new caption' }
 */
export function parseReplyCommand(newText: string, reading: ReplyReading = {}): ReplyCommand {
  const lines = newText.split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return { action: 'unclear', firstLine: '' };
  const firstLine = lines[firstIndex]!.trim().slice(0, 500);
  const unclear = (hedged = false): ReplyCommand => ({ action: 'unclear', firstLine: firstLine.slice(0, 200), ...(hedged ? { hedged } : {}) });
  const plain = firstLine
    .normalize('NFC')
    .replace(/[*_~`]+/g, '')
    .trim();
  const keywordMatch = /^([\p{L}]+)/u.exec(plain);
  const keyword = keywordMatch?.[1]?.toLowerCase() ?? '';
  // What follows the keyword on its line: "!" or "." close it; ":" or "-" introduce a caption or reason.
  const after = plain.slice(keywordMatch?.[0].length ?? 0);
  const rest = lines
    .slice(firstIndex + 1)
    .join('\n')
    .trim();
  const restFirstLine = rest.split('\n')[0]?.trim() ?? '';
  const mixed = [...plain.toLowerCase().matchAll(/[\p{L}]+/gu)].some(([word]) => (APPROVE_WORDS.has(keyword) ? REJECT_WORDS : APPROVE_WORDS).has(word));

  if (APPROVE_WORDS.has(keyword)) {
    if (mixed || after.includes('?') || HEDGE_OPENING.test(restFirstLine)) return unclear(true);
    const sameLine = PLAIN_CLOSE.test(after) ? '' : /^\s*[:\-–—]\s*(.+)$/u.exec(after)?.[1]?.trim();
    if (sameLine === undefined) return unclear(true); // "approve, but …", "approve once …"
    const caption = [sameLine, rest].filter(Boolean).join('\n').trim();
    if (!caption) return { action: 'approve' };
    const perNetwork = splitByNetwork(caption);
    return perNetwork ? { action: 'approve', captions: perNetwork } : { action: 'approve', caption };
  }
  if (REJECT_WORDS.has(keyword)) {
    const sameLine = after.replace(/^[^\p{L}\p{N}]*/u, '').trim();
    // A reason says "not" and "but" as often as not; only a question or the other keyword makes a reject unsure.
    if (mixed || /^\s*\?/.test(after)) return unclear(true);
    const reason = [sameLine, rest].filter(Boolean).join('\n').trim();
    return reason ? { action: 'reject', reason: reason.slice(0, 2000) } : { action: 'reject' };
  }
  if (INFORMAL_YES.test(plain.replace(/[.!]+$/, '').trim())) {
    return reading.informalApproval && !rest ? { action: 'approve' } : unclear();
  }
  return unclear(/\?/.test(plain));
}

/** "LinkedIn: …" / "X: …" blocks, when the approver wrote one caption per network. */
function splitByNetwork(text: string): Partial<Record<Network, string>> | undefined {
  const result: Partial<Record<Network, string>> = {};
  let current: Network | undefined;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^\s*(linkedin|x|twitter|facebook|bluesky|mastodon)\s*:\s*(.*)$/is.exec(line);
    if (match) {
      current = NETWORK_LABELS[match[1]!.toLowerCase()]!;
      result[current] = match[2]!;
      found = true;
    } else if (current) {
      result[current] = `${result[current]}\n${line}`;
    } else if (line.trim()) {
      return undefined;
    }
  }
  if (!found) return undefined;
  for (const network of Object.keys(result) as Network[]) result[network] = result[network]!.trim();
  return result;
}
