import { html } from 'hono/html';
import { safeText } from '../text/safe-text.js';

// The frame of kaiku's emails: one centred 600px table with inline styles only, which Gmail, Outlook
// (Word engine) and Apple Mail all render the same; a hidden preheader for the inbox preview line.

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  /** Set when `html` and `text` are already encoded for the wire (the digest renders them so). */
  encoding?: 'quoted-printable';
}

export function emailLayout(options: { title: string; preheader: string; body: unknown; footer: string }): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="x-apple-disable-message-reformatting" />
        <title>${options.title}</title>
      </head>
      <body style="margin:0;padding:0;background:#f3f4f7;">
        <div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${options.preheader}</div>
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f7;">
          <tr>
            <td align="center" style="padding:24px 12px;">
              <table
                role="presentation"
                width="600"
                cellpadding="0"
                cellspacing="0"
                border="0"
                style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e3e7ee;border-radius:8px;"
              >
                <tr>
                  <td style="padding:24px;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1d2433;">${options.body}</td>
                </tr>
              </table>
              <p style="font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:12px;color:#5f6b7a;max-width:600px;">${options.footer}</p>
            </td>
          </tr>
        </table>
      </body>
    </html>`.toString();
}

/**
 * The mail as it goes out, without bidirectional or control characters in its subject, HTML or text,
 * whatever a field let in (stored text is clean already: this is the second line of defence).
 */
export function safeMail(mail: RenderedMail): RenderedMail {
  return { ...mail, subject: safeText(mail.subject), html: safeText(mail.html, { multiline: true }), text: safeText(mail.text, { multiline: true }) };
}

/** A button that is a plain link: Outlook shows it as a coloured box, every client as a link. */
export function button(label: string, href: string, colour: string) {
  return html`<a
    href="${href}"
    style="display:inline-block;padding:10px 18px;margin:0 8px 8px 0;background:${colour};color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600;"
    >${label}</a
  >`;
}

/** Wraps plain text at 76 columns, as mail clients expect of text/plain. */
export function wrapText(text: string, width = 76): string {
  return text
    .split('\n')
    .map((line) => {
      // Links stay whole on their line, or clients cannot open them.
      if (line.length <= width || /https?:\/\//.test(line) || /^\s/.test(line)) return line;
      const words = line.split(' ');
      const out: string[] = [];
      let current = '';
      for (const word of words) {
        if (current && current.length + word.length + 1 > width) {
          out.push(current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      if (current) out.push(current);
      return out.join('\n');
    })
    .join('\n');
}
