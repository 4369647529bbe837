// Where the quoted history of a reply begins, in the languages kaiku's admins and their mail programs use
// (fi, sv, da, no, en, de, fr, it, nl, es, pt, pl, ru, hu, vi): "On … wrote:" headers, also when a client
// wraps them over several lines; Outlook's From/Sent/To/Subject block with or without *bold* labels and a rule
// above it; separators ("-----Original Message-----"); date-and-address lines; lines starting with ">".
// Quoted lines that lost their ">" when a client rewrapped them sit below the header, so cutting at it drops them.
//
// Every test looks at most at the first MAX_LINE characters of at most HEADER_SPAN lines: linear in the reply.

const MAX_LINE = 400;
const HEADER_SPAN = 6;

// "wrote:" in each language, at the end of a header (Apple Mail, Gmail, Thunderbird, Android …).
const WROTE =
  /(wrote|writes|schrieb|schreef|het volgende geschreven|a écrit|ecrit|écrit|escribió|escreveu|ha scritto|scrisse|skrev|skriver|kirjoitti|napisał\(a\)|napisała|napisał|написал\(а\)|написала|написал|пишет|đã viết|írta)\s*:?\s*$/iu;
// The Scandinavian and Dutch order: "Den 23 nov. 2026 kl. 10:00 skrev Ada <ada@x>:", the name after the verb.
const VERB_THEN_ADDRESS =
  /\b(skrev|skriver|schreef|schrieb|kirjoitti|wrote|escribió|escreveu|scrisse|a écrit|napisał|napisała|написал|написала)\b.{0,160}<\s*[^<>\s]*@[^<>\s]*\s*>\s*:\s*$/iu;
// How such a header opens: a weekday, "On"/"Am"/"Le"/"Il"/"Op"/"El"/"Em"/"Den"/"W dniu"/"В", a date, a name with an address.
// Every such header carries a date or a time, so its opening line has a digit.
const HEADER_OPENING =
  /^((on|am|le|el|il|op|em|den|d|dne|dnia|w dniu|в|вт|пн|ср|чт|пт|сб|вс|vào|ma|ti|ke|to|pe|la|su|mån|tis|ons|tor|fre|lör|sön|man|tir|lør|søn|på|kl|mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|mo|di|mi|do|fr|sa|so|lu|gio|dom|seg|ter|qua|qui|sex|sáb|pon|wt|śr|czw|pt|sob|niedz)\b|\d|-{2,}\s*\S)/iu;
const ANDROID_HEADER = /^-{2,}\s*.{1,120}\s(wrote|schrieb|a écrit|kirjoitti|skrev)\s*-{2,}\s*$/iu;

