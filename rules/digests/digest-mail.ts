import { NETWORK_NAMES } from '../captions/caption-limits.js';
import type { ItemCaptions, Network } from '../../model/item.js';
import { personalCaption } from './share-target.js';
import { captionsFor, variantIndex } from '../captions/caption-variants.js';
import { CLICK_TOKEN_LENGTH } from '../tokens/link-token.js';
import { stringsFor } from './digest-strings.js';
import { engagementStringsFor } from '../engagement/engagement-strings.js';
import { wrapText, type RenderedMail } from '../mail/layout.js';
import { qpPiece } from '../mail/quoted-printable.js';
import { compileTemplate, escapeHtml, type CompiledTemplate } from '../mail/template.js';
import { safeText } from '../text/safe-text.js';

// The weekly digest. The frame is compiled once per language and each item once per language; per
// advocate only the links and the name are filled in. Responsive: 600px table on desktop, one column under
// 620px where the row of share buttons wraps (a <style> media query; Gmail, Apple Mail and Outlook.com keep it).
// Each item shows one caption and one row of share buttons (issue 17: a full copy per network made two items
// 2,747 px tall); each button's share page still carries that network's own caption.

export interface DigestItem {
  id: string;
  url: string;
  title: string;
  summary: string | null;
  imageUrl: string | null;
  sourceName: string;
  captions: ItemCaptions;
}

export interface DigestRecipient {
  id: string;
  name: string;
  language: string;
  networks: readonly Network[];
}

export interface DigestLinks {
  click(itemId: string): string;
  share(itemId: string, network: Network): string;
  preferences: string;
  unsubscribe: string;
  /** The advocate's suggestion form. */
  suggest: string;
  /** The advocate's "What kaiku records about you" page (issue 19): in every footer. */
  privacy: string;
  /** The digest's open pixel, when it is being sent (previews have none). */
  open?: string | undefined;
}

/** The footer's recognition: this month's top of the board, and where the advocate stands. */
export interface DigestEngagement {
  board: readonly { rank: number; name: string | null; branch: string | null; points: number }[];
  /** The same board for the advocate's branch, when the programme has more than one. */
  branch?: { name: string; board: DigestEngagement['board'] } | undefined;
  standing: { points: number; rank: number | null; of: number };
}

export interface DigestRendererOptions {
  programName: string;
  /** The name in the languages where it reads otherwise (`program.names`). */
  programNames?: Readonly<Record<string, string>>;
  baseUrl: string;
}

const CAPTION_SLOTS = ['r'] as const;
const BUTTON_SLOTS = ['s'] as const;

/** Per network: its caption (the tracked link a slot), and its share button and plain-text line (the share link a slot). */
interface CompiledNetwork {
  captionHtml: CompiledTemplate<'r'>;
  captionText: CompiledTemplate<'r'>;
  buttonHtml: CompiledTemplate<'s'>;
  buttonText: CompiledTemplate<'s'>;
}

interface CompiledItem {
  html: string;
  text: string;
  htmlQp: string;
  textQp: string;
  networks: Map<Network, CompiledNetwork>;
}

const FRAME_SLOTS = ['title', 'preheader', 'greeting', 'items', 'preferences', 'unsubscribe', 'privacy', 'board', 'standing', 'suggest', 'pixel'] as const;
type FrameSlots = (typeof FRAME_SLOTS)[number];

const FONT = 'Segoe UI,Helvetica,Arial,sans-serif';
// Each at least 4.5:1 against the white label (WCAG AA for 13-14 px text): Facebook's 2023 blue, Bluesky's a shade darker.
const BUTTON_COLOURS: Record<Network, string> = {
  linkedin: '#0a66c2',
  x: '#0f1419',
  facebook: '#0866ff',
  bluesky: '#0a70e0',
  mastodon: '#563acc',
  threads: '#101010',
  whatsapp: '#1b7f4c',
};

export interface DigestRenderer {
  /** The digest as text (previews, the admin page) or as it goes on the wire (bodies quoted-printable encoded). */
  render(recipient: DigestRecipient, items: readonly DigestItem[], links: DigestLinks, form?: 'text' | 'wire', engagement?: DigestEngagement): RenderedMail;
}

