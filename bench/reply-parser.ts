/**
 * bench/reply-parser: how long kaiku takes to read the decision in a large reply, as the inbound path does it
 * (mailparser with inbound's options, then newTextOf and parseReplyCommand), for text and HTML-only replies from
 * 62.5 kB to 1 MB, one of them a single 700,000-character line. Each size is run five times; the median is shown,
 * and the ratio to the half size (linear is about 2×, quadratic 4×).
 *
 *   npm run bench:replies
 */
import { simpleParser } from 'mailparser';
import { newTextOf, parseReplyCommand } from '../integrations/email/reply-parser.js';

const SIZES = [62_500, 125_000, 250_000, 500_000, 1_000_000];

function mime(body: string, html: boolean): Buffer {
  return Buffer.from(
    [
      'From: Ada Admin <ada@testcity.example>',
      'To: approvals+token@kaiku.example',
      'Subject: Re: Approve? A long one',
      'Message-ID: <bench@testcity.example>',
      'MIME-Version: 1.0',
      `Content-Type: ${html ? 'text/html' : 'text/plain'}; charset=utf-8`,
      'Content-Transfer-Encoding: 8bit',
      '',
      body,
    ].join('\r\n'),
  );
}

// A reply whose writer pasted a long text: one line of 70% of the size, then the quoted approval mail.
function textReply(size: number): string {
  const line = 'lorem ipsum, dolor: sit 12:30 on wrote '.repeat(Math.ceil((size * 0.7) / 39)).slice(0, Math.round(size * 0.7));
  return `approve\r\n${line}\r\n\r\nOn Mon, 23 Nov 2026 at 10:00, kaiku <approvals@kaiku.example> wrote:\r\n${'> quoted line of the approval mail\r\n'.repeat(Math.ceil((size * 0.3) / 36))}`;
}

function htmlReply(size: number): string {
  const line = 'lorem ipsum, dolor: sit 12:30 on wrote '.repeat(Math.ceil((size * 0.7) / 39)).slice(0, Math.round(size * 0.7));
  return `<html><body><div>approve<br>${line}</div><div class="gmail_quote">On Mon, 23 Nov 2026 at 10:00, kaiku wrote:<blockquote>${'<p>quoted paragraph of the approval mail</p>'.repeat(Math.ceil((size * 0.3) / 43))}</blockquote></div></body></html>`;
}

async function readOnce(raw: Buffer): Promise<number> {
  const started = performance.now();
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true, maxHtmlLengthToParse: 2_000_000 });
  const command = parseReplyCommand(newTextOf({ text: mail.text, html: mail.html }));
  if (command.action !== 'approve') throw new Error(`the bench reply read as ${command.action}`);
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log('reply size   text/plain (ms)   ×half   HTML only (ms)   ×half');
let previous: [number, number] | undefined;
for (const size of SIZES) {
  const text = mime(textReply(size), false);
  const html = mime(htmlReply(size), true);
  const times: [number, number] = [0, 0];
  for (const [i, raw] of [text, html].entries()) {
    const runs: number[] = [];
    for (let run = 0; run < 5; run++) runs.push(await readOnce(raw));
    times[i] = median(runs);
  }
  const ratio = (i: 0 | 1) => (previous ? `${(times[i] / previous[i]).toFixed(2)}×` : '');
  console.log(
    `${`${(size / 1000).toFixed(1)} kB`.padEnd(12)} ${times[0].toFixed(1).padStart(16)}   ${ratio(0).padStart(5)}   ${times[1].toFixed(1).padStart(14)}   ${ratio(1).padStart(5)}`,
  );
  previous = times;
}