const SEPARATOR =
  /^\s*(-{2,}|_{2,})?\s*(original message|forwarded message|begin forwarded message|alkuperäinen viesti|välitetty viesti|ursprungligt meddelande|vidarebefordrat meddelande|oprindelig meddelelse|videresendt meddelelse|opprinnelig melding|videresendt melding|ursprüngliche nachricht|weitergeleitete nachricht|message d'origine|message transféré|messaggio originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|mensaje original|mensaje reenviado|mensagem original|mensagem encaminhada|wiadomość oryginalna|oryginalna wiadomość|przekazana wiadomość|исходное сообщение|пересылаемое сообщение|eredeti üzenet)\s*(-{2,}|_{2,})?\s*:?\s*$/iu;
// A horizontal rule: Outlook's above its From block, and kaiku's own marker for an HTML <hr>.
const RULE = /^\s*([-_=~*]\s*){8,}$/u;

const FROM_LABEL = /^\s*\*{0,2}(from|från|fra|von|de|da|van|от|od|lähettäjä|feladó|từ|sender|absender|remitente|expéditeur)\*{0,2}\s*:\s*\*{0,2}\s*\S/iu;
const OTHER_LABEL =
  /^\s*\*{0,2}(sent|date|to|cc|subject|reply-to|skickat|datum|till|kopia|ämne|sendt|til|emne|dato|gesendet|an|betreff|envoyé(\s+le)?|à|objet|inviato|a|oggetto|data|verzonden|aan|onderwerp|enviado|enviada|para|asunto|fecha|assunto|wysłano|wysłane|do|temat|отправлено|дата|кому|тема|lähetetty|vastaanottaja|aihe|päivämäärä|elküldve|címzett|tárgy|dátum|gửi|đến|chủ đề|ngày)\*{0,2}\s*:\s*\*{0,2}/iu;
// A date, then a name and an address: Gmail's "2014-10-17 11:28 GMT+03:00 Postmaster <postmaster@…>:".
const DATE_AND_ADDRESS = /^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b.{0,200}<[^<>\s]*(@[^<>\s]*)?>?\s*:?\s*$|^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b.{0,200}<\s*$/u;

/**
 * Where the quoted block that starts at `start` ends: past its header lines (up to the one ending in "wrote:"
 * or the last label of an Outlook block) and the ">" lines and blank lines below them. For a reply written below
 * the quote (bottom-posting).
 */
export function quoteEnd(lines: readonly string[], start: number): number {
  let i = start;
  for (let k = start; k < Math.min(lines.length, start + HEADER_SPAN); k++) {
    const line = head(lines[k]).trim();
    if (WROTE.test(line) || VERB_THEN_ADDRESS.test(line) || OTHER_LABEL.test(line) || FROM_LABEL.test(line) || SEPARATOR.test(line) || RULE.test(line))
      i = k + 1;
  }
  while (i < lines.length && (head(lines[i]).trim() === '' || head(lines[i]).trim().startsWith('>'))) i++;
  return i;
}

/** The index of the first line of quoted history in `lines`, or `lines.length` when there is none. */
export function quoteStart(lines: readonly string[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    if (isQuoteStart(lines, i)) return i;
  }
  return lines.length;
}

function head(line: string | undefined): string {
  return (line ?? '').slice(0, MAX_LINE);
}

function isQuoteStart(lines: readonly string[], i: number): boolean {
  const line = head(lines[i]);
  const trimmed = line.trim();
  if (trimmed === '') return false;
  if (trimmed.startsWith('>')) return true;
  if (SEPARATOR.test(trimmed) && /[\p{L}]/u.test(trimmed) && /-{2,}|_{2,}|:$|^(begin|original)/iu.test(trimmed)) return true;
  if (RULE.test(trimmed)) return true;
  if (ANDROID_HEADER.test(trimmed)) return true;
  if (FROM_LABEL.test(line)) {
    if (/@|\[mailto:/.test(trimmed) || nextLabelWithin(lines, i)) return true;
  } else if (OTHER_LABEL.test(line) && nextLabelWithin(lines, i)) {
    return true;
  }
  if (HEADER_OPENING.test(trimmed) && /\d/.test(trimmed) && wroteWithin(lines, i)) return true;
  if (WROTE.test(trimmed) && (/\d|@/.test(trimmed) || trimmed.split(/\s+/).length <= 6)) return true;
  if (VERB_THEN_ADDRESS.test(trimmed) && /\d/.test(trimmed)) return true;
  if (DATE_AND_ADDRESS.test(trimmed) && /@/.test(`${trimmed} ${head(lines[i + 1])}`)) return true;
  return false;
}

// A header wrapped over lines: the opening line, then at most HEADER_SPAN lines until one ends in "wrote:".
function wroteWithin(lines: readonly string[], i: number): boolean {
  let joined = '';
  for (let k = i; k < Math.min(lines.length, i + HEADER_SPAN); k++) {
    const part = head(lines[k])
      .replace(/^\s*>\s?/, '')
      .trim();
    // A client may put one blank line inside a wrapped header (Polymail), never two.
    if (part === '' && head(lines[k - 1]).trim() === '') break;
    joined = `${joined} ${part}`.trim();
    if ((WROTE.test(joined) && /\d|@/.test(joined)) || VERB_THEN_ADDRESS.test(joined)) return true;
  }
  return false;
}

function nextLabelWithin(lines: readonly string[], i: number): boolean {
  for (let k = i + 1; k < Math.min(lines.length, i + 5); k++) {
    const line = head(lines[k]);
    if (FROM_LABEL.test(line) || OTHER_LABEL.test(line)) return true;
  }
  return false;
}
