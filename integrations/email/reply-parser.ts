import { createRequire } from 'node:module';
import * as cheerio from 'cheerio';
import EmailReplyParser from 'email-reply-parser';
import planer from 'planer';
import type { Network } from '../../model/item.js';

// Reads what an approver wrote above the quoted approval email: approve, reject with a reason, or
// approve with a new caption. Plain text goes through email-reply-parser, HTML-only mail through
// planer (which needs a DOM); then kaiku's own cut-off lines catch the Finnish and Swedish quote
// headers and mobile signatures those libraries do not know.

export type ReplyCommand =
  | { action: 'approve'; caption?: string; captions?: Partial<Record<Network, string>> }
  | { action: 'reject'; reason?: string }
  | { action: 'unclear'; firstLine: string };

const APPROVE_WORDS = new Set(['approve', 'approved', 'hyväksy', 'hyväksyn', 'hyväksytään', 'hyväksytty', 'godkänn', 'godkänner', 'godkänd', 'godkänt']);
const REJECT_WORDS = new Set(['reject', 'rejected', 'hylkää', 'hylkään', 'hylätään', 'hylätty', 'avvisa', 'avvisar', 'avvisas', 'avvisad']);

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

// A line from which everything below is quoted history or a signature.
const CUT_LINES: RegExp[] = [
  /^>/,
  /^--\s*$/,
  /^_{8,}\s*$/,
  /^-{2,}\s*(original message|alkuperäinen viesti|ursprungligt meddelande|forwarded message|välitetty viesti|vidarebefordrat meddelande)/i,
  /^(from|lähettäjä|från|sender):\s*\S/i,
  /^(sent from|get outlook|lähetetty (iphonesta|ipadista|androidista|puhelimesta|mobiilista|laitteesta)|skickat från|hanki outlook|skaffa outlook)/i,
  /(wrote|kirjoitti|skrev|schrieb|a écrit):\s*$/i,
  /^(on|den|le|am|ma|ti|ke|to|pe|la|su|mån|tis|ons|tors|fre|lör|sön)\b.{4,200}\d{1,2}[:.]\d{2}.*(wrote|kirjoitti|skrev)/i,
];

/** The text the sender wrote in this message, without quoted history or signature. */
export function newTextOf(mail: { text?: string | undefined; html?: string | false | undefined }): string {
  const text = mail.text?.trim() ? mail.text : mail.html ? htmlReplyToText(mail.html) : '';
  const visible = new EmailReplyParser().read(text.replace(/\r\n?/g, '\n')).getVisibleText();
  return cutQuotes(visible);
}

// jsdom is large and only HTML-only replies need it: loaded on the first one.
const require = createRequire(import.meta.url);

function htmlReplyToText(html: string): string {
  const { JSDOM } = require('jsdom') as typeof import('jsdom');
  const { document } = new JSDOM('').window;
  let reply: string;
  try {
    reply = planer.extractFrom(html, 'text/html', document);
  } catch {
    reply = html;
  }
  const $ = cheerio.load(reply);
  $('blockquote, .gmail_quote, style, script, head, title').remove();
  // Outlook separates the quoted mail with a rule and a From/Sent block: mark it as a cut line.
  $('hr, #divRplyFwdMsg').before('\n________________\n');
  $('br').replaceWith('\n');
  $('p, div, li, tr, h1, h2, h3').each((_, element) => {
    $(element).append('\n');
  });
  return $.root()
    .text()
    .replace(/\u00a0/g, ' ');
}

function cutQuotes(text: string): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    if (CUT_LINES.some((pattern) => pattern.test(line.trim()))) break;
    kept.push(line.trimEnd());
  }
  return kept.join('\n').trim();
}

/** Reads the command from the first non-empty line of the new text; the lines after it are a caption or a reason. */
export function parseReplyCommand(newText: string): ReplyCommand {
  const lines = newText.split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return { action: 'unclear', firstLine: '' };
  const firstLine = lines[firstIndex]!.trim();
  const words = firstLine
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .trim()
    .split(/\s+/);
  const keyword = words[0] ?? '';
  const rest = lines
    .slice(firstIndex + 1)
    .join('\n')
    .trim();
  if (APPROVE_WORDS.has(keyword)) {
    if (!rest) return { action: 'approve' };
    const perNetwork = splitByNetwork(rest);
    return perNetwork ? { action: 'approve', captions: perNetwork } : { action: 'approve', caption: rest };
  }
  if (REJECT_WORDS.has(keyword)) {
    // The reason is whatever follows the keyword on its line, and any lines below.
    const afterKeyword = firstLine.replace(/^[^\p{L}]*\p{L}+[^\p{L}\p{N}]*/u, '').trim();
    const reason = [afterKeyword, rest].filter(Boolean).join('\n').trim();
    return reason ? { action: 'reject', reason: reason.slice(0, 1000) } : { action: 'reject' };
  }
  return { action: 'unclear', firstLine: firstLine.slice(0, 200) };
}

/** "LinkedIn: …" / "X: …" blocks, when the approver wrote one caption per network. */
function splitByNetwork(text: string): Partial<Record<Network, string>> | undefined {
  const result: Partial<Record<Network, string>> = {};
  let current: Network | undefined;
  let found = false;
  for (const line of text.split('\n')) {
    const match = /^\s*(linkedin|x|twitter|facebook|bluesky|mastodon)\s*:\s*(.*)$/i.exec(line);
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