export function createDigestRenderer(options: DigestRendererOptions): DigestRenderer {
  const programNameIn = (language: string) => safeText(options.programNames?.[language] ?? options.programName);
  const frames = new Map<string, { html: CompiledTemplate<FrameSlots>; text: CompiledTemplate<FrameSlots> }>();
  const compiled = new Map<string, CompiledItem>();
  // A tracked link is always this long; whether it fits a caption is decided once per item.
  const sampleTracked = `${options.baseUrl}/r/${'x'.repeat(CLICK_TOKEN_LENGTH)}`;

  const frameFor = (language: string) => {
    let frame = frames.get(language);
    if (!frame) {
      frame = compileFrame(language, programNameIn(language));
      frames.set(language, frame);
    }
    return frame;
  };

  const itemFor = (raw: DigestItem, language: string, advocateId: string): CompiledItem => {
    // With variants, each advocate reads theirs (the share page shows the same one): compiled once per choice of variants.
    const variants = raw.captions.variants;
    const chosen = variants
      ? (Object.keys(variants) as Network[]).map((network) => `${network}${variantIndex(advocateId, raw.id, variants[network]!.length)}`).join('')
      : '';
    const item = variants ? { ...raw, captions: captionsFor(raw.captions, advocateId, raw.id) } : raw;
    const key = `${item.id}\u0000${language}\u0000${item.captions.edited ? 'e' : ''}${item.captions.networks.x.length}\u0000${chosen}`;
    let entry = compiled.get(key);
    if (!entry) {
      entry = compileItem(item, language, sampleTracked);
      compiled.set(key, entry);
    }
    return entry;
  };

  // The board is the same for every advocate of a language in a batch: rendered and encoded once.
  const boards = new Map<string, { html: string; text: string; htmlQp: string; textQp: string }>();
  const boardFor = (language: string, board: DigestEngagement['board'], branch?: string) => {
    const key = `${language}\u0000${branch ?? ''}\u0000${JSON.stringify(board)}`;
    let entry = boards.get(key);
    if (!entry) {
      const e = engagementStringsFor(language);
      const title = branch ? e.branchBoardTitle(safeText(branch)) : e.boardTitle;
      const label = (row: DigestEngagement['board'][number]) => safeText(row.name ?? e.anonymous(row.branch));
      const html =
        board.length === 0
          ? ''
          : `<div style="font-size:13px;font-weight:600;color:#1d2433;margin:0 0 6px;">${escapeHtml(title)}</div><ol style="margin:0 0 8px;padding:0 0 0 22px;font-size:13px;color:#333d4d;">` +
            board.map((row) => `<li value="${row.rank}">${escapeHtml(label(row))} · ${escapeHtml(e.points(row.points))}</li>`).join('') +
            '</ol>';
      const text = board.length === 0 ? '' : `${title}:\n${board.map((row) => `${row.rank}. ${label(row)} · ${e.points(row.points)}`).join('\n')}\n\n`;
      entry = { html, text, htmlQp: qpPiece(html), textQp: qpPiece(text) };
      if (boards.size > 32) boards.clear();
      boards.set(key, entry);
    }
    return entry;
  };

  return {
    render(recipient, items, links, form = 'text', engagement) {
      const t = stringsFor(recipient.language);
      const frame = frameFor(recipient.language);
      // On the wire the parts go quoted-printable, joined from pieces encoded once per template or item:
      // per advocate only the links and names are encoded.
      const wire = form === 'wire';
      const piece = wire ? qpPiece : (text: string) => text;
      const fill = <K extends string>(template: CompiledTemplate<K>, values: Record<K, string>) => (wire ? template.fillQp(values) : template.fill(values));
      let itemsHtml = '';
      let itemsText = '';
      items.forEach((item, index) => {
        const entry = itemFor(item, recipient.language, recipient.id);
        itemsHtml += wire ? entry.htmlQp : entry.html;
        itemsText += piece(`${index + 1}. `) + (wire ? entry.textQp : entry.text);
        // One caption, the advocate's first network's: the order they keep their networks in (the preferences
        // form keeps kaiku's, LinkedIn first), so it is the one they most likely post, and its label says whose it is.
        const lead = recipient.networks[0];
        if (lead) {
          const block = entry.networks.get(lead)!;
          const r = piece(links.click(item.id));
          itemsHtml += fill(block.captionHtml, { r });
          itemsText += fill(block.captionText, { r });
          itemsHtml += wire ? ROW_START_QP : ROW_START;
          for (const network of recipient.networks) {
            const button = entry.networks.get(network)!;
            const s = piece(links.share(item.id, network));
            itemsHtml += fill(button.buttonHtml, { s });
            itemsText += fill(button.buttonText, { s });
          }
          itemsHtml += wire ? ROW_END_QP : ROW_END;
        }
        itemsHtml += wire ? ITEM_END_QP : ITEM_END;
        itemsText += wire ? NEWLINE_QP : '\n';
      });
      const name = safeText(recipient.name);
      const firstName = name.split(/\s+/)[0] ?? name;
      const subject = t.subject(items.length, safeText(items[0]?.title ?? ''));
      const preheader = t.preheader(items.length, programNameIn(recipient.language));
      const greeting = t.greeting(firstName);
      const e = engagementStringsFor(recipient.language);
      const programBoard = boardFor(recipient.language, engagement?.board ?? []);
      const branchBoard = engagement?.branch ? boardFor(recipient.language, engagement.branch.board, engagement.branch.name) : undefined;
      const board = branchBoard
        ? {
            html: programBoard.html + branchBoard.html,
            text: programBoard.text + branchBoard.text,
            htmlQp: programBoard.htmlQp + branchBoard.htmlQp,
            textQp: programBoard.textQp + branchBoard.textQp,
          }
        : programBoard;
      const standing = engagement ? e.yourPoints(engagement.standing.points, engagement.standing.rank, engagement.standing.of) : '';
      const pixel = links.open ? `<img src="${escapeHtml(links.open)}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;">` : '';
      const common = {
        preferences: piece(links.preferences),
        unsubscribe: piece(links.unsubscribe),
        suggest: piece(links.suggest),
        privacy: piece(links.privacy),
      };
      return {
        subject,
        html: fill(frame.html, {
          ...common,
          title: piece(escapeHtml(subject)),
          preheader: piece(escapeHtml(preheader)),
          greeting: piece(escapeHtml(greeting)),
          items: itemsHtml,
          board: wire ? board.htmlQp : board.html,
          standing: piece(escapeHtml(standing)),
          pixel: piece(pixel),
        }),
        text: fill(frame.text, {
          ...common,
          title: piece(subject),
          preheader: piece(preheader),
          greeting: piece(greeting),
          items: itemsText,
          board: wire ? board.textQp : board.text,
          standing: piece(standing ? `${standing}\n` : ''),
          pixel: piece(''),
        }),
        ...(wire ? { encoding: 'quoted-printable' as const } : {}),
      };
    },
  };
}

