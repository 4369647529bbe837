// Where the writer's own text ends and their sign-off or signature begins. A caption or reject reason goes to
// every advocate as it is, so "Thanks,\nAlex", "-Abhishek", "Kiitos,\nUlla", "— \nJohn Doe\nCEO" and "Sent from
// my iPhone" must never be part of it.

const MAX_LINE = 400;

// Closing phrases, alone on their line (a name may follow on it or below it).
const CLOSINGS = [
  // en
  'thanks',
  'thank you',
  'thanks a lot',
  'thanks in advance',
  'many thanks',
  'thx',
  'ty',
  'cheers',
  'best',
  'all the best',
  'best regards',
  'best wishes',
  'kind regards',
  'warm regards',
  'regards',
  'sincerely',
  'yours',
  'yours sincerely',
  'br',
  // fi
  'kiitos',
  'kiitos paljon',
  'kiitoksin',
  'terveisin',
  'ystävällisin terveisin',
  'parhain terveisin',
  'hyvää päivänjatkoa',
  't',
  'terv',
  // sv
  'tack',
  'tack så mycket',
  'hälsningar',
  'med vänliga hälsningar',
  'vänliga hälsningar',
  'mvh',
  'hälsning',
  // da, no
  'tak',
  'mange tak',
  'med venlig hilsen',
  'venlig hilsen',
  'hilsen',
  'med vennlig hilsen',
  'vennlig hilsen',
  'takk',
  // de
  'danke',
  'vielen dank',
  'gruß',
  'grüße',
  'viele grüße',
  'beste grüße',
  'liebe grüße',
  'mit freundlichen grüßen',
  'mfg',
  'lg',
  'vg',
  // fr
  'merci',
  "merci d'avance",
  'merci beaucoup',
  'cordialement',
  'bien à vous',
  'bien cordialement',
  'salutations',
  'amicalement',
  // it
  'grazie',
  'grazie mille',
  'saluti',
  'cordiali saluti',
  'distinti saluti',
  // nl
  'bedankt',
  'dank je',
  'dank u',
  'groeten',
  'groetjes',
  'met vriendelijke groet',
  'met vriendelijke groeten',
  'vriendelijke groet',
  'mvg',
  // es, pt
  'gracias',
  'saludos',
  'un saludo',
  'atentamente',
  'obrigado',
  'obrigada',
  'cumprimentos',
  'atenciosamente',
  'abraços',
  // pl
  'dziękuję',
  'dzięki',
  'pozdrawiam',
  'z poważaniem',
  'pozdrowienia',
  // ru
  'спасибо',
  'с уважением',
  'всего доброго',
  'с наилучшими пожеланиями',
];
const CLOSING = new RegExp(
  `^(${CLOSINGS.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*[,.!:;]*\\s*([-–—]?\\s*\\p{Lu}[\\p{L}'’.-]*(\\s+\\p{Lu}[\\p{L}'’.-]*){0,2})?\\s*$`,
  'iu',
);

// "-- " (RFC 3676), em and en dashes, and underscores alone on a line.
const DELIMITER = /^\s*(--\s*|—+\s*|–+\s*|_{2,}\s*|~{2,}\s*)$/u;
// "-Abhishek Kona", "— Ulla", "/A": a dash and a name closing the text.
const DASH_NAME = /^\s*([-–—~/]\s*)\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){0,3}\s*$/u;
// "Sent from my iPhone" and its kin in every language, and Outlook's app pitch.
const SENT_FROM =
  /^\s*(sent (from|with|via|using|by|on) |sent from$|get outlook for|lähetetty (iphonesta|ipadista|androidista|puhelimesta|mobiilista|laitteesta|outlookista|.*(sta|stä):?)|skickat från|sendt fra|sendt från|von meinem|gesendet von|envoyé de|envoyé depuis|inviato da|verzonden (vanaf|met|van)|enviado (desde|de|do)|wysłane z|отправлено (с|из)|skaffa outlook|hanki outlook|download outlook)/iu;
// A line that is only a name: one to four capitalised words or initials ("Alex", "Mr. Cat", "Ulla K.").
const NAME_ONLY = /^\s*\p{Lu}[\p{L}'’.-]*\.?(\s+\p{Lu}[\p{L}'’.-]*\.?){0,3}\s*$/u;

// A signature's contact lines: an address, a phone number, a web address, "via mobile", a "|"-separated row.
const CONTACT = /@|https?:\/\/|www\.|\+?\(?\d[\d ().-]{6,}\d|\||^(via|p|t|m|f|e|tel|phone|mobile|mob|fax|puh|gsm|mail)\b[\s.:]/iu;
// The line a signature block opens with: a name, perhaps followed by ", Title".
const NAME_AND_TITLE = /^\s*\p{Lu}[\p{L}'’.-]*(\s+\p{Lu}[\p{L}'’.-]*){0,3}\s*(,.{0,80})?$/u;

function head(line: string): string {
  return line.slice(0, MAX_LINE);
}

/**
 * `lines` (the writer's new text, quotes already cut) without the sign-off and signature at the end. `known` are
 * signature lines this sender ended earlier replies with (custom signatures a pattern cannot know).
 *
 * @example withoutSignOff(['approve', 'Great post!', '', 'Thanks,', 'Alex']) // ['approve', 'Great post!']
 */
export function withoutSignOff(lines: readonly string[], known: ReadonlySet<string> = new Set()): string[] {
  let end = lines.length;
  // The first line carries the command; a signature starts below it.
  for (let i = 1; i < end; i++) {
    const line = head(lines[i]!).trim();
    if (DELIMITER.test(lines[i]!) || SENT_FROM.test(line) || CLOSING.test(line) || (known.size > 0 && known.has(normalizeSignatureLine(line)))) {
      end = i;
      break;
    }
  }
  // Below the last blank line, a short block that is only a name (or a dash and a name) closes the text.
  const kept = trimEnd(lines.slice(0, end));
  const blank = lastBlankIndex(kept);
  if (blank > 0) {
    const tail = kept.slice(blank + 1).map((line) => head(line).trim());
    if (tail.length <= 2 && tail.every((line) => NAME_ONLY.test(line) || DASH_NAME.test(line))) return trimEnd(kept.slice(0, blank));
    // "Sent a magnificent torch of pixels": a custom mobile signature, one line starting with "Sent" at the very end.
    if (tail.length === 1 && /^sent\s/i.test(tail[0]!)) return trimEnd(kept.slice(0, blank));
  }
  if (kept.length > 1 && DASH_NAME.test(head(kept.at(-1)!))) return trimEnd(kept.slice(0, -1));
  // A contact block at the end: lines of addresses and numbers under a name line.
  let i = kept.length - 1;
  while (i > 1 && CONTACT.test(head(kept[i]!).trim())) i--;
  if (i < kept.length - 1 && i >= 1 && NAME_AND_TITLE.test(head(kept[i]!).trim())) return trimEnd(kept.slice(0, i));
  return kept;
}

/** The form a signature line is remembered and compared in: case, spacing and punctuation do not count. */
export function normalizeSignatureLine(line: string): string {
  return line
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function trimEnd(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  return lines.slice(0, end);
}

function lastBlankIndex(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.trim() === '') return i;
  return -1;
}
