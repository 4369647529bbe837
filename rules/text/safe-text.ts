// Text kaiku did not write (feed titles, page summaries, roster names, captions and reasons from replies)
// is shown in pages, mails and Slack. Bidirectional controls in it can make a reader see other text than
// is there (Trojan Source: "\u202Eexe.txt" shows as "txt.exe"), and control characters can hide or break it.
// Pure, with no imports: the approval workflow uses it too.

// Embeddings, overrides and isolates (and their terminators) reorder everything up to their end: always removed.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
// LRM, RLM, ALM only steer neutral characters; right-to-left writing needs them, left-to-right text never does.
const BIDI_MARKS = /[\u200E\u200F\u061C]/g;
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;
// C0 and C1 controls, DEL, the byte-order mark; line and paragraph separators are line breaks in disguise.
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFEFF]/g;

export interface SafeTextOptions {
  /** Keep line breaks and tabs (captions, summaries, reasons); otherwise they become spaces. */
  multiline?: boolean;
}

/**
 * `text` with bidirectional controls and control characters taken out, so that what a reader sees is
 * what is there. Line breaks (also CR, NEL, U+2028/9) become `\n` when `multiline`, else spaces; marks
 * (LRM, RLM, ALM) stay only in text that has right-to-left letters, where they are writing, not a trick.
 *
 * @example
 * safeText('Invoice \u202Efdp.exe');                 // 'Invoice fdp.exe'
 * safeText('line one\r\nline\u0000 two', { multiline: true }); // 'line one\nline two'
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  let out = text.replace(BIDI_CONTROLS, '').replace(LINE_BREAKS, '\n').replace(CONTROLS, '');
  const unmarked = out.replace(BIDI_MARKS, '');
  if (!RIGHT_TO_LEFT.test(unmarked)) out = unmarked; // (ALM is itself an Arabic-script character)
  return options.multiline ? out : out.replace(/[\t\n]/g, ' ');
}