const ITEM_END = '</td></tr></table>';
const ITEM_END_QP = qpPiece(ITEM_END);
// The share buttons' row: inline blocks that wrap onto a second line on a narrow screen.
const ROW_START = '<div class="share-row" style="margin:0 0 4px;">';
const ROW_START_QP = qpPiece(ROW_START);
const ROW_END = '</div>';
const ROW_END_QP = qpPiece(ROW_END);
const NEWLINE_QP = qpPiece('\n');

function compileItem(raw: DigestItem, language: string, sampleTracked: string): CompiledItem {
  const t = stringsFor(language);
  // Stored text is clean already; the digest goes to thousands, so it is made sure of once per item here.
  const item = {
    ...raw,
    title: safeText(raw.title),
    summary: raw.summary === null ? null : safeText(raw.summary),
    sourceName: safeText(raw.sourceName),
  };
  const image = item.imageUrl
    ? `<img src="${escapeHtml(item.imageUrl)}" width="552" alt="" style="display:block;width:100%;max-width:552px;height:auto;border:0;border-radius:6px;margin:0 0 12px;">`
    : '';
  const html =
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="item" style="margin:0 0 28px;border-top:1px solid #e3e7ee;"><tr><td style="padding:20px 0 0;">` +
    image +
    `<div style="font-size:12px;color:#5f6b7a;margin:0 0 4px;">${escapeHtml(t.from)} ${escapeHtml(item.sourceName)}</div>` +
    `<h2 style="margin:0 0 8px;font-size:19px;line-height:1.3;"><a href="${escapeHtml(item.url)}" style="color:#1d2433;text-decoration:none;">${escapeHtml(item.title)}</a></h2>` +
    (item.summary ? `<p style="margin:0 0 14px;color:#333d4d;">${escapeHtml(item.summary)}</p>` : '');
  const text = `${item.title}\n${t.from} ${item.sourceName} · ${item.url}\n${item.summary ? `${wrapText(item.summary)}\n` : ''}\n`;

  const networks = new Map<Network, CompiledNetwork>();
  for (const network of Object.keys(item.captions.networks) as Network[]) {
    // A caption that happens to contain "{{r}}" must stay text, not become a slot.
    const caption = safeText(item.captions.networks[network], { multiline: true }).replace(/\{\{(?=[rs]\}\})/g, '{\u200b{');
    const name = NETWORK_NAMES[network];
    // The caption with a slot where the advocate's tracked link goes (or the item's own, if that one would not fit).
    const tracked = personalCaption(network, caption, item.url, sampleTracked) !== caption || !caption.includes(item.url);
    const withSlot = tracked ? personalCaption(network, caption, item.url, '\u0000') : caption;
    const [htmlCaption, textCaption] = [escapeHtml(withSlot).split('\u0000').join('{{r}}'), withSlot.split('\u0000').join('{{r}}')];
    networks.set(network, {
      // user-select:all: one tap or click selects the whole caption, ready to copy (clients that ignore it select as usual).
      captionHtml: compileTemplate(
        `<div style="font-size:12px;font-weight:600;color:#5f6b7a;text-transform:uppercase;letter-spacing:.04em;">${escapeHtml(t.captionFor(name))}</div>` +
          `<div class="caption" style="margin:6px 0 10px;padding:12px;background:#f3f4f7;border:1px dashed #c5ccd8;border-radius:6px;white-space:pre-wrap;font-size:14px;line-height:1.45;overflow-wrap:anywhere;word-break:break-word;-webkit-user-select:all;user-select:all;">${htmlCaption}</div>`,
        CAPTION_SLOTS,
      ),
      captionText: compileTemplate(`${t.captionFor(name)}:\n${textCaption}\n\n`, CAPTION_SLOTS),
      buttonHtml: compileTemplate(
        `<a class="btn" href="{{s}}" style="display:inline-block;padding:8px 12px;margin:0 6px 6px 0;background:${BUTTON_COLOURS[network]};color:#ffffff;text-decoration:none;border-radius:6px;font-size:13px;line-height:1.3;font-weight:600;">${escapeHtml(t.shareOn(name))}</a>`,
        BUTTON_SLOTS,
      ),
      buttonText: compileTemplate(`${t.shareOn(name)}: {{s}}\n`, BUTTON_SLOTS),
    });
  }
  return { html, text, htmlQp: qpPiece(html), textQp: qpPiece(text), networks };
}

function compileFrame(language: string, programName: string) {
  const t = stringsFor(language);
  const e = engagementStringsFor(language);
  const program = escapeHtml(programName);
  const html = `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<title>{{title}}</title>
<style>
  body { margin:0; padding:0; }
  img { -ms-interpolation-mode:bicubic; }
  @media (max-width: 620px) {
    .container { width:100% !important; border-radius:0 !important; border-left:0 !important; border-right:0 !important; }
    .outer { padding:0 !important; }
    .pad { padding:18px 16px !important; }
    .btn { padding:12px 12px !important; font-size:14px !important; }
  }
</style>
</head>
<body style="margin:0;padding:0;background:#f3f4f7;">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">{{preheader}}&#8199;&#847;&#8199;&#847;&#8199;&#847;&#8199;&#847;</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f7;">
<tr><td align="center" class="outer" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" class="container" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e3e7ee;border-radius:8px;">
<tr><td class="pad" style="padding:24px;font-family:${FONT};font-size:15px;line-height:1.5;color:#1d2433;">
<div style="font-size:13px;font-weight:600;color:#5f6b7a;margin:0 0 12px;">${program}</div>
<p style="margin:0 0 8px;font-size:17px;font-weight:600;">{{greeting}}</p>
<p style="margin:0 0 20px;">${escapeHtml(t.intro(programName))}</p>
{{items}}
<div class="standing" style="margin:8px 0 0;padding:14px 16px;background:#f6f8fb;border-radius:6px;">{{board}}<div style="font-size:13px;color:#1d2433;">{{standing}}</div>
<div style="font-size:13px;margin:6px 0 0;"><a href="{{suggest}}" style="color:#0a66c2;">${escapeHtml(e.suggest)}</a></div></div>{{pixel}}
</td></tr>
</table>
<p style="font-family:${FONT};font-size:12px;line-height:1.6;color:#5f6b7a;max-width:600px;margin:16px auto 0;padding:0 12px;">${escapeHtml(t.why(programName))}<br>
<a href="{{preferences}}" style="color:#5f6b7a;">${escapeHtml(t.preferences)}</a> · <a href="{{privacy}}" style="color:#5f6b7a;">${escapeHtml(t.privacy)}</a> · <a href="{{unsubscribe}}" style="color:#5f6b7a;">${escapeHtml(t.unsubscribe)}</a></p>
</td></tr>
</table>
</body>
</html>`;
  const text = `{{greeting}}\n\n${wrapText(t.intro(programName))}\n\n{{items}}{{board}}{{standing}}${e.suggest}: {{suggest}}{{pixel}}\n--\n${wrapText(t.why(programName))}\n${t.preferences}: {{preferences}}\n${t.privacy}: {{privacy}}\n${t.unsubscribe}: {{unsubscribe}}\n`;
  return { html: compileTemplate(html, FRAME_SLOTS), text: compileTemplate(text, FRAME_SLOTS) };
}
